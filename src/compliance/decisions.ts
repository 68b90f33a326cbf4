import { Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { controlOf, CONTROLS, rulesOfControl } from './catalog';
import { Decision, DecisionOrigin } from './vocabulary';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';

/**
 * One decision to accept the findings of a rule, or of a control in every pack that checks it.
 *
 * @example
 * const decision: ComplianceDecisionOptions = {
 *   control: 'S3BucketReplicationEnabled',
 *   reason: 'Single-region data by contract',
 *   ticket: 'SEC-88',
 *   expires: '2027-06-30',
 * };
 */
export interface ComplianceDecisionOptions {
  /**
   * The rule id to accept, as the gate reports it: `AwsSolutions-IAM5[Resource::*]` for one finding of a granular
   * rule, `AwsSolutions-IAM5` for all of them. Give either `ruleId` or `control`.
   *
   * @default - none: give `control`
   */
  readonly ruleId?: string;

  /**
   * The control to accept in every pack that checks it, by its id in RULES.md ("Controls"): cdk-nag's rule name,
   * for example `S3BucketReplicationEnabled` (AwsSolutions-S?, HIPAA, NIST and PCI at once) or
   * `IAMNoInlinePolicy`. Give either `ruleId` or `control`.
   *
   * @default - none: give `ruleId`
   */
  readonly control?: string;

  /** Why the finding is accepted, in words a security reviewer would accept. */
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
   * The last day the decision holds, `YYYY-MM-DD`. From the next day on (UTC), the compliance gate fails and
   * says that the decision expired, so that it is reviewed.
   *
   * @default - the decision does not expire
   */
  readonly expires?: string;
}

/**
 * Decisions to accept compliance findings, recorded on a construct: they cover it and everything under it, and
 * the compliance gate's report lists each with its reason, ticket, approver and expiry.
 *
 * @example
 * declare const stack: Stack;
 * ComplianceDecisions.of(stack).acknowledge({
 *   control: 'LambdaInsideVPC',
 *   reason: 'Public webhook receiver with no private dependency',
 *   ticket: 'SEC-142',
 *   approvedBy: 'security@example.com',
 *   expires: '2027-03-31',
 * });
 */
export class ComplianceDecisions {
  /** The decisions of `scope`. */
  public static of(scope: IConstruct): ComplianceDecisions {
    return new ComplianceDecisions(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of one rule, or of one control in every pack, on this construct and everything under it.
   * Fails at once when the rule or control is missing, the control is unknown, or a field is blank or malformed.
   */
  public acknowledge(decision: ComplianceDecisionOptions): void {
    const prop = 'decision';
    validateDecisionFields(this.scope, prop, decision, 'a decision');
    const { ruleId, control } = decision;
    if ((ruleId === undefined) === (control === undefined)) {
      throw new SecureConfigError(this.scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop: ruleId === undefined ? `${prop}.ruleId` : `${prop}.control`,
        problem: 'a decision is for one rule or for one control, and this one names both or neither',
        fix: `give either ${propRef('ruleId')} (for example 'AwsSolutions-IAM5[Resource::*]') or ${propRef('control')} (for example 'LambdaInsideVPC')`,
      });
    }
    let ruleIds: readonly string[];
    if (control !== undefined) {
      ruleIds = rulesOfControl(control);
      if (ruleIds.length === 0) {
        throw new SecureConfigError(this.scope, {
          code: SecureErrorCode.INVALID_PROP,
          prop: `${prop}.control`,
          problem: `"${control}" is not a control of the catalog${suggestion(control)}`,
          fix: `use a control id from RULES.md ("Controls"), or give the rule id as ${propRef('ruleId')}`,
        });
      }
    } else {
      if (Token.isUnresolved(ruleId) || ruleId!.trim() === '') {
        throw new SecureConfigError(this.scope, {
          code: SecureErrorCode.INVALID_PROP,
          prop: `${prop}.ruleId`,
          problem: 'the rule id is blank or an unresolved token',
          fix: "give the rule id as the report prints it, for example 'AwsSolutions-IAM5[Resource::*]'",
        });
      }
      ruleIds = [ruleId!.trim()];
    }
    recordDecision(this.scope, {
      ruleIds,
      ...(control !== undefined ? { control } : {}),
      reason: decision.reason,
      ticket: decision.ticket,
      approvedBy: decision.approvedBy,
      expires: decision.expires,
      origin: DecisionOrigin.TEAM,
    });
  }
}

/**
 * The metadata type of a decision recorded on a construct, beside aws-cdk-lib's acknowledgments of its rules.
 * @internal
 */
export const DECISION_METADATA = 'cdk-secure-serverless:decision';

/**
 * A decision as its construct's metadata records it: the decision without its location (the construct it is
 * recorded on) and without `appliesTo` (only templates of cdk-nag v2 carry one).
 * @internal
 */
export type RecordedDecision = Omit<Decision, 'location' | 'appliesTo'>;

/**
 * Records a decision on `scope`: aws-cdk-lib's acknowledgment of each rule (so cdk-nag, aws-cdk-lib's report
 * and any other validation plugin honour it), with the reason and fields as one text, and the decision itself
 * as data for the compliance gate's report.
 * @internal
 */
export function recordDecision(scope: IConstruct, decision: RecordedDecision): void {
  const data: RecordedDecision = {
    ruleIds: [...decision.ruleIds],
    ...(decision.control !== undefined ? { control: decision.control } : {}),
    reason: decision.reason.trim(),
    ...(decision.ticket !== undefined ? { ticket: decision.ticket.trim() } : {}),
    ...(decision.approvedBy !== undefined ? { approvedBy: decision.approvedBy.trim() } : {}),
    ...(decision.expires !== undefined ? { expires: decision.expires.trim() } : {}),
    origin: decision.origin,
    ...(decision.optOut !== undefined ? { optOut: decision.optOut } : {}),
  };
  const text = describeDecision(data);
  Validations.of(scope).acknowledge(...data.ruleIds.map((id) => ({ id, reason: text })));
  scope.node.addMetadata(DECISION_METADATA, data);
}

/**
 * The text aws-cdk-lib's report shows for a decision: `Opt-out (<prop>): ` for opt-outs, the reason, then the
 * ticket, approver and expiry when given.
 * @internal
 */
export function describeDecision(decision: RecordedDecision): string {
  const extras = [
    decision.ticket ? `ticket: ${decision.ticket}` : undefined,
    decision.approvedBy ? `approved by: ${decision.approvedBy}` : undefined,
    decision.expires ? `expires: ${decision.expires}` : undefined,
  ].filter((x): x is string => x !== undefined);
  const prefix = decision.optOut ? `Opt-out (${decision.optOut}): ` : '';
  return `${prefix}${decision.reason}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;
}

/**
 * The fields of a decision a user writes (reason, ticket, approver, expiry).
 * @internal
 */
export interface DecisionFields {
  readonly reason: string;
  readonly ticket?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
}

/**
 * Checks the fields of a decision or an opt-out: the reason must be a non-blank literal string; the ticket,
 * approver and expiry, when given, non-blank literal strings; the expiry a real date `YYYY-MM-DD`.
 *
 * @param prop the prop path, for error messages (for example `optOuts.backup`)
 * @param kind what the fields belong to, for error messages
 * @internal
 */
export function validateDecisionFields(
  scope: IConstruct,
  prop: string,
  fields: DecisionFields,
  kind: string = 'an opt-out',
): void {
  const reason = (fields as Partial<DecisionFields> | null)?.reason;
  if (typeof reason !== 'string' || (!Token.isUnresolved(reason) && reason.trim().length === 0)) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.OPT_OUT_WITHOUT_REASON,
      prop: `${prop}.reason`,
      problem: `${kind} needs a non-blank reason`,
      fix: `give ${propRef(prop)} a reason a security reviewer would accept, for example ${propRef("{ reason: 'Ephemeral test data, no PII' }")}, or remove ${propRef(prop)} to keep the control`,
    });
  }
  for (const field of ['reason', 'ticket', 'approvedBy', 'expires'] as const) {
    const value = fields[field];
    if (value === undefined) {
      continue;
    }
    if (Token.isUnresolved(value)) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: `${prop}.${field}`,
        problem: `the ${propRef(field)} is an unresolved token, so it cannot be written into the compliance report`,
        fix: `write the ${propRef(field)} as a literal string`,
      });
    }
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop: `${prop}.${field}`,
        problem: `the ${propRef(field)} is empty or only whitespace, so the compliance report would record nothing for it`,
        fix: `give ${propRef(`${prop}.${field}`)} a non-blank value, or leave ${propRef(field)} out`,
      });
    }
  }
  if (fields.expires !== undefined && !isCalendarDate(fields.expires.trim())) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop: `${prop}.expires`,
      problem: `"${fields.expires}" is not a date of the form YYYY-MM-DD`,
      fix: "write the last day the decision holds as YYYY-MM-DD, for example '2027-03-31'",
    });
  }
}

/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD`.
 * @internal
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    return false;
  }
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** ` (closest: "X")` for the known controls closest to `control`, when one is close. */
function suggestion(control: string): string {
  const wanted = control.toLowerCase();
  const close = CONTROLS.filter((c) => c.toLowerCase().includes(wanted) || wanted.includes(c.toLowerCase()));
  const pick = close.length > 0 ? close.slice(0, 3) : controlOf(control) ? [controlOf(control)!] : [];
  return pick.length > 0 ? ` (closest: ${pick.map((c) => `"${c}"`).join(', ')})` : '';
}
