import { Annotations, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from './errors';
import { propLabel, propRef } from './prop-names';

/**
 * The id of the warning a construct adds when a check is skipped because the prop is an unresolved token,
 * followed by `:<prop>`, so that each can be acknowledged on its own with
 * `Annotations.of(construct).acknowledgeWarning('cdk-secure-serverless:unresolvedToken:<prop>')`.
 * @internal
 */
export const UNRESOLVED_TOKEN_WARNING = 'cdk-secure-serverless:unresolvedToken';

/**
 * The one way this library handles a token where a check needs a literal but the value may legitimately come
 * from a token (a `CfnParameter`, `Lazy`, `Aws.REGION`, an attribute of another resource): the check is
 * skipped and a warning naming the prop is added to `scope`. CloudFormation or the service checks the value
 * at deploy time.
 *
 * @param expectation what the value must be, for example `an integer from 1 to 40000`
 * @returns true when `value` is an unresolved token (and the warning was added)
 * @internal
 */
export function skipUnresolved(scope: IConstruct, prop: string, value: unknown, expectation: string): boolean {
  if (!Token.isUnresolved(value)) {
    return false;
  }
  Annotations.of(scope).addWarningV2(
    `${UNRESOLVED_TOKEN_WARNING}:${prop}`,
    `${scope.node.path}: prop ${propLabel(prop)} is an unresolved token, so synth cannot check that it is ${expectation}. Fix: make sure it resolves to ${expectation} (CloudFormation checks it at deploy time), or pass a literal value to have it checked at synth`,
  );
  return true;
}

/**
 * Refuses an unresolved token where the construct needs the literal value at synth.
 *
 * @param why why the literal is needed, for example `the VPC creates its subnets at synth, one per AZ`
 * @param fix what to do instead
 * @internal
 */
export function requireLiteral(scope: IConstruct, prop: string, value: unknown, why: string, fix?: string): void {
  if (Token.isUnresolved(value)) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.UNRESOLVED_TOKEN,
      prop,
      problem: `the value is an unresolved token, but ${why}`,
      fix: fix ?? `give ${propRef(prop)} a literal value`,
    });
  }
}

/**
 * Checks that a number is an integer in `[min, max]`. An unresolved token is not checked: see
 * {@link skipUnresolved}.
 * @internal
 */
export function validateIntegerInRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  fix?: string,
): void {
  if (value === undefined || skipUnresolved(scope, prop, value, `an integer from ${min} to ${max}`)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: `${value} is not an integer from ${min} to ${max}`,
      fix: fix ?? `set ${propRef(prop)} to an integer from ${min} to ${max}`,
    });
  }
}

/**
 * Checks that `low <= high`. When either is an unresolved token, the order is not checked and `highProp`
 * gets a warning: see {@link skipUnresolved}.
 * @internal
 */
export function validateOrdered(scope: IConstruct, lowProp: string, low: number, highProp: string, high: number): void {
  if (Token.isUnresolved(low) || Token.isUnresolved(high)) {
    skipUnresolved(scope, highProp, Token.isUnresolved(high) ? high : low, `at least ${propRef(lowProp)}`);
    return;
  }
  if (low > high) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: highProp,
      problem: `${propRef(highProp)} (${high}) is below ${propRef(lowProp)} (${low})`,
      fix: `set ${propRef(highProp)} to at least ${propRef(lowProp)}`,
    });
  }
}

/**
 * Checks that a string prop, when given, is not empty or blank. An unresolved token is not checked: see
 * {@link skipUnresolved}.
 * @internal
 */
export function validateNonBlank(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || skipUnresolved(scope, prop, value, 'a non-blank string')) {
    return;
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: 'the value is empty or only whitespace',
      fix: `give ${propRef(prop)} a non-empty value, or leave it out to use the default`,
    });
  }
}

/**
 * The shape of a name that a service accepts.
 * @internal
 */
export interface NameRule {
  /** The characters the service accepts, as a pattern for the whole name. */
  readonly pattern: RegExp;
  /** The accepted characters, in words, for messages: `letters, digits, '_', '-' and '.'`. */
  readonly characters: string;
  /** The shortest name. */
  readonly minLength: number;
  /** The longest name. */
  readonly maxLength: number;
}

/**
 * Checks that a name, when given, is not blank and has the length and characters the service accepts. An
 * unresolved token is not checked: see {@link skipUnresolved}.
 * @internal
 */
export function validateName(scope: IConstruct, prop: string, value: string | undefined, rule: NameRule): void {
  const expectation = `${rule.minLength} to ${rule.maxLength} characters of ${rule.characters}`;
  if (value === undefined || skipUnresolved(scope, prop, value, expectation)) {
    return;
  }
  validateNonBlank(scope, prop, value);
  if (value.length < rule.minLength || value.length > rule.maxLength || !rule.pattern.test(value)) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: `'${value}' is not ${expectation}`,
      fix: `give ${propRef(prop)} a name of ${expectation}`,
    });
  }
}

/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = new Set(Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number'));

/**
 * Refuses `RetentionDays.INFINITE`: a log group without retention fails HIPAA/NIST/PCI
 * CloudWatchLogGroupRetentionPeriod and keeps personal data forever (GDPR Art. 5(1)(e)). Also refuses a
 * number that is not a `RetentionDays` value, which CloudWatch Logs would reject at deploy time.
 * @internal
 */
export function validateLogRetention(scope: IConstruct, prop: string, retention: number | undefined): void {
  if (retention === undefined || skipUnresolved(scope, prop, retention, 'a RetentionDays value')) {
    return;
  }
  // RetentionDays.INFINITE is 9999.
  if (retention === 9999) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: 'INFINITE retention keeps logs, and any personal data in them, forever',
      fix: `set ${propRef(prop)} to a finite period such as RetentionDays.ONE_YEAR (the default)`,
    });
  }
  if (!RETENTION_DAYS.has(retention)) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: `${retention} days is not a retention period CloudWatch Logs offers`,
      fix: `use a RetentionDays value such as RetentionDays.ONE_YEAR (the default)`,
    });
  }
}
