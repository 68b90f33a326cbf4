import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import * as perms from './perms';
import { rulesOfControl } from '../compliance/catalog';
import { acknowledgeException } from '../core/opt-out';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';

/** The id of the stack's access log bucket, under `StackDefaults`. */
const LOG_BUCKET_ID = 'AccessLogBucket';
/** How long the log bucket keeps a version that is no longer current (log objects are never overwritten). */
const LOG_NONCURRENT_EXPIRATION = Duration.days(90);

/**
 * The stack's bucket for S3 server access logs, created by the first SecureBucket of the stack that logs: one
 * per stack, however many buckets log to it.
 *
 * It is encrypted with SSE-S3, not SSE-KMS: S3 server access logging delivers only to buckets whose default
 * encryption is SSE-S3 ("Enabling Amazon S3 server access logging", S3 User Guide). That exception is
 * acknowledged on the bucket with the reason. Otherwise it has the controls of a SecureBucket: public access
 * blocked, TLS only, ACLs disabled (log delivery is allowed by the bucket policy, per source bucket, for this
 * account), versioned with Object Lock enabled (no default retention, which log delivery refuses), S3 events to
 * EventBridge, retained on stack deletion but deleted when the stack's first create rolls back. Its name is
 * generated, so a retried create never collides with a retained bucket. It writes no access logs of its own: into
 * itself, every delivery of logs would be logged again, without end ("Enabling Amazon S3 server access logging"
 * advises against it), and a second log bucket would need a third. cdk-nag's logging rules accept a bucket that
 * receives server access logs; AWS Control Tower's CT.S3.PR.2 reports it.
 * @internal
 */
export function accessLogBucketOf(scope: IConstruct): s3.Bucket {
  const defaults = StackDefaults.of(scope);
  const existing = defaults.node.tryFindChild(LOG_BUCKET_ID);
  if (existing instanceof s3.Bucket) {
    return existing;
  }
  const bucket = new s3.Bucket(defaults, LOG_BUCKET_ID, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    objectLockEnabled: true,
    lifecycleRules: [{ id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: LOG_NONCURRENT_EXPIRATION }],
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  // Set on the L1: aws-cdk-lib's `eventBridgeEnabled` uses a custom resource.
  cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  acknowledgeException(
    cfn,
    rulesOfControl('S3DefaultEncryptionKMS'),
    'This is the stack\'s S3 server access log bucket: S3 server access logging delivers only to buckets whose default encryption is SSE-S3, and SSE-KMS is not supported ("Enabling Amazon S3 server access logging", S3 User Guide). The logs hold request metadata, not object data.',
  );
  acknowledgeException(
    cfn,
    rulesOfControl('S3BucketReplicationEnabled'),
    "This is the stack's S3 server access log bucket: it is versioned, has Object Lock enabled and is retained. Copies of audit logs in another region belong in the organisation's log archive (for example the log archive account of AWS Control Tower), which one stack cannot create.",
  );
  return bucket;
}

/**
 * Lets S3's log delivery write the access logs of `source` under `prefix` in `logBucket`: `s3:PutObject` on that
 * prefix only, for this account and the source bucket's ARN (confused-deputy protection), as "Permissions for log
 * delivery" (S3 User Guide) recommends for buckets with ACLs disabled.
 * @internal
 */
export function allowLogDelivery(logBucket: s3.IBucket, source: s3.IBucket, prefix: string): void {
  logBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: perms.LOG_DELIVERY_ACTIONS,
      resources: [logBucket.arnForObjects(`${prefix}*`)],
      conditions: sourceConditions(logBucket, source.bucketArn),
    }),
  );
}

/** The prefix of `source`'s logs in the access log bucket: its unique id, so that two buckets never share one. */
export function accessLogPrefixOf(source: IConstruct): string {
  return `${Names.nodeUniqueId(source.node)}/`;
}
