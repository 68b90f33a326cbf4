import { Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from './errors';

/**
 * An explicit, auditable decision to turn off one security control.
 *
 * Every opt-out becomes an acknowledgment of the compliance rules the control satisfies, recorded on the
 * construct with the reason (and ticket and approver when given), and listed in the compliance gate's report.
 *
 * @example
 * { reason: 'Scratch table for the load test; rebuilt from fixtures', ticket: 'SEC-142' }
 */
export interface OptOut {
  /**
   * Why the control is not needed here, in words a security reviewer would accept.
   */
  readonly reason: string;

  /**
   * The ticket, risk-register entry or pull request that records the decision.
   *
   * @default - none
   */
  readonly ticket?: string;

  /**
   * Who approved the decision.
   *
   * @default - none
   */
  readonly approvedBy?: string;
}

/**
 * The text recorded for an opt-out: the reason followed by the ticket and approver when they are given.
 * @internal
 */
export function describeOptOut(optOut: OptOut): string {
  const extras = [
    optOut.ticket ? `ticket: ${optOut.ticket}` : undefined,
    optOut.approvedBy ? `approved by: ${optOut.approvedBy}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return extras.length > 0 ? `${optOut.reason.trim()} (${extras.join('; ')})` : optOut.reason.trim();
}

/**
 * Validates an opt-out and records it: each rule the control satisfies is acknowledged on `scope` with the
 * opt-out's reason, so the compliance gate stops reporting it and its report lists the decision instead.
 *
 * @param scope the construct that owns the weakened resource
 * @param prop the prop path of the opt-out, for error messages (for example `optOuts.backup`)
 * @param optOut the user's opt-out, or undefined when the control stays on
 * @param ruleIds the compliance rule ids the control satisfies
 * @returns true when the control is opted out
 * @internal
 */
export function applyOptOut(
  scope: IConstruct,
  prop: string,
  optOut: OptOut | undefined,
  ruleIds: readonly string[],
): boolean {
  if (optOut === undefined) {
    return false;
  }
  validateOptOut(scope, prop, optOut);
  const text = `Opt-out (${prop}): ${describeOptOut(optOut)}`;
  Validations.of(scope).acknowledge(...ruleIds.map((id) => ({ id, reason: text })));
  return true;
}

/**
 * Checks an opt-out without recording it: the reason must be a non-blank literal string, and the ticket and
 * approver, when given, must be non-blank literal strings too (they are written into the compliance report).
 *
 * @param scope the construct that owns the weakened resource
 * @param prop the prop path of the opt-out, for error messages (for example `optOuts.backup`)
 * @param optOut the user's opt-out, or undefined when the control stays on
 * @internal
 */
export function validateOptOut(scope: IConstruct, prop: string, optOut: OptOut | undefined): void {
  if (optOut === undefined) {
    return;
  }
  const reason = (optOut as Partial<OptOut> | null)?.reason;
  if (typeof reason !== 'string' || (!Token.isUnresolved(reason) && reason.trim().length === 0)) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.OPT_OUT_WITHOUT_REASON,
      prop: `${prop}.reason`,
      problem: 'an opt-out needs a non-blank reason',
      fix: `give ${prop} a reason a security reviewer would accept, for example { reason: 'Ephemeral test data, no PII' }, or remove ${prop} to keep the control`,
    });
  }
  for (const [field, value] of [
    ['reason', reason],
    ['ticket', optOut.ticket],
    ['approvedBy', optOut.approvedBy],
  ] as const) {
    if (value === undefined) {
      continue;
    }
    if (Token.isUnresolved(value)) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: `${prop}.${field}`,
        problem: `the ${field} is an unresolved token, so it cannot be written into the compliance report`,
        fix: `write the ${field} as a literal string`,
      });
    }
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop: `${prop}.${field}`,
        problem: `the ${field} is empty or only whitespace, so the compliance report would record nothing for it`,
        fix: `give ${prop}.${field} a non-blank value, or leave ${field} out`,
      });
    }
  }
}

/**
 * Acknowledges rules that our own construct cannot satisfy by a sound choice, with the reason.
 * @internal
 */
export function acknowledgeException(scope: IConstruct, ruleIds: readonly string[], reason: string): void {
  Validations.of(scope).acknowledge(...ruleIds.map((id) => ({ id, reason })));
}

/**
 * The error for a prop that configures a control together with the opt-out that turns the control off.
 *
 * @param scope the construct
 * @param prop the prop that configures the control, for example `encryptionKey`
 * @param what what the prop gives, for the message, for example `a key is`
 * @param optOutProp the opt-out's prop path, for example `optOuts.customerManagedKey`
 * @internal
 */
export function conflictWithOptOut(
  scope: IConstruct,
  prop: string,
  what: string,
  optOutProp: string,
): SecureConfigError {
  return new SecureConfigError(scope, {
    code: SecureErrorCode.CONFLICTING_PROPS,
    prop,
    problem: `${what} given together with ${optOutProp}, which turns that control off`,
    fix: `remove ${optOutProp} to keep the control with ${prop}, or remove ${prop}`,
  });
}
