import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AuditStorage, awsLogsPrefix } from './audit-storage';
import { CONFIG_RULES } from './config-rules';
import * as perms from './perms';
import { BaselineConfigOptions, ConfigRecorderRole } from './security-baseline-props';

/** The path of AWS Config's service-linked role ("Using Service-Linked Roles for AWS Config"). */
const SERVICE_LINKED_ROLE = 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

/** What the recorder created. @internal */
export interface ConfigRecording {
  readonly recorder: config.CfnConfigurationRecorder;
  readonly deliveryChannel: config.CfnDeliveryChannel;
  readonly rules: config.CfnConfigRule[];
}

/**
 * AWS Config for the baseline: a recorder of every supported resource type (global types too, unless told
 * otherwise), continuously, with AWS Config's service-linked role; a delivery channel to the audit bucket,
 * encrypted with the audit key, with a daily snapshot; and the managed rules of {@link CONFIG_RULES}, each created
 * after the recorder. The bucket's policy and the key's admit AWS Config for this account only (`aws:SourceAccount`,
 * as the AWS Config Developer Guide's bucket and key policies for the service-linked role do).
 * @internal
 */
export function createConfigRecording(
  scope: Construct,
  storage: AuditStorage,
  options: BaselineConfigOptions,
): ConfigRecording {
  const stack = Stack.of(scope);
  const conditions = { StringEquals: { 'aws:SourceAccount': stack.account } };
  const principal = new iam.ServicePrincipal(perms.CONFIG_PRINCIPAL);
  const bucket = storage.bucket;
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigBucketPermissionsCheck',
      principals: [principal],
      actions: perms.CONFIG_BUCKET_ACL_ACTIONS,
      resources: [bucket.bucketArn],
      conditions,
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigBucketExistenceCheck',
      principals: [principal],
      actions: perms.CONFIG_BUCKET_LIST_ACTIONS,
      resources: [bucket.bucketArn],
      conditions,
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigBucketDelivery',
      principals: [principal],
      actions: perms.CONFIG_BUCKET_WRITE_ACTIONS,
      resources: [bucket.arnForObjects(`${awsLogsPrefix(scope)}Config/*`)],
      conditions: { StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  storage.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigToEncryptDeliveries',
      principals: [principal],
      actions: perms.CONFIG_KEY_ACTIONS,
      resources: ['*'],
      conditions,
    }),
  );

  const recorder = new config.CfnConfigurationRecorder(scope, 'ConfigRecorder', {
    roleArn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: SERVICE_LINKED_ROLE }),
    recordingGroup: {
      allSupported: true,
      includeGlobalResourceTypes: options.recordGlobalResourceTypes ?? true,
    },
    recordingMode: { recordingFrequency: 'CONTINUOUS' },
  });
  if (
    (options.recorderRole ?? ConfigRecorderRole.CREATE_SERVICE_LINKED_ROLE) ===
    ConfigRecorderRole.CREATE_SERVICE_LINKED_ROLE
  ) {
    const role = new iam.CfnServiceLinkedRole(scope, 'ConfigServiceLinkedRole', {
      awsServiceName: perms.CONFIG_PRINCIPAL,
      description: 'AWS Config records the configuration of this account for the security baseline',
    });
    // Other recorders (in other regions) may use the role: deleting the stack must not delete it.
    role.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    recorder.node.addDependency(role);
  }
  const deliveryChannel = new config.CfnDeliveryChannel(scope, 'ConfigDeliveryChannel', {
    s3BucketName: bucket.bucketName,
    s3KmsKeyArn: storage.key.keyArn,
    configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
  });
  // AWS Config needs the recorder before the channel, and checks the bucket's policy and the key when the channel
  // is created. The recorder starts recording once the channel exists (CloudFormation starts it; not verified by a
  // deployment here).
  deliveryChannel.node.addDependency(recorder);
  deliveryChannel.node.addDependency(bucket.policy!, storage.key);
  const rules = CONFIG_RULES.map((rule) => {
    const cfn = new config.CfnConfigRule(scope, `ConfigRule${pascalCase(rule.identifier)}`, {
      description: `AWS managed rule ${rule.identifier}: the deployed counterpart of control ${rule.control} of cdk-secure-serverless`,
      source: { owner: 'AWS', sourceIdentifier: rule.identifier },
    });
    cfn.node.addDependency(recorder);
    return cfn;
  });
  return { recorder, deliveryChannel, rules };
}

/** `LAMBDA_INSIDE_VPC` as `LambdaInsideVpc`. */
function pascalCase(identifier: string): string {
  return identifier
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
