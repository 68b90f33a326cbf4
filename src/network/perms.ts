/**
 * IAM action lists of the isolated network, in one place. The VPC network-interface and X-Ray actions every
 * in-VPC function needs are in `core/star-only-actions.ts`: the stack's shared policy holds them.
 */

/**
 * Removing the rules of the VPC's default security group, granted on that one security group's ARN. No
 * `ec2:AuthorizeSecurityGroup*`: deleting the custom resource leaves the group closed (the VPC is deleted with
 * the stack anyway), so the helper never adds a rule.
 */
export const CLOSE_DEFAULT_SECURITY_GROUP_ACTIONS = ['ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress'];

/**
 * Read-only EC2 look-ups of the helper: the default security group's current rules (to revoke exactly those)
 * and the managed prefix lists of S3 and DynamoDB. EC2 `Describe*` actions support no resource-level
 * permissions, so they are granted on `*`, in their own statement.
 */
export const DESCRIBE_ACTIONS = ['ec2:DescribePrefixLists', 'ec2:DescribeSecurityGroups'];
