import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OptOut } from '../core/opt-out';

/**
 * Opt-outs of SecureRule's security controls. Each takes a reason, which the compliance gate's report lists as an
 * acknowledgment of the rules the control satisfies.
 */
export interface SecureRuleOptOuts {
  /**
   * Give the rule's targets no dead-letter queue: an event that EventBridge fails to deliver once its retry policy
   * ends is dropped without a trace. Targets that bring their own `deadLetterQueue` keep it; the retry policy
   * stays.
   *
   * @default - every Lambda, SQS and SNS target without a `deadLetterQueue` sends undeliverable events to the
   * rule's dead-letter queue
   */
  readonly deadLetterQueue?: OptOut;
}

/**
 * Props of {@link SecureRule}.
 */
export interface SecureRuleProps {
  /**
   * The rule's name: 1 to 64 letters, digits, `.`, `-` and `_`.
   *
   * @default - a name unique in the stack, generated from the construct's path (known at synth, so that the
   * policies of the rule's targets can name exactly this rule)
   */
  readonly ruleName?: string;

  /**
   * The rule's description, at most 512 characters.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Whether the rule is enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * When the rule runs its targets, for example `events.Schedule.cron({ hour: '2', minute: '0' })`. Exactly one
   * of `schedule` and `eventPattern` is required; a scheduled rule runs on the account's default bus.
   *
   * @default - none: `eventPattern` is required
   */
  readonly schedule?: events.Schedule;

  /**
   * The events the rule matches. Exactly one of `schedule` and `eventPattern` is required.
   *
   * @default - none: `schedule` is required
   */
  readonly eventPattern?: events.EventPattern;

  /**
   * The bus whose events the rule matches, for example a SecureEventBus. Not with `schedule`.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;

  /**
   * The targets, as aws-cdk-lib builds them (`new targets.LambdaFunction(fn)`, `new targets.SqsQueue(queue)`,
   * `new targets.SnsTopic(topic)`). Every Lambda, SQS and SNS target without a `deadLetterQueue` gets the rule's
   * dead-letter queue, and without `retryAttempts` and `maxEventAge` the rule's retry policy.
   *
   * @default - none; add them with `addTarget`
   */
  readonly targets?: events.IRuleTarget[];

  /**
   * How many times EventBridge retries a Lambda, SQS or SNS target that sets no retry policy of its own, 0 to
   * 185. EventBridge's own default (185 retries over 24 hours) keeps a failing target's events in flight for a
   * day before anyone sees them; with fewer retries they reach the dead-letter queue, and its alarm, sooner.
   *
   * @default 8
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps trying to deliver an event to a Lambda, SQS or SNS target that sets no retry
   * policy of its own, in whole seconds from 60 seconds to 24 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;

  /**
   * The customer-managed KMS key that encrypts the rule's dead-letter queue. Its policy must let EventBridge use it
   * for this rule: the rule adds that to a key of this app.
   *
   * @default - the stack's shared messaging key (`StackDefaults.of(this).messagingKey`)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic the alarm on the rule's dead-letter queue notifies.
   *
   * @default - the stack's alarm topic (`StackDefaults.of(this).alarmTopic`)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Explicit opt-outs of security controls, each with a reason.
   *
   * @default - every control is on
   */
  readonly optOuts?: SecureRuleOptOuts;
}
