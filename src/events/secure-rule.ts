import { ArnFormat, Duration, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { createEventBridgeDeadLetterQueue } from './dead-letter-queue';
import { EVENTS_PRINCIPAL } from './perms';
import { SecureEventBus, validateDescription } from './secure-event-bus';
import { SecureRuleProps } from './secure-rule-props';
import { recordCreationSite } from '../compliance/creation-site';
import { CONTROL_RULES } from '../core/controls';
import { formatSecureConfigMessage, SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, conflictWithOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { whileServiceBinds } from '../core/service-key-grants';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, skipUnresolved, validateIntegerInRange, validateName } from '../core/validate';
import { SecureQueue } from '../queue/secure-queue';

/** What EventBridge accepts as a rule name (PutRule). */
const RULE_NAME: NameRule = {
  pattern: /^[.\-_A-Za-z0-9]+$/,
  characters: "letters, digits, '.', '-' and '_'",
  minLength: 1,
  maxLength: 64,
};
/**
 * The retry policy of a target that sets none. EventBridge's defaults (185 retries, 24 hours) hide a failing
 * target for a day; these move its events to the dead-letter queue, whose alarm fires on the first one, within
 * an hour, after enough retries (with EventBridge's exponential back-off) to ride out throttling and brief outages.
 */
const DEFAULT_RETRY_ATTEMPTS = 8;
const DEFAULT_MAX_EVENT_AGE = Duration.hours(1);
/** EventBridge's limits of a target's RetryPolicy. */
const MAX_RETRY_ATTEMPTS = 185;
const MIN_EVENT_AGE = Duration.seconds(60);
const MAX_EVENT_AGE = Duration.hours(24);

/** The kinds of target that get a dead-letter queue and a retry policy by default. */
type DefaultedTarget = 'Lambda' | 'SQS' | 'SNS';

/**
 * An EventBridge rule whose Lambda, SQS and SNS targets send the events they could not be given to an encrypted
 * dead-letter queue (one per rule, with an alarm on its first message) after a bounded retry policy, unless they
 * bring their own. The rule's name is known at synth, so the policies that let EventBridge send to a target, to
 * the dead-letter queue and use their keys name exactly this rule (`aws:SourceArn`) and this account
 * (`aws:SourceAccount`). It is a real `events.IRule`.
 *
 * @example
 * declare const nightlyReport: lambda.IFunction;
 * new SecureRule(this, 'Nightly', {
 *   schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
 *   targets: [new targets.LambdaFunction(nightlyReport)], // with a dead-letter queue and a retry policy
 * });
 */
export class SecureRule extends Resource implements events.IRule {
  /** The underlying aws-cdk-lib rule. */
  public readonly rule: events.Rule;
  /** The rule's ARN. */
  public readonly ruleArn: string;
  /** The rule's name. */
  public readonly ruleName: string;
  private readonly retryAttempts: number;
  private readonly maxEventAge: Duration;
  private readonly deadLetterOptedOut: boolean;
  private readonly encryptionKey?: kms.IKey;
  private readonly alarmTopic?: sns.ITopic;
  /** The rule's ARN built from literals (or an ARN pattern when a name is a token), for key policies. */
  private readonly arnForKey: string;
  private ownDeadLetterQueue?: SecureQueue;
  /** How many Lambda, SQS and SNS targets have no dead-letter queue because of `optOuts.deadLetterQueue`. */
  private optedOutTargets = 0;
  private readonly ownAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: SecureRuleProps) {
    super(scope, id, { physicalName: props.ruleName });
    recordCreationSite(this);
    this.validateTrigger(props);
    validateName(this, 'ruleName', props.ruleName, RULE_NAME);
    validateDescription(this, 'description', props.description);
    validateIntegerInRange(this, 'retryAttempts', props.retryAttempts, 0, MAX_RETRY_ATTEMPTS);
    this.retryAttempts = props.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
    this.maxEventAge = this.resolveMaxEventAge(props.maxEventAge);
    this.deadLetterOptedOut = applyOptOut(
      this,
      'optOuts.deadLetterQueue',
      props.optOuts?.deadLetterQueue,
      CONTROL_RULES.ruleTargetDeadLetterQueue,
    );
    if (this.deadLetterOptedOut && props.encryptionKey !== undefined) {
      throw conflictWithOptOut(this, 'encryptionKey', 'a key of the dead-letter queue is', 'optOuts.deadLetterQueue');
    }
    this.encryptionKey = props.encryptionKey;
    this.alarmTopic = props.alarmTopic;

    const name = props.ruleName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    this.arnForKey = ruleArnForKey(this, name, props.eventBus);
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: name,
      description: props.description,
      enabled: props.enabled,
      schedule: props.schedule,
      eventPattern: props.eventPattern,
      eventBus: props.eventBus,
    });
    this.ruleArn = this.rule.ruleArn;
    this.ruleName = this.rule.ruleName;
    for (const target of props.targets ?? []) {
      this.addTarget(target);
    }
    this.node.addValidation({ validate: () => this.unusedOptOutErrors() });
  }

  /** A reference to the rule, as aws-cdk-lib's integrations read it. */
  public get ruleRef(): events.RuleReference {
    return this.rule.ruleRef;
  }

  /**
   * The alarm on the rule's dead-letter queue, in a list: empty until a target gets the rule's dead-letter queue.
   */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.ownAlarms];
  }

  /**
   * The rule's dead-letter queue: undefined until a target gets it.
   */
  public get deadLetterQueue(): SecureQueue | undefined {
    return this.ownDeadLetterQueue;
  }

  /**
   * Adds a target. A Lambda, SQS or SNS target without a `deadLetterQueue` gets the rule's (unless
   * `optOuts.deadLetterQueue`), and without `retryAttempts` or `maxEventAge` the rule's retry policy. What the
   * target grants EventBridge on a SecureQueue or SecureTopic (and on their keys) names this rule and account; a
   * SecureQueue given as a target's `deadLetterQueue` lets EventBridge use its key for this rule.
   *
   * @param target the target, as aws-cdk-lib builds it
   */
  public addTarget(target: events.IRuleTarget): void {
    this.rule.addTarget({ bind: (rule, id) => this.bindTarget(target, rule, id) });
  }

  private bindTarget(target: events.IRuleTarget, rule: events.IRuleRef, id?: string): events.RuleTargetConfig {
    const config = whileServiceBinds(EVENTS_PRINCIPAL, sourceConditions(this, this.arnForKey), () =>
      target.bind(rule, id),
    );
    if (defaultedTarget(config.targetResource) === undefined) {
      return config;
    }
    let deadLetterConfig = config.deadLetterConfig;
    if (deadLetterConfig?.arn !== undefined) {
      this.letEventBridgeUseKeyOf(deadLetterConfig.arn);
    } else if (this.deadLetterOptedOut) {
      this.optedOutTargets++;
    } else {
      deadLetterConfig = { arn: this.deadLetterQueueForTargets().queueArn };
    }
    const retryPolicy = config.retryPolicy ?? {
      maximumRetryAttempts: this.retryAttempts,
      maximumEventAgeInSeconds: this.maxEventAge.toSeconds(),
    };
    return { ...config, deadLetterConfig, retryPolicy };
  }

  /** The rule's own dead-letter queue, created for the first target that needs it. */
  private deadLetterQueueForTargets(): SecureQueue {
    if (!this.ownDeadLetterQueue) {
      const { queue, alarm } = createEventBridgeDeadLetterQueue(
        this,
        'DeadLetterQueue',
        { arn: this.rule.ruleArn, arnForKey: this.arnForKey },
        this.encryptionKey ?? StackDefaults.of(this).messagingKey,
        this.alarmTopic ?? StackDefaults.of(this).alarmTopic,
        `${this.node.path}: EventBridge could not deliver an event to a target of the rule and moved it to the rule's dead-letter queue`,
      );
      this.ownDeadLetterQueue = queue;
      this.ownAlarms.push(alarm);
    }
    return this.ownDeadLetterQueue;
  }

  /**
   * A target's own dead-letter queue: aws-cdk-lib adds the queue-policy statement for EventBridge, but nothing to
   * the queue's key. For a SecureQueue of this stack, lets EventBridge use its key for this rule.
   */
  private letEventBridgeUseKeyOf(queueArn: string): void {
    const queue = Stack.of(this)
      .node.findAll()
      .find((c): c is SecureQueue => c instanceof SecureQueue && c.queueArn === queueArn);
    if (queue) {
      allowEventBridgeKeyUse(queue, this.arnForKey);
    }
  }

  /** An opt-out that no target used would record an exception that does not exist. */
  private unusedOptOutErrors(): string[] {
    if (!this.deadLetterOptedOut || this.optedOutTargets > 0) {
      return [];
    }
    return [
      formatSecureConfigMessage(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'optOuts.deadLetterQueue',
        problem:
          'the opt-out is given, but no Lambda, SQS or SNS target of the rule goes without a dead-letter queue (each brings its own, or there is none), so it would record an exception that does not exist',
        fix: `remove ${propRef('optOuts.deadLetterQueue')}`,
      }),
    ];
  }

  private validateTrigger(props: SecureRuleProps): void {
    if ((props.schedule === undefined) === (props.eventPattern === undefined)) {
      const both = props.schedule !== undefined;
      throw new SecureConfigError(this, {
        code: both ? SecureErrorCode.CONFLICTING_PROPS : SecureErrorCode.INVALID_PROP,
        prop: both ? 'eventPattern' : 'schedule',
        problem: both
          ? `both ${propRef('schedule')} and ${propRef('eventPattern')} are given, but a rule has one trigger`
          : `neither ${propRef('schedule')} nor ${propRef('eventPattern')} is given, so the rule would never run`,
        fix: both
          ? `make two SecureRules, one with ${propRef('schedule')} and one with ${propRef('eventPattern')}`
          : `give ${propRef('schedule')} (for example ${propRef("events.Schedule.cron({ hour: '2', minute: '0' })")}) or ${propRef('eventPattern')}`,
      });
    }
    if (props.schedule !== undefined && props.eventBus !== undefined) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'eventBus',
        problem: `a scheduled rule runs on the account's default event bus, but ${propRef('eventBus')} is given`,
        fix: `remove ${propRef('eventBus')} from the scheduled rule, or match the bus's events with ${propRef('eventPattern')}`,
      });
    }
  }

  private resolveMaxEventAge(age: Duration | undefined): Duration {
    const expectation = 'whole seconds from 60 seconds to 24 hours';
    if (age === undefined) {
      return DEFAULT_MAX_EVENT_AGE;
    }
    if (age.isUnresolved()) {
      skipUnresolved(this, 'maxEventAge', age.toSeconds(), expectation);
      return age;
    }
    const millis = age.toMilliseconds();
    if (millis < MIN_EVENT_AGE.toMilliseconds() || millis > MAX_EVENT_AGE.toMilliseconds() || millis % 1000 !== 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'maxEventAge',
        problem: `${age.toHumanString()} is not ${expectation} (EventBridge's limits of MaximumEventAgeInSeconds)`,
        fix: `set ${propRef('maxEventAge')} from ${propRef('Duration.seconds(60)')} to ${propRef('Duration.hours(24)')}`,
      });
    }
    return age;
  }
}

/**
 * The key-policy statement that lets EventBridge, for the rule `ruleArn` (literal or pattern), use the key of `queue` to send to
 * it: what SQS needs of a producer's key.
 */
function allowEventBridgeKeyUse(queue: SecureQueue, ruleArn: string): void {
  queue.grantOnKey(
    new iam.ServicePrincipal(EVENTS_PRINCIPAL).withConditions(sourceConditions(queue, ruleArn)),
    'kms:GenerateDataKey',
  );
}

/** Which defaulted kind of target `resource` is, if any. */
function defaultedTarget(resource: IConstruct | undefined): DefaultedTarget | undefined {
  if (resource === undefined) {
    return undefined;
  }
  if ('functionArn' in resource) {
    return 'Lambda';
  }
  if ('queueArn' in resource && 'queueUrl' in resource) {
    return 'SQS';
  }
  if ('topicArn' in resource) {
    return 'SNS';
  }
  return undefined;
}

/**
 * The rule's ARN from literals: `rule/<name>` on the default bus, `rule/<bus>/<name>` on a custom one. A name that
 * is a token (or a bus whose name is) gives a pattern of the account's rules, which is still this account and
 * region.
 */
function ruleArnForKey(scope: Construct, name: string, bus: events.IEventBus | undefined): string {
  const busName =
    bus === undefined
      ? undefined
      : bus instanceof SecureEventBus
        ? bus._literalName
        : Token.isUnresolved(bus.eventBusName)
          ? '*'
          : bus.eventBusName;
  const ruleName = Token.isUnresolved(name) ? '*' : name;
  const resourceName = busName === undefined || busName === 'default' ? ruleName : `${busName}/${ruleName}`;
  return Stack.of(scope).formatArn({
    service: 'events',
    resource: 'rule',
    resourceName: resourceName.includes('*') ? '*' : resourceName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
