import { ArnFormat, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct, IDependable } from 'constructs';
import * as perms from './perms';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';
import { sourceConditions } from '../core/source-conditions';
import { SecureQueue } from '../queue/secure-queue';
import { SecureTopic } from '../topic/secure-topic';

/** S3's service principal, which delivers event notifications. */
const S3_PRINCIPAL = 's3.amazonaws.com';

/**
 * A bucket's event notifications written into its own `NotificationConfiguration`, instead of through
 * aws-cdk-lib's `BucketNotifications` custom resource (a Lambda function without a VPC, a dead-letter queue or a
 * concurrency limit, with an AWS-managed policy).
 *
 * S3 checks each destination when the configuration is set (it sends a test event), so the bucket waits for the
 * destination's policy, and S3 must be allowed before it exists: the policies cannot name the bucket's ARN when
 * the bucket waits for them (a circular dependency), so they allow S3 for this account (`aws:SourceAccount`) and
 * the bucket's name, or any bucket name when CloudFormation generates it (`aws:SourceArn` ARN pattern).
 * @internal
 */
export class BucketNotificationConfigurations {
  private readonly queues: s3.CfnBucket.QueueConfigurationProperty[] = [];
  private readonly topics: s3.CfnBucket.TopicConfigurationProperty[] = [];
  private readonly functions: s3.CfnBucket.LambdaConfigurationProperty[] = [];
  private readonly allowed = new Set<string>();
  /** Every notification added so far, as S3 compares them for overlaps. */
  private readonly added: Array<{ readonly event: string; readonly prefix?: string; readonly suffix?: string }> = [];

  /**
   * @param bucket the bucket construct that owns the configuration (errors name it)
   * @param cfn the bucket's L1, which waits for the destinations
   * @param sourceArn the ARN, or ARN pattern, that S3 sends from
   */
  constructor(
    private readonly bucket: Construct,
    private readonly cfn: s3.CfnBucket,
    private readonly sourceArn: string,
  ) {}

  /** The configuration to render: EventBridge always, and the destinations added so far. */
  public render(): s3.CfnBucket.NotificationConfigurationProperty {
    return {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
      queueConfigurations: this.queues.length > 0 ? this.queues : undefined,
      topicConfigurations: this.topics.length > 0 ? this.topics : undefined,
      lambdaConfigurations: this.functions.length > 0 ? this.functions : undefined,
    };
  }

  /** Sends `event` for the keys that match `filters` to `dest`, after allowing S3 to. */
  public add(event: s3.EventType, dest: s3.IBucketNotificationDestination, filters: s3.NotificationKeyFilter[]): void {
    const filter = renderFilter(this.bucket, filters);
    this.refuseOverlap(event, filters);
    if (dest instanceof s3n.SqsDestination) {
      const queue = (dest as unknown as { readonly queue: sqs.IQueue }).queue;
      this.allowQueue(queue);
      this.queues.push({ event, queue: queue.queueArn, filter });
      this.dependOn(queue);
    } else if (dest instanceof s3n.SnsDestination) {
      const topic = (dest as unknown as { readonly topic: sns.ITopic }).topic;
      this.allowTopic(topic);
      this.topics.push({ event, topic: topic.topicArn, filter });
      this.dependOn(topic);
    } else if (dest instanceof s3n.LambdaDestination) {
      const fn = (dest as unknown as { readonly fn: lambda.IFunction }).fn;
      this.functions.push({ event, function: fn.functionArn, filter });
      this.dependOn(this.allowFunction(fn));
    } else {
      throw new SecureConfigError(this.bucket, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'addEventNotification.dest',
        problem:
          "the destination is not an SqsDestination, SnsDestination or LambdaDestination of aws-cdk-lib's aws-s3-notifications, the destinations this bucket can allow without a custom resource",
        fix: `pass ${propRef('new s3n.SqsDestination(queue)')}, ${propRef('new s3n.SnsDestination(topic)')} or ${propRef('new s3n.LambdaDestination(fn)')}`,
      });
    }
  }

  /**
   * S3 refuses a notification configuration in which two notifications of overlapping event types have
   * overlapping prefixes and overlapping suffixes ("Configuration is ambiguously defined"; "Examples of valid
   * notification configurations with object key name filtering", S3 User Guide): the deploy would fail there.
   */
  private refuseOverlap(event: s3.EventType, filters: s3.NotificationKeyFilter[]): void {
    const prefix = filters.find((f) => f.prefix !== undefined)?.prefix;
    const suffix = filters.find((f) => f.suffix !== undefined)?.suffix;
    const unresolved = [event, prefix, suffix].some((v) => v !== undefined && Token.isUnresolved(v));
    const clash = unresolved
      ? undefined
      : this.added.find(
          (other) =>
            eventsOverlap(other.event, event) &&
            affixesOverlap(other.prefix, prefix, (a, b) => a.startsWith(b)) &&
            affixesOverlap(other.suffix, suffix, (a, b) => a.endsWith(b)),
        );
    if (clash) {
      const describe = (e: string, p?: string, x?: string) =>
        `${e}${p !== undefined ? ` prefix '${p}'` : ''}${x !== undefined ? ` suffix '${x}'` : ''}`;
      throw new SecureConfigError(this.bucket, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'addEventNotification.filters',
        problem: `${describe(event, prefix, suffix)} overlaps ${describe(clash.event, clash.prefix, clash.suffix)}, and S3 refuses notifications of overlapping events whose prefixes and suffixes both overlap ("Configuration is ambiguously defined")`,
        fix: 'give the notifications prefixes or suffixes that no key matches both of, or send both events to one destination and let it tell them apart',
      });
    }
    if (!unresolved) {
      this.added.push({ event, prefix, suffix });
    }
  }

  /** The principal S3 delivers as, for this account and the bucket's ARN (pattern). */
  private principal(): iam.IPrincipal {
    return new iam.ServicePrincipal(S3_PRINCIPAL).withConditions(this.conditions());
  }

  private conditions(): Record<string, Record<string, string>> {
    return sourceConditions(this.bucket, this.sourceArn);
  }

  /** `sqs:SendMessage` in the queue's policy, and the key permissions S3 needs in its key's policy. */
  private allowQueue(queue: sqs.IQueue): void {
    if (!this.once(queue)) {
      return;
    }
    const added = queue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(S3_PRINCIPAL)],
        actions: perms.NOTIFICATION_QUEUE_ACTIONS,
        resources: [queue.queueArn],
        conditions: this.conditions(),
      }),
    );
    if (!added.statementAdded) {
      throw this.importedDestination(queue, 'queue');
    }
    // A SecureQueue's key grants to a service principal land in the key's policy, with the principal's
    // conditions: a producer's kms:GenerateDataKey and kms:Decrypt.
    if (queue instanceof SecureQueue) {
      queue.grantOnKey(this.principal(), 'kms:GenerateDataKey');
    } else if (queue.encryptionMasterKey) {
      this.allowKey(queue.encryptionMasterKey, queue);
    }
  }

  /** `sns:Publish` in the topic's policy, and the key permissions S3 needs in its key's policy. */
  private allowTopic(topic: sns.ITopic): void {
    if (!this.once(topic)) {
      return;
    }
    if (topic instanceof SecureTopic) {
      topic.allowServicePublish(S3_PRINCIPAL, this.sourceArn);
      return;
    }
    const added = topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(S3_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: this.conditions(),
      }),
    );
    if (!added.statementAdded) {
      throw this.importedDestination(topic, 'topic');
    }
    if (topic.masterKey) {
      this.allowKey(topic.masterKey, topic);
    }
  }

  /** A Lambda permission for S3, for this account and the bucket's ARN (pattern); returns it, to wait for. */
  private allowFunction(fn: lambda.IFunction): IDependable {
    const id = `AllowS3Notifications${Names.nodeUniqueId(this.bucket.node)}`;
    // aws-cdk-lib adds the permission under the function construct (a SecureFunction's, not its inner L2's).
    const find = () => fn.node.tryFindChild(id) ?? fn.permissionsNode.tryFindChild(id);
    const existing = find();
    if (existing) {
      return existing;
    }
    fn.addPermission(id, {
      principal: new iam.ServicePrincipal(S3_PRINCIPAL),
      sourceAccount: Stack.of(this.bucket).account,
      sourceArn: this.sourceArn,
    });
    const permission = find();
    if (!permission) {
      throw this.importedDestination(fn, 'function');
    }
    return permission;
  }

  private allowKey(key: kms.IKey, of: IConstruct): void {
    const added = key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(S3_PRINCIPAL)],
        actions: perms.NOTIFICATION_KEY_ACTIONS,
        resources: ['*'],
        conditions: this.conditions(),
      }),
      true,
    );
    if (!added.statementAdded) {
      throw this.importedDestination(of, 'key of the destination');
    }
  }

  /** The bucket waits for the destination (and so for its policies). */
  private dependOn(target: IDependable): void {
    this.cfn.node.addDependency(target);
  }

  private once(target: IConstruct): boolean {
    const path = target.node.path;
    if (this.allowed.has(path)) {
      return false;
    }
    this.allowed.add(path);
    return true;
  }

  private importedDestination(target: IConstruct, what: string): SecureConfigError {
    return new SecureConfigError(this.bucket, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'addEventNotification.dest',
      problem: `the ${what} ${target.node.path} is imported, so this app cannot let S3 deliver to it, and S3 refuses a destination it may not use`,
      fix: 'notify a SecureQueue, SecureTopic or SecureFunction of this app, or allow S3 in the imported resource yourself and use EventBridge (on for every SecureBucket)',
    });
  }
}

/** True when an object event matches both event types (`s3:ObjectCreated:*` and `s3:ObjectCreated:Put` do). */
function eventsOverlap(a: string, b: string): boolean {
  const covers = (wide: string, narrow: string) => wide.endsWith('*') && narrow.startsWith(wide.slice(0, -1));
  return a === b || covers(a, b) || covers(b, a);
}

/** True when one key can match both affixes: either is absent, or one extends the other. */
function affixesOverlap(a: string | undefined, b: string | undefined, extends_: (x: string, y: string) => boolean) {
  return a === undefined || b === undefined || extends_(a, b) || extends_(b, a);
}

/** The key filter S3 accepts: at most one prefix and one suffix, merged from `filters`. */
function renderFilter(
  scope: IConstruct,
  filters: s3.NotificationKeyFilter[],
): s3.CfnBucket.NotificationFilterProperty | undefined {
  const rules: s3.CfnBucket.FilterRuleProperty[] = [];
  for (const name of ['prefix', 'suffix'] as const) {
    const values = filters.map((f) => f[name]).filter((v): v is string => v !== undefined);
    if (values.length > 1) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'addEventNotification.filters',
        problem: `${values.length} filters give a ${name}, and S3 accepts one ${name} per notification`,
        fix: `give one ${name}, or add one notification per ${name}`,
      });
    }
    if (values.length === 1) {
      if (!Token.isUnresolved(values[0]) && values[0].length === 0) {
        throw new SecureConfigError(scope, {
          code: SecureErrorCode.INVALID_PROP,
          prop: 'addEventNotification.filters',
          problem: `the ${name} is empty, which S3 refuses`,
          fix: `leave the ${name} out to match every key`,
        });
      }
      rules.push({ name, value: values[0] });
    }
  }
  return rules.length > 0 ? { s3Key: { rules } } : undefined;
}

/**
 * The ARN S3 notifications come from, as the destinations' policies name it: `arn:<partition>:s3:::<name>`, or
 * `arn:<partition>:s3:::*` for a generated name (naming the bucket's ARN would make the bucket wait for itself).
 * @internal
 */
export function bucketArnPattern(scope: IConstruct, literalName: string | undefined): string {
  return Stack.of(scope).formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: literalName ?? '*',
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}
