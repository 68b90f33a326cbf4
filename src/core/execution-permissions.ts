import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ManagedPolicyRole } from './managed-policy-role';
import { STAR_ONLY_ACTIONS } from './star-only-actions';

/** Writing the function's own log group: only these two, only on that log group. */
const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * Publishing to an encrypted dead-letter topic: aws-cdk-lib grants `sns:Publish` for a function's
 * dead-letter topic but nothing on the topic's key, and `topic.grantPublish()` would grant
 * `kms:GenerateDataKey*` (a wildcard AwsSolutions-IAM5 flags). These two, only through SNS.
 */
const DEAD_LETTER_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** Decrypting a function's environment variables encrypted with a customer-managed key. */
const ENVIRONMENT_KEY_ACTIONS = ['kms:Decrypt'];

/**
 * What a function of this library needs to run, given to its role.
 * @internal
 */
export interface ExecutionPermissions {
  /** The function's log group. */
  readonly logGroup: logs.ILogGroup;
  /** The function's dead-letter topic, if it has one. */
  readonly deadLetterTopic?: sns.ITopic;
  /** The key that encrypts the function's environment, if it has one. */
  readonly environmentKey?: kms.IKey;
  /** Whether the function runs in a VPC (it then needs the network-interface actions). */
  readonly inVpc: boolean;
}

/**
 * Grants a function's role exactly what running needs: writing its own log group, decrypting its environment,
 * publishing to its encrypted dead-letter topic, sending X-Ray traces and, in a VPC, managing its network
 * interfaces (the last two through the stack's shared policy for `*`-only actions). The function depends on
 * those policies: Lambda checks the network-interface permissions when it creates an in-VPC function.
 * @internal
 */
export function grantExecutionPermissions(
  fn: lambda.Function,
  role: ManagedPolicyRole,
  permissions: ExecutionPermissions,
): void {
  const region = Stack.of(fn).region;
  const statements = [
    new iam.PolicyStatement({ actions: LOG_WRITE_ACTIONS, resources: [permissions.logGroup.logGroupArn] }),
    new iam.PolicyStatement({
      actions: permissions.inVpc ? STAR_ONLY_ACTIONS : STAR_ONLY_ACTIONS.filter((a) => a.startsWith('xray:')),
      resources: ['*'],
    }),
  ];
  if (permissions.environmentKey) {
    statements.push(
      new iam.PolicyStatement({ actions: ENVIRONMENT_KEY_ACTIONS, resources: [permissions.environmentKey.keyArn] }),
    );
  }
  const topicKey = permissions.deadLetterTopic?.masterKey;
  if (topicKey) {
    statements.push(
      new iam.PolicyStatement({
        actions: DEAD_LETTER_KEY_ACTIONS,
        resources: [topicKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` } },
      }),
    );
  }
  for (const statement of statements) {
    const { policyDependable } = role.addToPrincipalPolicy(statement);
    if (policyDependable) {
      fn.node.addDependency(policyDependable);
    }
  }
}
