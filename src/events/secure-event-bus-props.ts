import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Props of {@link SecureEventBus}.
 */
export interface SecureEventBusProps {
  /**
   * The bus's name: 1 to 256 letters, digits, `.`, `-`, `_` and `/`; not `default`. Rules on the bus, and the
   * policies that name it, use it.
   *
   * @default - a name unique in the stack, generated from the construct's path
   */
  readonly eventBusName?: string;

  /**
   * The bus's description, at most 512 characters.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The customer-managed KMS key that encrypts the bus's custom and partner events, its rules' event patterns and
   * its targets' input. aws-cdk-lib adds the statement that lets EventBridge use it for this bus only to a key
   * of this app; an imported key's policy must say the same.
   *
   * @default - the stack's shared messaging key (`StackDefaults.of(this).messagingKey`)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The queue EventBridge sends the events to that it cannot encrypt or decrypt with the bus's key (a key that
   * was disabled, or whose policy changed). Its policy and its key's policy must let EventBridge send for this
   * bus.
   *
   * @default - a SecureQueue, encrypted with the stack's messaging key, that EventBridge may send to for this bus,
   * with an alarm on its first message
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * The topic the alarm on the bus's own dead-letter queue notifies.
   *
   * @default - the stack's alarm topic (`StackDefaults.of(this).alarmTopic`)
   */
  readonly alarmTopic?: sns.ITopic;
}
