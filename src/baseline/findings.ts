import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FindingSeverity } from './security-baseline-props';
import { SecureRule } from '../events/secure-rule';

/** The lowest GuardDuty severity of each level ("Severity levels of GuardDuty findings", GuardDuty User Guide). */
const GUARDDUTY_SEVERITY: Record<FindingSeverity, number> = {
  [FindingSeverity.LOW]: 1,
  [FindingSeverity.MEDIUM]: 4,
  [FindingSeverity.HIGH]: 7,
  [FindingSeverity.CRITICAL]: 9,
};
/** Security Hub's severity labels (ASFF `Severity.Label`), lowest first; INFORMATIONAL is never routed. */
const SECURITY_HUB_LABELS = [
  FindingSeverity.LOW,
  FindingSeverity.MEDIUM,
  FindingSeverity.HIGH,
  FindingSeverity.CRITICAL,
];

/** The event pattern of GuardDuty findings of `minimum` severity and above. @internal */
export function guardDutyFindings(minimum: FindingSeverity): events.EventPattern {
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { severity: [{ numeric: ['>=', GUARDDUTY_SEVERITY[minimum]] }] },
  };
}

/**
 * The event pattern of new, active Security Hub findings of `minimum` severity and above. With `withoutGuardDuty`,
 * the findings Security Hub imports from GuardDuty (ASFF `ProductName` `GuardDuty`) are left out: the GuardDuty
 * rule already routes them, and each would arrive twice.
 * @internal
 */
export function securityHubFindings(minimum: FindingSeverity, withoutGuardDuty: boolean): events.EventPattern {
  return {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: SECURITY_HUB_LABELS.slice(SECURITY_HUB_LABELS.indexOf(minimum)) },
        Workflow: { Status: ['NEW'] },
        RecordState: ['ACTIVE'],
        ...(withoutGuardDuty ? { ProductName: [{ 'anything-but': ['GuardDuty'] }] } : {}),
      },
    },
  };
}

/**
 * A SecureRule on the account's default bus that sends the events of `pattern` to `topic`: what EventBridge
 * cannot deliver goes to the rule's encrypted dead-letter queue, whose alarm notifies `alarmTopic`. The topic's
 * policy and key admit EventBridge for this rule only (`aws:SourceArn`, `aws:SourceAccount`).
 * @internal
 */
export function createFindingsRule(
  scope: Construct,
  id: string,
  description: string,
  pattern: events.EventPattern,
  topic: sns.ITopic,
  alarmTopic: sns.ITopic | undefined,
): SecureRule {
  return new SecureRule(scope, id, {
    description,
    eventPattern: pattern,
    targets: [new targets.SnsTopic(topic)],
    alarmTopic,
  });
}
