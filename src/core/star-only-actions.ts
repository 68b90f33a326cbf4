import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Actions that AWS only offers on `Resource: "*"` and that every function of this library needs: attaching to
 * a VPC (Lambda creates and deletes the function's network interfaces) and sending X-Ray traces. They live
 * in one customer-managed policy per stack, so the one `AwsSolutions-IAM5[Resource::*]` acknowledgment they
 * need is made once per stack, on that policy, and covers nothing else.
 * @internal
 */
export const STAR_ONLY_ACTIONS = [
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:UnassignPrivateIpAddresses',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/**
 * True when `statement` allows only actions of `allowed` (by default {@link STAR_ONLY_ACTIONS}, which the
 * stack's shared policy covers) on `*`, with no condition.
 * @internal
 */
export function isStarOnlyStatement(
  statement: iam.PolicyStatement,
  allowed: readonly string[] = STAR_ONLY_ACTIONS,
): boolean {
  const json = statement.toStatementJson() as { Effect?: string; Resource?: unknown; Condition?: unknown };
  return (
    json.Effect === 'Allow' &&
    json.Condition === undefined &&
    statement.notActions.length === 0 &&
    statement.principals.length === 0 &&
    statement.resources.length === 1 &&
    statement.resources[0] === '*' &&
    statement.actions.length > 0 &&
    statement.actions.every((action) => allowed.includes(action))
  );
}
