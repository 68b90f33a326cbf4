import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { registerRedriveSource } from './event-source-mapping';
import * as perms from './perms';
import { SecureQueueProps } from './secure-queue-props';
import { rulesOfControl } from '../compliance/catalog';
import { recordCreationSite } from '../compliance/creation-site';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { validateGrantActions } from '../core/grant-actions';
import { createHealthAlarm, healthMetric, HealthCondition } from '../core/health-alarm';
import { acknowledgeException, applyOptOut, conflictWithOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { grantKeyThroughService, scopedToAccount } from '../core/service-key-grants';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, skipUnresolved, validateIntegerInRange, validateName } from '../core/validate';

const DEFAULT_VISIBILITY_TIMEOUT = Duration.minutes(3);
const DEFAULT_RETENTION = Duration.days(4);
const DEFAULT_DEAD_LETTER_RETENTION = Duration.days(14);
const DEFAULT_MAX_RECEIVE_COUNT = 3;
const DEFAULT_OLDEST_MESSAGE_AGE = Duration.minutes(15);
/** SQS's limits (CreateQueue attributes). */
const MIN_RETENTION = Duration.seconds(60);
const MAX_RETENTION = Duration.days(14);
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
const MAX_RECEIVE_COUNT = 1000;
const ALARM_PERIOD = Duration.minutes(5);
/** What SQS accepts as a queue name; the `.fifo` suffix of a FIFO queue counts towards the 80 characters. */
const QUEUE_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
  characters: "letters, digits, '-' and '_' (a FIFO queue's name ends in '.fifo')",
  minLength: 1,
  maxLength: 80,
};
/** The suffix of a dead-letter queue's name, which must leave room in 80 characters. */
const DEAD_LETTER_SUFFIX = '-dlq';
/** The actions `grant` accepts: SQS actions, named exactly. */

/** What a SecureQueue tells the dead-letter queue it builds for itself (a SecureQueue without one). */
interface DeadLetterQueueOf {
  /** The queue (or subscription) whose dead-letter queue is being built, which alarms on its depth. */
  readonly source: IConstruct;
  /** The source queue's name, when it is a literal: the dead-letter queue then accepts only that queue. */
  readonly sourceName?: string;
  /** Rules besides the redrive rules that the dead-letter queue's role is the reason for. */
  readonly alsoAcknowledge?: readonly string[];
}

/** Set while a SecureQueue builds its own dead-letter queue. */
let buildingDeadLetterQueueOf: DeadLetterQueueOf | undefined;

/**
 * Creates a dead-letter queue for `source` (an SNS subscription, for one): a SecureQueue with `props` but without
 * a dead-letter queue or an alarm of its own (the source alarms on its depth), whose missing redrive is
 * acknowledged with the reason.
 * @internal
 */
export function createDeadLetterQueue(
  scope: Construct,
  id: string,
  source: IConstruct,
  props: SecureQueueProps,
  alsoAcknowledge: readonly string[] = [],
): SecureQueue {
  buildingDeadLetterQueueOf = { source, alsoAcknowledge };
  try {
    return new SecureQueue(scope, id, props);
  } finally {
    buildingDeadLetterQueueOf = undefined;
  }
}

/**
 * An SQS queue encrypted with a customer-managed KMS key, that accepts only TLS requests, moves messages that
 * fail `maxReceiveCount` times to a dead-letter queue of its own (encrypted with the same key, TLS only), and
 * alarms when a message reaches the dead-letter queue or the oldest message gets too old. It is a real
 * `sqs.IQueue`: event sources, subscriptions, targets and metrics of aws-cdk-lib work unchanged, and its grants
 * give the key permissions SQS needs and no more, only through SQS.
 *
 * @example
 * declare const worker: lambda.IFunction;
 * const orders = new SecureQueue(this, 'Orders');
 * worker.addEventSource(new lambdaEventSources.SqsEventSource(orders, { reportBatchItemFailures: true }));
 */
export class SecureQueue extends sqs.QueueBase {
  /** The underlying aws-cdk-lib queue. */
  public readonly queue: sqs.Queue;
  public readonly queueArn: string;
  public readonly queueUrl: string;
  public readonly queueName: string;
  /** The customer-managed key that encrypts the queue (and its dead-letter queue). */
  public readonly encryptionKey: kms.IKey;
  /**
   * The key as aws-cdk-lib's integrations see it (`SqsSubscription`, event sources): always set, optional only
   * because `IQueue` declares it so. See `snsScopedKey`.
   */
  public readonly encryptionMasterKey?: kms.IKey;
  /** Always `KMS`; optional only because `IQueue` declares it so. */
  public readonly encryptionType?: sqs.QueueEncryption;
  private readonly scopedKey: kms.IKey;
  public readonly fifo: boolean;
  /**
   * The queue that receives messages that failed `maxReceiveCount` times: a SecureQueue itself, with the same
   * key, without a dead-letter queue of its own.
   *
   * @default - undefined when `optOuts.deadLetterQueue` is set, and for a dead-letter queue
   */
  public readonly deadLetterQueue?: SecureQueue;
  /**
   * The queue's alarm (one, on any message in the dead-letter queue and on the age of the oldest message), in
   * a list; empty for a dead-letter queue, whose depth its queue's alarm watches.
   */
  public readonly alarms: cloudwatch.Alarm[];
  protected readonly autoCreatePolicy = false;

  constructor(scope: Construct, id: string, props: SecureQueueProps = {}) {
    super(scope, id, { physicalName: props.queueName });
    recordCreationSite(this);
    const deadLetterQueueOf = buildingDeadLetterQueueOf;
    buildingDeadLetterQueueOf = undefined;

    this.fifo = this.resolveFifo(props);
    validateName(this, 'queueName', props.queueName, QUEUE_NAME);
    this.validateFifoName(props.queueName);
    const visibilityTimeout = this.resolveDuration(
      'visibilityTimeout',
      props.visibilityTimeout,
      DEFAULT_VISIBILITY_TIMEOUT,
      Duration.seconds(0),
      MAX_VISIBILITY_TIMEOUT,
    );
    const retentionPeriod = this.resolveDuration(
      'retentionPeriod',
      props.retentionPeriod,
      DEFAULT_RETENTION,
      MIN_RETENTION,
      MAX_RETENTION,
    );
    const withDeadLetterQueue = deadLetterQueueOf === undefined && !this.resolveDeadLetterOptOut(props);
    const oldestMessageAge = this.resolveOldestMessageAge(props, retentionPeriod);
    const key = props.encryptionKey ?? StackDefaults.of(this).messagingKey;
    this.encryptionKey = key;
    this.scopedKey = snsScopedKey(key, this);
    this.encryptionMasterKey = this.scopedKey;
    this.encryptionType = sqs.QueueEncryption.KMS;

    if (withDeadLetterQueue) {
      this.validateDeadLetterName(props.queueName);
      this.deadLetterQueue = this.createDeadLetterQueue(props);
    }
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      fifo: this.fifo || undefined,
      contentBasedDeduplication: props.contentBasedDeduplication,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod,
      deadLetterQueue: this.deadLetterQueue && {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
      },
      redriveAllowPolicy: deadLetterQueueOf && this.redriveAllowPolicy(deadLetterQueueOf),
    });
    this.queueArn = this.queue.queueArn;
    this.queueUrl = this.queue.queueUrl;
    this.queueName = this.queue.queueName;

    if (deadLetterQueueOf) {
      // A dead-letter queue is where redrive ends: giving it a dead-letter queue of its own would only move the
      // question one queue further. Its queue's alarm fires on its first message.
      const source = deadLetterQueueOf.source.node.path;
      acknowledgeException(
        this.queue,
        [...rulesOfControl('SQSRedrivePolicy'), ...(deadLetterQueueOf.alsoAcknowledge ?? [])],
        `This queue is the dead-letter queue of ${source}: it holds the messages that failed there, and a dead-letter queue of its own would only move them one queue further. The alarm of ${source} fires on its first message.`,
      );
      this.alarms = [];
    } else {
      this.alarms = this.createAlarms(oldestMessageAge, props.alarmTopic ?? StackDefaults.of(this).alarmTopic);
    }
    if (this.deadLetterQueue) {
      registerRedriveSource(this);
    }
  }

  /**
   * Adds a statement to the queue's policy (the TLS-only policy the queue was created with).
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.queue.addToResourcePolicy(statement);
  }

  /**
   * Lets `grantee` send messages (`sqs:SendMessage`, `sqs:GetQueueAttributes`, `sqs:GetQueueUrl`), and use the
   * queue's key for that: `kms:GenerateDataKey` and `kms:Decrypt`, only through SQS.
   */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    return this.grantWithKey(grantee, perms.SEND_ACTIONS, perms.KEY_PRODUCER_ACTIONS);
  }

  /**
   * Lets `grantee` receive, delete and change the visibility of messages, and decrypt them with the queue's key
   * (`kms:Decrypt`, only through SQS).
   */
  public grantConsumeMessages(grantee: iam.IGrantable): iam.Grant {
    return this.grantWithKey(grantee, perms.CONSUME_ACTIONS, perms.KEY_CONSUMER_ACTIONS);
  }

  /**
   * Lets `grantee` purge the queue. Purging needs no key permission.
   */
  public grantPurge(grantee: iam.IGrantable): iam.Grant {
    return this.grantWithKey(grantee, perms.PURGE_ACTIONS, []);
  }

  /**
   * Lets `grantee` perform `actions` on the queue, with the key permissions they need through SQS: a producer's
   * for `sqs:SendMessage`, a consumer's for `sqs:ReceiveMessage`, none for the rest.
   *
   * @param grantee the principal
   * @param actions the SQS actions, for example `sqs:SendMessage`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    validateGrantActions(this, actions, {
      service: 'SQS',
      prefix: 'sqs',
      example: 'sqs:SendMessage',
      grantMethods: ['grantSendMessages', 'grantConsumeMessages', 'grantPurge'],
      resources: 'this queue',
    });
    const sends = actions.some((a) => perms.SENDING_ACTIONS.includes(a));
    const receives = actions.some((a) => perms.RECEIVING_ACTIONS.includes(a));
    const keyActions = [
      ...new Set([...(sends ? perms.KEY_PRODUCER_ACTIONS : []), ...(receives ? perms.KEY_CONSUMER_ACTIONS : [])]),
    ].sort();
    return this.grantWithKey(grantee, actions, keyActions);
  }

  /**
   * Grants on the queue's key. aws-cdk-lib's `grants` (`queue.grants.sendMessages(...)`) ask for
   * `kms:Decrypt, kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey*`; this gives what SQS needs of them instead:
   * the producer's key permissions when they include encryption, the consumer's otherwise.
   */
  public grantOnKey(grantee: iam.IGrantable, ...actions: string[]): iam.GrantOnKeyResult {
    const produces = actions.some((a) => /^kms:(Encrypt|GenerateDataKey|ReEncrypt)/i.test(a));
    const consumes = actions.some((a) => /^kms:Decrypt$/i.test(a));
    const keyActions = produces ? perms.KEY_PRODUCER_ACTIONS : consumes ? perms.KEY_CONSUMER_ACTIONS : [];
    return { grant: keyActions.length > 0 ? this.grantKey(grantee, keyActions) : undefined };
  }

  private grantWithKey(grantable: iam.IGrantable, queueActions: string[], keyActions: string[]): iam.Grant {
    const grantee = scopedToAccount(grantable, this);
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: queueActions,
      resourceArns: [this.queueArn],
      resource: this,
    });
    return keyActions.length > 0 ? grant.combine(this.grantKey(grantee, keyActions)) : grant;
  }

  /**
   * The key permissions: for a role, through SQS only (`kms:ViaService`); for an AWS service that sends to the
   * queue (EventBridge, SNS), in the key's policy, with the conditions the service principal carries.
   */
  private grantKey(grantable: iam.IGrantable, actions: string[]): iam.Grant {
    return grantKeyThroughService(scopedToAccount(grantable, this), this.scopedKey, actions, 'sqs', this);
  }

  private createDeadLetterQueue(props: SecureQueueProps): SecureQueue {
    const name = props.queueName;
    const base = name && !Token.isUnresolved(name) ? name.replace(/\.fifo$/, '') : undefined;
    buildingDeadLetterQueueOf = { source: this, sourceName: name && !Token.isUnresolved(name) ? name : undefined };
    try {
      return new SecureQueue(this, 'DeadLetterQueue', {
        queueName: base && `${base}${DEAD_LETTER_SUFFIX}${this.fifo ? '.fifo' : ''}`,
        fifo: this.fifo,
        encryptionKey: props.encryptionKey ?? StackDefaults.of(this).messagingKey,
        visibilityTimeout: props.visibilityTimeout,
        retentionPeriod: props.deadLetterRetentionPeriod ?? DEFAULT_DEAD_LETTER_RETENTION,
      });
    } finally {
      buildingDeadLetterQueueOf = undefined;
    }
  }

  /**
   * Which queues may use this dead-letter queue (AWS Control Tower CT.SQS.PR.1 reads it to tell a dead-letter
   * queue from a queue without one): exactly its source queue when that queue's name is known at synth. A
   * generated name is known only after the source queue exists, and the source queue's ARN would make the two
   * queues depend on each other; then every queue of the account and region may, as without a policy.
   */
  private redriveAllowPolicy(of: DeadLetterQueueOf): sqs.RedriveAllowPolicy {
    if (of.sourceName === undefined) {
      return { redrivePermission: sqs.RedrivePermission.ALLOW_ALL };
    }
    const sourceArn = Stack.of(this).formatArn({
      service: 'sqs',
      resource: of.sourceName,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    return {
      redrivePermission: sqs.RedrivePermission.BY_QUEUE,
      sourceQueues: [sqs.Queue.fromQueueArn(this, 'SourceQueue', sourceArn)],
    };
  }

  /**
   * One alarm, not two: any message in the dead-letter queue, or an oldest message at least
   * `oldestMessageAge` old, within five minutes.
   */
  private createAlarms(oldestMessageAge: Duration, topic: sns.ITopic): cloudwatch.Alarm[] {
    const ageSeconds = oldestMessageAge.toSeconds();
    const conditions: HealthCondition[] = [
      {
        id: 'age',
        metric: this.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
        atLeast: ageSeconds,
      },
    ];
    if (this.deadLetterQueue) {
      conditions.push({
        id: 'dlq',
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: 'Maximum',
        }),
        atLeast: 1,
      });
    }
    const health = healthMetric(
      conditions,
      ALARM_PERIOD,
      this.deadLetterQueue
        ? `(oldest message >= ${ageSeconds} s) + (dead-letter messages >= 1)`
        : `oldest message >= ${ageSeconds} s`,
    );
    // Deployed text: the same in every language (not propRef), so that every language's app deploys one template.
    const description = this.deadLetterQueue
      ? `${this.node.path}: a message failed maxReceiveCount times and is in the dead-letter queue, or the oldest message is at least ${ageSeconds} seconds old (consumers are failing or not keeping up)`
      : `${this.node.path}: the oldest message is at least ${ageSeconds} seconds old (consumers are failing or not keeping up)`;
    return [createHealthAlarm(this, health, description, topic)];
  }

  private resolveFifo(props: SecureQueueProps): boolean {
    const name = props.queueName;
    const fifo = props.fifo ?? (name !== undefined && !Token.isUnresolved(name) && name.endsWith('.fifo'));
    if (props.contentBasedDeduplication !== undefined && !fifo) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'contentBasedDeduplication',
        problem: 'content-based deduplication exists only for FIFO queues',
        fix: `set ${propRef('fifo: true')}, or remove ${propRef('contentBasedDeduplication')}`,
      });
    }
    return fifo;
  }

  /** A FIFO queue's name ends in `.fifo`, a standard queue's does not; the dead-letter suffix must fit. */
  private validateFifoName(name: string | undefined): void {
    if (name === undefined || Token.isUnresolved(name)) {
      return;
    }
    if (this.fifo !== name.endsWith('.fifo')) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'queueName',
        problem: this.fifo
          ? `'${name}' does not end in '.fifo', which SQS requires of a FIFO queue's name`
          : `'${name}' ends in '.fifo', which SQS reserves for FIFO queues`,
        fix: this.fifo
          ? `end ${propRef('queueName')} in '.fifo'`
          : `set ${propRef('fifo: true')}, or remove '.fifo' from ${propRef('queueName')}`,
      });
    }
  }

  /** The dead-letter queue is named `<name>-dlq`, which must fit in SQS's 80 characters too. */
  private validateDeadLetterName(name: string | undefined): void {
    if (name === undefined || Token.isUnresolved(name)) {
      return;
    }
    const max = QUEUE_NAME.maxLength - DEAD_LETTER_SUFFIX.length;
    if (name.length > max) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'queueName',
        problem: `'${name}' has ${name.length} characters, and the dead-letter queue's name adds '${DEAD_LETTER_SUFFIX}' to it, over SQS's limit of ${QUEUE_NAME.maxLength}`,
        fix: `shorten ${propRef('queueName')} to at most ${max} characters, or leave it out`,
      });
    }
  }

  /**
   * A duration prop in `[min, max]`, in whole seconds (SQS's unit); an unresolved token is passed on with a
   * warning.
   */
  private resolveDuration(
    prop: string,
    value: Duration | undefined,
    fallback: Duration,
    min: Duration,
    max: Duration,
  ): Duration {
    const resolved = value ?? fallback;
    const range = `${min.toHumanString()} to ${max.toHumanString()}`;
    if (resolved.isUnresolved()) {
      skipUnresolved(this, prop, resolved.toSeconds({ integral: false }), `a duration of whole seconds from ${range}`);
      return resolved;
    }
    const millis = resolved.toMilliseconds();
    if (millis < min.toMilliseconds() || millis > max.toMilliseconds() || millis % 1000 !== 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `${resolved.toHumanString()} is not a whole number of seconds from ${range}, the range SQS accepts`,
        fix: `set ${propRef(prop)} to whole seconds from ${range}, or leave it out for ${fallback.toHumanString()}`,
      });
    }
    return resolved;
  }

  private resolveDeadLetterOptOut(props: SecureQueueProps): boolean {
    const optedOut = applyOptOut(
      this,
      'optOuts.deadLetterQueue',
      props.optOuts?.deadLetterQueue,
      CONTROL_RULES.queueDeadLetterQueue,
    );
    if (optedOut) {
      for (const prop of ['maxReceiveCount', 'deadLetterRetentionPeriod'] as const) {
        if (props[prop] !== undefined) {
          throw conflictWithOptOut(this, prop, `${propRef(prop)} is`, 'optOuts.deadLetterQueue');
        }
      }
      return true;
    }
    validateIntegerInRange(this, 'maxReceiveCount', props.maxReceiveCount, 1, MAX_RECEIVE_COUNT);
    this.resolveDuration(
      'deadLetterRetentionPeriod',
      props.deadLetterRetentionPeriod,
      DEFAULT_DEAD_LETTER_RETENTION,
      MIN_RETENTION,
      MAX_RETENTION,
    );
    return false;
  }

  private resolveOldestMessageAge(props: SecureQueueProps, retentionPeriod: Duration): Duration {
    const age = props.oldestMessageAgeThreshold ?? DEFAULT_OLDEST_MESSAGE_AGE;
    if (age.isUnresolved()) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: 'oldestMessageAgeThreshold',
        problem: "the value is an unresolved token, but the alarm's threshold is computed at synth",
        fix: `give ${propRef('oldestMessageAgeThreshold')} a literal Duration, for example ${propRef('Duration.minutes(15)')}`,
      });
    }
    const max = retentionPeriod.isUnresolved() ? MAX_RETENTION : retentionPeriod;
    const millis = age.toMilliseconds();
    if (millis < Duration.minutes(1).toMilliseconds() || millis >= max.toMilliseconds() || millis % 1000 !== 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'oldestMessageAgeThreshold',
        problem: `${age.toHumanString()} is not whole seconds from 1 minute to below the retention period (${max.toHumanString()}): a message that old would already be deleted`,
        fix: `set ${propRef('oldestMessageAgeThreshold')} from ${propRef('Duration.minutes(1)')} to below ${propRef('retentionPeriod')}`,
      });
    }
    return age;
  }
}

/** SNS's service principal. */
const SNS_PRINCIPAL = 'sns.amazonaws.com';

/**
 * The queue's key as aws-cdk-lib's `SqsSubscription` sees it (`queue.encryptionMasterKey`): the key itself, except
 * that a key-policy statement for SNS is scoped to the topics of this account and region (`aws:SourceAccount`,
 * `aws:SourceArn` ARN pattern). aws-cdk-lib writes it either without a condition (confused-deputy exposure) or,
 * under the recommended flag `@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption`, with the topic's ARN, which
 * makes a key that also encrypts the topic (the stack's messaging key) and the topic depend on each other: a
 * circular dependency that CloudFormation refuses.
 */
function snsScopedKey(key: kms.IKey, scope: Construct): kms.IKey {
  return new Proxy(key, {
    get(target, prop) {
      if (prop === 'addToResourcePolicy') {
        return (statement: iam.PolicyStatement, allowNoOp?: boolean) =>
          target.addToResourcePolicy(scopedToSnsOfAccount(statement, scope), allowNoOp);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `statement` when it is not SNS's alone; else the same actions for SNS, for topics of this account and region. */
function scopedToSnsOfAccount(statement: iam.PolicyStatement, scope: Construct): iam.PolicyStatement {
  const principals = statement.principals;
  const snsOnly =
    principals.length === 1 && principals[0] instanceof iam.ServicePrincipal && principals[0].service === SNS_PRINCIPAL;
  if (statement.effect !== iam.Effect.ALLOW || !snsOnly || statement.notActions.length > 0) {
    return statement;
  }
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(SNS_PRINCIPAL)],
    actions: statement.actions,
    resources: statement.resources,
    conditions: sourceConditions(
      scope,
      stack.formatArn({ service: 'sns', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
    ),
  });
}
