import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from './errors';
import { propRef } from './prop-names';
import { recordDecision, validateDecisionFields } from '../compliance/decisions';
import { DecisionOrigin } from '../compliance/vocabulary';

/**
 * An explicit, auditable decision to turn off one security control.
 *
 * Every opt-out becomes a decision that accepts the compliance rules the control satisfies, recorded on the
 * construct with its reason, ticket, approver and expiry, and listed in the compliance gate's report.
 *
 * @example
 * const optOut: OptOut = { reason: 'Scratch table for the load test; rebuilt from fixtures', ticket: 'SEC-142' };
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

  /**
   * The last day the opt-out holds, `YYYY-MM-DD`. From the next day on (UTC), the compliance gate fails and says
   * that the decision expired, so that it is reviewed.
   *
   * @default - the opt-out does not expire
   */
  readonly expires?: string;
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
  recordDecision(scope, {
    ruleIds,
    reason: optOut.reason,
    ticket: optOut.ticket,
    approvedBy: optOut.approvedBy,
    expires: optOut.expires,
    origin: DecisionOrigin.OPT_OUT,
    optOut: prop,
  });
  return true;
}

/**
 * Checks an opt-out without recording it: the reason must be a non-blank literal string, and the ticket,
 * approver and expiry, when given, non-blank literal strings (they are written into the compliance report), the
 * expiry a date `YYYY-MM-DD`.
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
  validateDecisionFields(scope, prop, optOut);
}

/**
 * Acknowledges rules that our own construct cannot satisfy by a sound choice, with the reason.
 * @internal
 */
export function acknowledgeException(scope: IConstruct, ruleIds: readonly string[], reason: string): void {
  recordDecision(scope, { ruleIds, reason, origin: DecisionOrigin.LIBRARY });
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
    problem: `${what} given together with ${propRef(optOutProp)}, which turns that control off`,
    fix: `remove ${propRef(optOutProp)} to keep the control with ${propRef(prop)}, or remove ${propRef(prop)}`,
  });
}

/**
 * The error for an opt-out given where the control it turns off stays on: it would record an exception that
 * does not exist.
 *
 * @param optOutProp the opt-out's prop path, for example `optOuts.mfa`
 * @param state why the control is still on, for example `mfa is REQUIRED (the default)`
 * @param weaken what to set to actually weaken the control, for example `mfa: Mfa.OPTIONAL`
 * @internal
 */
export function unusedOptOut(scope: IConstruct, optOutProp: string, state: string, weaken: string): SecureConfigError {
  return new SecureConfigError(scope, {
    code: SecureErrorCode.CONFLICTING_PROPS,
    prop: optOutProp,
    problem: `the opt-out is given, but ${state}, so it would record an exception that does not exist`,
    fix: `remove ${propRef(optOutProp)}, or set ${propRef(weaken)} if the control is really to be weakened`,
  });
}
