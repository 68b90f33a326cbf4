import { IConstruct } from 'constructs';
import { propLabel } from './prop-names';

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
  /** A prop needs an optional package that is not installed (esbuild for a SecureFunction's `entry`). */
  MISSING_DEPENDENCY = 'CSS006',
}

/**
 * What a {@link SecureConfigError} says about the problem.
 * @internal
 */
export interface SecureConfigErrorDetails {
  /** The stable error code. */
  readonly code: SecureErrorCode;
  /**
   * The prop (dotted path) that is wrong, in TypeScript spelling (the canonical jsii names), for example
   * `optOuts.backup.reason`: the message renders it in the caller's.
   */
  readonly prop: string;
  /**
   * What is wrong, in one sentence, without a trailing full stop. Name props in it with `propRef` (see
   * `prop-names.ts`), built when the error is.
   */
  readonly problem: string;
  /** What the user should do instead, in one sentence, without a trailing full stop. Name props with `propRef`. */
  readonly fix: string;
}

/**
 * The one error type of this library: a bad prop fails synth with the construct path, the prop, the problem
 * and the fix, for example
 * `[CSS004] Stack/Orders: prop "removalPolicy" is DESTROY, which ... Fix: set optOuts.deletionProtection ...`.
 *
 * Props are named the way the calling language spells them, known from the `JSII_AGENT` variable its jsii
 * runtime sets (read when the error is built): TypeScript and Java `optOuts.pointInTimeRecovery`, Python
 * `opt_outs.point_in_time_recovery`, .NET and Go `OptOuts.PointInTimeRecovery`. Where that differs from the
 * TypeScript spelling, the message adds it once, for finding the prop in the API reference:
 * `prop "opt_outs.point_in_time_recovery" (TypeScript: optOuts.pointInTimeRecovery): ...`. Map keys, indices,
 * enum members and other values are not renamed. {@link prop} is always the TypeScript spelling.
 *
 * Not exported through jsii (jsii cannot expose Error subclasses); match on `name` or on the `[CSSnnn]` code.
 * @internal
 */
export class SecureConfigError extends Error {
  public readonly code: SecureErrorCode;
  public readonly constructPath: string;
  /** The prop that is wrong, in TypeScript spelling whatever the caller's language: `optOuts.backup.reason`. */
  public readonly prop: string;

  constructor(scope: IConstruct, details: SecureConfigErrorDetails) {
    super(formatSecureConfigMessage(scope, details));
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
  return `[${details.code}] ${scope.node.path}: prop ${propLabel(details.prop)}: ${details.problem}. Fix: ${details.fix}.`;
}
