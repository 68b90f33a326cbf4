import { DecisionMatcher } from './decision-matcher';
import { PACK_NAME } from './rules/rule';
import { CompliancePack, Decision, Finding, Severity } from './vocabulary';

/**
 * The gate's own checks of decisions, by name after `SecureServerless-`, with what each requires.
 * @internal
 */
export const GATE_CHECKS = {
  AcknowledgmentReason: 'Every decision to accept a finding has a reason',
  DecisionExpired: 'No decision is past its last day (expires)',
  UnusedAcknowledgment: 'Every decision accepts a finding (with failOnUnusedAcknowledgments)',
} as const;

/**
 * What the gate says about one decision, beside the decision itself.
 * @internal
 */
export interface DecisionStatus {
  /** It accepts no finding, although its rules were checked where it applies. */
  readonly unused: boolean;
  /** Its last day is before the day the gate judged it on. */
  readonly expired: boolean;
}

/**
 * The gate's checks of the decisions themselves, as findings of our pack at the construct each is recorded on:
 * every decision needs a reason; a decision past its expiry fails; with `failOnUnused`, so does one that
 * accepts nothing.
 * @internal
 */
export function decisionFindings(
  decisions: readonly Decision[],
  status: (decision: Decision) => DecisionStatus,
  failOnUnused: boolean,
): Finding[] {
  const findings: Finding[] = [];
  for (const decision of decisions) {
    const what = decisionName(decision);
    const where = decision.location.constructPath || 'the app';
    if (decision.reason.trim() === '') {
      findings.push(
        gateFinding('AcknowledgmentReason', decision, {
          problem: `The decision to accept ${what} on ${where} has no reason, so the report cannot say why the finding is accepted`,
          fix: 'Give it a reason a reviewer would accept (Validations.of(construct).acknowledge({ id, reason }) or ComplianceDecisions.of(construct).acknowledge({ ruleId, reason })), or remove it',
        }),
      );
    }
    const { unused, expired } = status(decision);
    if (expired) {
      findings.push(
        gateFinding('DecisionExpired', decision, {
          problem: `The decision to accept ${what} on ${where} expired on ${decision.expires} (reason: ${decision.reason}${decision.ticket ? `; ticket: ${decision.ticket}` : ''})`,
          fix: 'Review the decision: fix the finding and remove the decision, or renew it with a later expires date and a new approval',
        }),
      );
    }
    if (unused && failOnUnused) {
      findings.push(
        gateFinding('UnusedAcknowledgment', decision, {
          problem: `The decision to accept ${what} on ${where} matches no finding, so it accepts nothing today and would silently accept a future finding`,
          fix: 'Correct the id to the finding it is meant for (as the report prints it, with its [...] part), or remove the decision',
        }),
      );
    }
  }
  return findings;
}

/**
 * How each decision stands after a run: unused (see `DecisionMatcher.isUnused`; judged only for the packs that
 * ran), expired (its last day before `today`).
 * @internal
 */
export function decisionStatus(
  matcher: DecisionMatcher,
  ran: ReadonlySet<string>,
  isKnownRule: (ruleId: string) => boolean,
  today: string,
): (decision: Decision) => DecisionStatus {
  const judged = (ruleId: string) => ran.has(packOf(ruleId));
  const cache = new Map<Decision, DecisionStatus>();
  return (decision) => {
    let status = cache.get(decision);
    if (!status) {
      status = {
        unused: matcher.isUnused(decision, judged, isKnownRule),
        expired: decision.expires !== undefined && decision.expires < today,
      };
      cache.set(decision, status);
    }
    return status;
  };
}

/**
 * The pack a rule id belongs to: the part before the first `-` (`AwsSolutions-IAM5` → `AwsSolutions`).
 * @internal
 */
export function packOf(ruleId: string): string {
  const dash = ruleId.indexOf('-');
  return dash === -1 ? ruleId : ruleId.slice(0, dash);
}

/**
 * What a decision accepts, for messages: its control, or its rule id.
 * @internal
 */
export function decisionName(decision: Decision): string {
  return decision.control !== undefined ? `control ${decision.control}` : decision.ruleIds.join(', ');
}

function gateFinding(
  check: keyof typeof GATE_CHECKS,
  decision: Decision,
  text: { problem: string; fix: string },
): Finding {
  return {
    ruleId: `${PACK_NAME}-${check}[${decision.control ?? decision.ruleIds.join(',')}]`,
    pack: CompliancePack.SECURE_SERVERLESS,
    severity: Severity.ERROR,
    ...text,
    location: decision.location,
  };
}
