import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AuditStorage, awsLogsPrefix } from './audit-storage';
import * as perms from './perms';
import { BaselineCloudTrailOptions } from './security-baseline-props';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { propRef } from '../core/prop-names';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, requireLiteral, validateName } from '../core/validate';

/** What CloudTrail accepts as a trail name (CreateTrail). */
const TRAIL_NAME: NameRule = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/,
  characters: "letters, digits, '.', '_' and '-', starting and ending with a letter or digit",
  minLength: 3,
  maxLength: 128,
};

/** The data event resource types the trail logs, with the prop that narrows each to exact ARNs. */
const DATA_EVENT_TYPES = [
  {
    type: 'AWS::Lambda::Function',
    prop: 'cloudTrail.dataEventFunctionArns',
    arns: (options: BaselineCloudTrailOptions) => options.dataEventFunctionArns,
    arn: /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+$/,
    label: 'Lambda invocations',
  },
  {
    type: 'AWS::DynamoDB::Table',
    prop: 'cloudTrail.dataEventTableArns',
    arns: (options: BaselineCloudTrailOptions) => options.dataEventTableArns,
    arn: /^arn:[^:]+:dynamodb:[^:]+:\d{12}:table\/[^/]+$/,
    label: 'DynamoDB item-level calls',
  },
] as const;

/**
 * The baseline's trail: multi-region, with global service events, log file validation, log files encrypted with
 * the audit key into the audit bucket, and delivered to a CloudWatch Logs log group (encrypted with the stack's
 * logs key) through a role of its own. Advanced event selectors log every management event and the data events
 * of Lambda functions and DynamoDB tables (all of them, or the ARNs given).
 *
 * The trail's name is a literal, so the key's and the bucket's policies name exactly this trail (`aws:SourceArn`,
 * as "Configure AWS KMS key policies for CloudTrail" and "Amazon S3 bucket policy for CloudTrail" recommend)
 * without depending on the trail, which depends on them.
 * @internal
 */
export function createTrail(
  scope: Construct,
  storage: AuditStorage,
  options: BaselineCloudTrailOptions,
): cloudtrail.CfnTrail {
  const stack = Stack.of(scope);
  const trailName = options.trailName ?? stack.stackName;
  requireLiteral(scope, 'cloudTrail.trailName', trailName, "the key's and the bucket's policies name the trail's ARN");
  validateName(scope, 'cloudTrail.trailName', trailName, TRAIL_NAME);
  const trailArn = stack.formatArn({
    service: 'cloudtrail',
    resource: 'trail',
    resourceName: trailName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const conditions = sourceConditions(scope, trailArn);
  const principal = new iam.ServicePrincipal(perms.CLOUDTRAIL_PRINCIPAL);

  storage.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: [principal],
      actions: perms.TRAIL_KEY_ENCRYPT_ACTIONS,
      resources: ['*'],
      conditions: {
        ...conditions,
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
        },
      },
    }),
  );
  storage.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeKey',
      principals: [principal],
      actions: perms.TRAIL_KEY_DESCRIBE_ACTIONS,
      resources: ['*'],
      conditions,
    }),
  );
  const bucket = storage.bucket;
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailAclCheck',
      principals: [principal],
      actions: perms.TRAIL_BUCKET_ACL_ACTIONS,
      resources: [bucket.bucketArn],
      conditions,
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailWrite',
      principals: [principal],
      actions: perms.TRAIL_BUCKET_WRITE_ACTIONS,
      resources: [bucket.arnForObjects(`${awsLogsPrefix(scope)}*`)],
      conditions: {
        ...conditions,
        StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
  );

  const logGroup = createEncryptedLogGroup(
    scope,
    'TrailLogGroup',
    StackDefaults.of(scope).logsKey,
    options.logRetention,
    'cloudTrail.logRetention',
  );
  // No condition on the trust: only a principal allowed iam:PassRole on this role can hand it to a trail.
  const logsRole = new ManagedPolicyRole(scope, 'TrailLogsRole', {
    assumedBy: principal,
    description: `Lets CloudTrail deliver the events of trail ${trailName} to its CloudWatch Logs log group`,
  });
  logsRole.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: perms.TRAIL_LOGS_ACTIONS, resources: [logGroup.logGroupArn] }),
  );

  const trail = new cloudtrail.CfnTrail(scope, 'Trail', {
    trailName,
    isLogging: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    s3BucketName: bucket.bucketName,
    kmsKeyId: storage.key.keyArn,
    cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
    cloudWatchLogsRoleArn: logsRole.roleArn,
    advancedEventSelectors: [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      ...DATA_EVENT_TYPES.map((d) => dataEventSelector(scope, d, d.arns(options))),
    ],
  });
  // CloudTrail checks the bucket policy, the key and the role when the trail is created.
  trail.node.addDependency(bucket.policy!, storage.key, logsRole);
  return trail;
}

function dataEventSelector(
  scope: Construct,
  dataEvent: (typeof DATA_EVENT_TYPES)[number],
  arns: readonly string[] | undefined,
): cloudtrail.CfnTrail.AdvancedEventSelectorProperty {
  const fieldSelectors: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[] = [
    { field: 'eventCategory', equalTo: ['Data'] },
    { field: 'resources.type', equalTo: [dataEvent.type] },
  ];
  if (arns !== undefined) {
    validateArns(scope, dataEvent, arns);
    fieldSelectors.push({ field: 'resources.ARN', equalTo: [...arns] });
  }
  return { name: dataEvent.label, fieldSelectors };
}

function validateArns(scope: Construct, dataEvent: (typeof DATA_EVENT_TYPES)[number], arns: readonly string[]): void {
  const fail = (problem: string) =>
    new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop: dataEvent.prop,
      problem,
      fix: `give the exact ARNs of the ${dataEvent.type} resources to log, or leave ${propRef(dataEvent.prop)} out to log all of them`,
    });
  if (arns.length === 0) {
    throw fail('the list is empty, so the trail would log no data event of this type');
  }
  const bad = arns.find((arn) => !Token.isUnresolved(arn) && !(typeof arn === 'string' && dataEvent.arn.test(arn)));
  if (bad !== undefined) {
    throw fail(`'${bad}' is not the ARN of an ${dataEvent.type}`);
  }
}
