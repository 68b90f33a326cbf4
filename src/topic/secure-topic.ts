import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SecureTopicProps } from './secure-topic-props';
import { recordCreationSite } from '../compliance/creation-site';
import { snsDisplayName } from '../core/aws-text';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';
import { grantKeyThroughService, scopedToAccount } from '../core/service-key-grants';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, validateName } from '../core/validate';
import { alarmOnFirstMessage } from '../queue/first-message-alarm';
import { createDeadLetterQueue, SecureQueue } from '../queue/secure-queue';

/** What a publisher needs of the topic's key: SNS generates a data key per message and decrypts it. */
const KEY_PUBLISH_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];
/** What SNS accepts as a topic name; a FIFO topic's name ends in `.fifo`, which counts. */
const TOPIC_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/,
  characters: "letters, digits, '-' and '_' (a FIFO topic's name ends in '.fifo')",
  minLength: 1,
  maxLength: 256,
};
/** A service principal: `<service>.amazonaws.com`. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
/** Subscription protocols whose failed deliveries SNS can send to a dead-letter queue and that get one. */
const DEAD_LETTERED_PROTOCOLS = new Set<string>([sns.SubscriptionProtocol.LAMBDA, sns.SubscriptionProtocol.SQS]);

/**
 * An SNS topic encrypted with a customer-managed KMS key, that accepts only TLS, whose policy lets publish
 * exactly the roles granted with `grantPublish` and the services allowed with `allowServicePublish` (each for
 * this account and a source ARN), and whose Lambda and SQS subscriptions get an encrypted dead-letter queue
 * unless they bring their own. It is a real `sns.ITopic`: subscriptions, alarm actions and grants of aws-cdk-lib
 * work unchanged.
 *
 * @example
 * declare const handler: lambda.IFunction;
 * const orders = new SecureTopic(this, 'OrderEvents');
 * orders.addSubscription(new subscriptions.LambdaSubscription(handler)); // with a dead-letter queue
 * orders.grantPublish(handler);
 */
export class SecureTopic extends sns.TopicBase {
  /** The underlying aws-cdk-lib topic. */
  public readonly topic: sns.Topic;
  public readonly topicArn: string;
  public readonly topicName: string;
  /** The customer-managed key that encrypts the topic. */
  public readonly encryptionKey: kms.IKey;
  /** The same key, as `ITopic` declares it (optional there; always set here). */
  public readonly masterKey?: kms.IKey;
  /** Always false: SecureTopic creates standard topics. */
  public readonly fifo: boolean = false;
  /** Always false: SecureTopic creates standard topics. */
  public readonly contentBasedDeduplication: boolean = false;
  protected readonly autoCreatePolicy: boolean = false;
  private readonly alarmTopic?: sns.ITopic;
  private readonly subscriptionAlarms: cloudwatch.Alarm[] = [];
  private readonly allowedServices = new Set<string>();

  constructor(scope: Construct, id: string, props: SecureTopicProps = {}) {
    super(scope, id, { physicalName: props.topicName });
    recordCreationSite(this);
    validateName(this, 'topicName', props.topicName, TOPIC_NAME);
    if (props.topicName !== undefined && !Token.isUnresolved(props.topicName) && props.topicName.endsWith('.fifo')) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'topicName',
        problem: `'${props.topicName}' ends in '.fifo', but SecureTopic creates standard topics`,
        fix: `remove '.fifo' from ${propRef('topicName')}, or use an sns.Topic with ${propRef('fifo: true')}`,
      });
    }
    this.encryptionKey = props.encryptionKey ?? StackDefaults.of(this).messagingKey;
    this.masterKey = this.encryptionKey;
    this.alarmTopic = props.alarmTopic;
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: props.displayName && snsDisplayName(props.displayName),
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.topicArn = this.topic.topicArn;
    this.topicName = this.topic.topicName;
  }

  /**
   * The alarms on the dead-letter queues this topic gave its subscriptions, one each (on the first message):
   * empty until a subscription gets one.
   */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.subscriptionAlarms];
  }

  /**
   * Adds a statement to the topic's policy (the TLS-only policy the topic was created with).
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.topic.addToResourcePolicy(statement);
  }

  /**
   * Lets `grantee` publish (`sns:Publish` on this topic) and use the topic's key for that
   * (`kms:GenerateDataKey`, `kms:Decrypt`), only through SNS.
   */
  public grantPublish(grantable: iam.IGrantable): iam.Grant {
    const grantee = scopedToAccount(grantable, this);
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['sns:Publish'],
      resourceArns: [this.topicArn],
      resource: this,
    });
    return grant.combine(this.grantKey(grantee));
  }

  /**
   * Grants on the topic's key: what SNS needs for a publisher (`kms:GenerateDataKey`, `kms:Decrypt`), through SNS
   * only, whatever aws-cdk-lib's `grants` ask for.
   */
  public grantOnKey(grantee: iam.IGrantable, ...actions: string[]): iam.GrantOnKeyResult {
    return { grant: actions.length > 0 ? this.grantKey(scopedToAccount(grantee, this)) : undefined };
  }

  /**
   * Lets the AWS service `servicePrincipal` publish to the topic on behalf of resources of this account whose
   * ARN matches `sourceArn` (confused-deputy protection: `aws:SourceAccount`, `aws:SourceArn`), and use the
   * topic's key for that. For example `allowServicePublish('events.amazonaws.com', rule.ruleArn)`.
   *
   * @param servicePrincipal the service, for example `events.amazonaws.com`
   * @param sourceArn the ARN, or an ARN pattern with `*`, of the resources that publish
   */
  public allowServicePublish(servicePrincipal: string, sourceArn: string): void {
    if (Token.isUnresolved(servicePrincipal) || !SERVICE_PRINCIPAL.test(servicePrincipal)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'allowServicePublish.servicePrincipal',
        problem: `'${servicePrincipal}' is not a literal AWS service principal`,
        fix: "name the service as '<service>.amazonaws.com', for example 'events.amazonaws.com'",
      });
    }
    if (
      !Token.isUnresolved(sourceArn) &&
      (typeof sourceArn !== 'string' ||
        !sourceArn.startsWith('arn:') ||
        /^arn:[^:]*:[^:]*:[^:]*:\*?:\*$/.test(sourceArn))
    ) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'allowServicePublish.sourceArn',
        problem: `'${sourceArn}' is not an ARN of the resources that publish, so any resource of the service could`,
        fix: `pass the publishing resource's ARN (for example ${propRef('rule.ruleArn')}), or a pattern of its resource type`,
      });
    }
    const key = `${servicePrincipal} ${sourceArn}`;
    if (this.allowedServices.has(key)) {
      return;
    }
    this.allowedServices.add(key);
    const conditions = sourceConditions(this, sourceArn);
    const principal = new iam.ServicePrincipal(servicePrincipal);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [principal],
        actions: ['sns:Publish'],
        resources: [this.topicArn],
        conditions,
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [principal], actions: KEY_PUBLISH_ACTIONS, resources: ['*'], conditions }),
    );
  }

  /**
   * Lets the CloudWatch alarms of this account and region publish, so that the topic can be an alarm action
   * (`alarm.addAlarmAction(new SnsAction(topic))`).
   */
  public allowCloudWatchAlarms(): void {
    this.allowServicePublish(
      'cloudwatch.amazonaws.com',
      Stack.of(this).formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
  }

  /**
   * Subscribes to the topic. A Lambda or SQS subscription without a `deadLetterQueue` gets one: a SecureQueue
   * encrypted with the topic's key, without a dead-letter queue of its own, to which SNS sends what it could not
   * deliver (the queue's policy and the key's let SNS do so for topics of this account), and on whose first
   * message the topic's alarm fires.
   */
  public addSubscription(subscription: sns.ITopicSubscription): sns.Subscription {
    const config = subscription.bind(this);
    const scope = config.subscriberScope ?? this;
    const id = Token.isUnresolved(config.subscriberId)
      ? `Subscription${this.node.children.length}`
      : config.subscriberId;
    if (scope.node.tryFindChild(id)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'addSubscription',
        problem: `a subscription with id "${id}" already exists under ${scope.node.path}`,
        fix: 'subscribe each endpoint once',
      });
    }
    const deadLetterQueue =
      config.deadLetterQueue ??
      (DEAD_LETTERED_PROTOCOLS.has(config.protocol) ? this.newDeadLetterQueue(id) : undefined);
    const created = new sns.Subscription(scope, id, { topic: this, ...config, deadLetterQueue });
    if (config.subscriptionDependency) {
      created.node.addDependency(config.subscriptionDependency);
    }
    return created;
  }

  /**
   * The key permissions of a publisher: for a role, through SNS only (`kms:ViaService`); for an AWS service
   * (an EventBridge target, for one), in the key's policy, with the conditions of its principal.
   */
  private grantKey(grantee: iam.IGrantable): iam.Grant {
    return grantKeyThroughService(grantee, this.encryptionKey, KEY_PUBLISH_ACTIONS, 'sns', this);
  }

  /**
   * A dead-letter queue for the subscription `id`. aws-cdk-lib's Subscription lets SNS send to it for this topic
   * (`aws:SourceArn`); the key's policy lets SNS use the key for topics of this account and region (an ARN
   * pattern: naming the topic would make the key depend on the topic it encrypts).
   */
  private newDeadLetterQueue(id: string): SecureQueue {
    // AwsSolutions-SQS3 only counts queues that SQS queues or Lambda functions redrive to, not SNS subscriptions.
    const queue = createDeadLetterQueue(
      this,
      `${id}DeadLetterQueue`,
      this,
      { encryptionKey: this.encryptionKey, retentionPeriod: Duration.days(14) },
      ['AwsSolutions-SQS3'],
    );
    const stack = Stack.of(this);
    queue.grantOnKey(
      new iam.ServicePrincipal('sns.amazonaws.com').withConditions(
        sourceConditions(
          this,
          stack.formatArn({ service: 'sns', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        ),
      ),
      'kms:GenerateDataKey',
    );
    this.subscriptionAlarms.push(
      alarmOnFirstMessage(
        queue,
        'dead-lettered deliveries',
        `${this.node.path}: SNS could not deliver a message to subscription ${id} and moved it to its dead-letter queue`,
        this.alarmTopic ?? StackDefaults.of(this).alarmTopic,
      ),
    );
    return queue;
  }
}
