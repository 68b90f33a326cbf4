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
