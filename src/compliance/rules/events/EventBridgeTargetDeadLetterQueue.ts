import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { asArray, isObject, isSet } from '../template-values';

/**
 * Every target of an EventBridge rule sends the events it could not deliver to a dead-letter queue.
 * @internal
 */
export const EventBridgeTargetDeadLetterQueue: RuleDefinition = {
  name: 'EventBridgeTargetDeadLetterQueue',
  title: 'EventBridge rule targets send undeliverable events to a dead-letter queue',
  explanation:
    'EventBridge retries a target that fails (a throttled or failing function, a missing permission, a disabled ' +
    'key) until its retry policy ends, and then drops the event without a trace. A dead-letter queue ' +
    '(Targets[].DeadLetterConfig.Arn) keeps each undeliverable event with the error EventBridge saw, to be ' +
    'alarmed on, inspected and redriven. cdk-nag checks this on the construct tree; this rule reads the ' +
    'template, so targets changed by escape hatches are checked too.',
  problem: 'A target of the rule has no DeadLetterConfig.Arn: events EventBridge fails to deliver to it are dropped',
  fix:
    'Use SecureRule, which gives every Lambda, SQS and SNS target a dead-letter queue and a retry policy (leave ' +
    '`optOuts.deadLetterQueue` unset); on a target of your own pass `deadLetterQueue` to the aws-cdk-lib target ' +
    '(AWS::Events::Rule Targets[].DeadLetterConfig.Arn), and alarm on the queue.',
  control: 'EventBusDLQ',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-10'],
    nist: ['SI-11'],
  },
  guard: {
    resourceTypes: ['AWS::Events::Rule'],
    scope: 'resource',
    // No targets (absent, null or an empty list) is compliant; a lone target object counts as a list of one.
    clauses: `
      when %properties.Targets exists
           %properties.Targets !is_null
           %properties.Targets !is_list or %properties.Targets !empty {
        %properties.Targets[*] {
          DeadLetterConfig is_struct <<MESSAGE>>
          DeadLetterConfig.Arn exists <<MESSAGE>>
          DeadLetterConfig.Arn !is_null <<MESSAGE>>
          DeadLetterConfig.Arn !is_string or DeadLetterConfig.Arn != '' <<MESSAGE>>
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Events::Rule') {
      return 'not-applicable';
    }
    const targets = asArray(resource.properties.Targets);
    return targets.every((t) => isObject(t) && isObject(t.DeadLetterConfig) && isSet(t.DeadLetterConfig.Arn))
      ? 'compliant'
      : 'non-compliant';
  },
};
