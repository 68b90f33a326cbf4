/**
 * A problem with what the user asked the CLI for (an unknown flag, a missing path, a file that is not a
 * template): exit code 2.
 * @internal
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.setPrototypeOf(this, UsageError.prototype);
  }
}
