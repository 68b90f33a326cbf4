import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from './errors';

/**
 * Checks that a number is an integer in `[min, max]`. Unresolved tokens are skipped: their value is only
 * known at deploy time, and CloudFormation validates it then.
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
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: `${value} is not an integer from ${min} to ${max}`,
      fix: fix ?? `set ${prop} to an integer from ${min} to ${max}`,
    });
  }
}

/**
 * Checks that `low <= high` when both are literal numbers.
 * @internal
 */
export function validateOrdered(scope: IConstruct, lowProp: string, low: number, highProp: string, high: number): void {
  if (Token.isUnresolved(low) || Token.isUnresolved(high)) {
    return;
  }
  if (low > high) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: highProp,
      problem: `${highProp} (${high}) is below ${lowProp} (${low})`,
      fix: `set ${highProp} to at least ${lowProp}`,
    });
  }
}

/**
 * Checks that a string prop, when given, is not empty or blank.
 * @internal
 */
export function validateNonBlank(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (value.trim().length === 0) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: 'the value is empty',
      fix: `give ${prop} a non-empty value, or leave it out to use the default`,
    });
  }
}

/**
 * Refuses `RetentionDays.INFINITE`: a log group without retention fails HIPAA/NIST/PCI
 * CloudWatchLogGroupRetentionPeriod and keeps personal data forever (GDPR Art. 5(1)(e)).
 * @internal
 */
export function validateLogRetention(scope: IConstruct, prop: string, retention: number | undefined): void {
  // RetentionDays.INFINITE is 9999.
  if (retention === 9999) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: 'INFINITE retention keeps logs, and any personal data in them, forever',
      fix: `set ${prop} to a finite period such as RetentionDays.ONE_YEAR (the default)`,
    });
  }
}
