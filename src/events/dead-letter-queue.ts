import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEAD_LETTER_SEND_ACTIONS, EVENTS_PRINCIPAL } from './perms';
import { sourceConditions } from '../core/source-conditions';
import { alarmOnFirstMessage } from '../queue/first-message-alarm';
import { createDeadLetterQueue, SecureQueue } from '../queue/secure-queue';

const RETENTION = Duration.days(14);

/**
 * The ARNs an EventBridge resource (a rule, a bus) is named by in the policies of what it sends to.
 * @internal
 */
export interface EventBridgeSource {
  /** The resource's ARN as its attribute: for resource policies, which may depend on the resource. */
  readonly arn: string;
  /**
   * The ARN, or an ARN pattern, built from literals only: for key policies, which the resource depends on
   * (through the queue or topic the key encrypts), so that they cannot depend on it.
   */
  readonly arnForKey: string;
}

/**
 * Lets EventBridge, acting for `source`, send to `queue` (a dead-letter queue): `sqs:SendMessage` in the queue's
 * policy, and what SQS needs of the queue's key in the key's policy.
 * @internal
 */
export function allowEventBridgeToSend(queue: SecureQueue, source: EventBridgeSource): void {
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(EVENTS_PRINCIPAL)],
      actions: DEAD_LETTER_SEND_ACTIONS,
      resources: [queue.queueArn],
      conditions: sourceConditions(queue, source.arn),
    }),
  );
  queue.grantOnKey(
    new iam.ServicePrincipal(EVENTS_PRINCIPAL).withConditions(sourceConditions(queue, source.arnForKey)),
    'kms:GenerateDataKey',
  );
}

/**
 * A dead-letter queue that EventBridge sends to for `source`: a SecureQueue without a dead-letter queue of its
 * own (its missing redrive is acknowledged with the reason), kept 14 days, that EventBridge may send to for this
 * source only, with an alarm on its first message.
 * @internal
 */
export function createEventBridgeDeadLetterQueue(
  scope: Construct,
  id: string,
  source: EventBridgeSource,
  encryptionKey: kms.IKey,
  alarmTopic: sns.ITopic,
  what: string,
): { readonly queue: SecureQueue; readonly alarm: cloudwatch.Alarm } {
  // AwsSolutions-SQS3 only counts queues that SQS queues or Lambda functions redrive to, not EventBridge's.
  const queue = createDeadLetterQueue(scope, id, scope, { encryptionKey, retentionPeriod: RETENTION }, [
    'AwsSolutions-SQS3',
  ]);
  allowEventBridgeToSend(queue, source);
  const alarm = alarmOnFirstMessage(queue, 'dead-lettered events', what, alarmTopic);
  return { queue, alarm };
}
