import { IConstruct } from 'constructs';

/**
 * Stable error codes of cdk-secure-serverless. A code never changes meaning once released, so users and
 * tests can match on it.
 */
export enum SecureErrorCode {
  /** A prop value is out of range, empty or malformed. */
  INVALID_PROP = 'CSS001',
  /** Two props contradict each other. */
  CONFLICTING_PROPS = 'CSS002',
  /** An opt-out is missing its reason, or the reason is blank. */
  OPT_OUT_WITHOUT_REASON = 'CSS003',
  /** A prop would weaken a security control without the matching opt-out. */
  WEAKENING_WITHOUT_OPT_OUT = 'CSS004',
  /** A prop needs a literal value but received an unresolved token. */
  UNRESOLVED_TOKEN = 'CSS005',
}

/**
 * What a {@link SecureConfigError} says about the problem.
 * @internal
 */
export interface SecureConfigErrorDetails {
  /** The stable error code. */
  readonly code: SecureErrorCode;
  /** The prop (dotted path) that is wrong, for example `optOuts.backup.reason`. */
  readonly prop: string;
  /** What is wrong, in one sentence, without a trailing full stop. */
  readonly problem: string;
  /** What the user should do instead, in one sentence, without a trailing full stop. */
  readonly fix: string;
}

/**
 * The one error type of this library: a bad prop fails synth with the construct path, the prop, the problem
 * and the fix, for example
 * `[CSS004] Stack/Orders: prop "removalPolicy" is DESTROY, which ... Fix: set optOuts.deletionProtection ...`.
 *
 * Not exported through jsii (jsii cannot expose Error subclasses); match on `name` or on the `[CSSnnn]` code.
 * @internal
 */
export class SecureConfigError extends Error {
  public readonly code: SecureErrorCode;
  public readonly constructPath: string;
  public readonly prop: string;

  constructor(scope: IConstruct, details: SecureConfigErrorDetails) {
    super(`[${details.code}] ${scope.node.path}: prop "${details.prop}": ${details.problem}. Fix: ${details.fix}.`);
    this.name = 'SecureConfigError';
    this.code = details.code;
    this.constructPath = scope.node.path;
    this.prop = details.prop;
    Object.setPrototypeOf(this, SecureConfigError.prototype);
  }
}

/**
 * The message of a {@link SecureConfigError}, for errors reported through `node.addValidation` at synth.
 * @internal
 */
export function formatSecureConfigMessage(scope: IConstruct, details: SecureConfigErrorDetails): string {
  return `[${details.code}] ${scope.node.path}: prop "${details.prop}": ${details.problem}. Fix: ${details.fix}.`;
}
