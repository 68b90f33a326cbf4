import { Severity } from '../../vocabulary';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import { asArray, isObject, isSet, referencedLogicalId, resourcesOfType } from '../template-values';

/**
 * An SQS queue has a dead-letter queue, or is one.
 * @internal
 */
export const SqsDeadLetterQueue: RuleDefinition = {
  name: 'SqsDeadLetterQueue',
  title: 'SQS queues move failed messages to a dead-letter queue, or are one',
  explanation:
    'A message that consumers fail to process, including a deliberately malformed one, is received again and ' +
    'again until its retention period ends, and is then deleted unseen. A redrive policy moves it to a ' +
    'dead-letter queue after maxReceiveCount receives, where it can be inspected and alarmed on. A queue that is ' +
    'itself the dead-letter queue of another queue, an SNS subscription, a Lambda function, an event bus or an ' +
    'EventBridge target of the template needs none.',
  problem:
    'The queue has no redrive policy, and no queue, subscription or function of the template uses it as a dead-letter queue',
  fix:
    'Use SecureQueue, which gives every queue a dead-letter queue of its own (leave `optOuts.deadLetterQueue` ' +
    'unset). On your own queue set `deadLetterQueue: { queue, maxReceiveCount }` (AWS::SQS::Queue ' +
    'RedrivePolicy.deadLetterTargetArn), and alarm on the dead-letter queue.',
  control: 'SQSQueueDLQ',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-10', 'SAS-5'],
    nist: ['SI-2', 'SI-11'],
  },
  guard: {
    unsupported:
      'Guard cannot bind a resource to its logical id, so it cannot tell which queue a redrive policy or ' +
      'dead-letter config points to by Ref or Fn::GetAtt; matching queues by value confuses identical ones, such as ' +
      'the dead-letter queues that SecureQueue creates.',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::SQS::Queue') {
      return 'not-applicable';
    }
    const redrive = resource.properties.RedrivePolicy;
    if (isObject(redrive) && isSet(redrive.deadLetterTargetArn)) {
      return 'compliant';
    }
    return isDeadLetterTarget(resource, template) ? 'compliant' : 'non-compliant';
  },
};

/**
 * True when another queue's or a subscription's redrive policy, or the dead-letter config of a function, an event
 * bus or an EventBridge rule's target, points to `queue`.
 */
function isDeadLetterTarget(queue: TemplateResource, template: TemplateContext): boolean {
  const points = (r: TemplateResource, target: unknown): boolean =>
    r.logicalId !== queue.logicalId && referencedLogicalId(target) === queue.logicalId;
  return (
    ['AWS::SQS::Queue', 'AWS::SNS::Subscription'].some((type) =>
      resourcesOfType(template, type).some((r) => points(r, r.properties.RedrivePolicy?.deadLetterTargetArn)),
    ) ||
    resourcesOfType(template, 'AWS::Lambda::Function').some((r) =>
      points(r, r.properties.DeadLetterConfig?.TargetArn),
    ) ||
    resourcesOfType(template, 'AWS::Events::EventBus').some((r) => points(r, r.properties.DeadLetterConfig?.Arn)) ||
    resourcesOfType(template, 'AWS::Events::Rule').some((r) =>
      asArray(r.properties.Targets).some(
        (t) => isObject(t) && isObject(t.DeadLetterConfig) && points(r, t.DeadLetterConfig.Arn),
      ),
    )
  );
}
