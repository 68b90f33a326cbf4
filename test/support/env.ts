/**
 * Runs `body` with the environment variable `name` set to `value` (unset for undefined), and restores the
 * variable afterwards, whatever `body` does.
 */
export function withEnv<T>(name: string, value: string | undefined, body: () => T): T {
  const previous = process.env[name];
  setEnv(name, value);
  try {
    return body();
  } finally {
    setEnv(name, previous);
  }
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}
