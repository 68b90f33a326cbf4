import { STAR_ONLY_ACTIONS } from '../../../core/star-only-actions';
import { Severity } from '../../vocabulary';
import {
  actionMatches,
  actionsOf,
  appliesToAllResources,
  hasNotAction,
  identityStatementsOf,
  isAllow,
  LEAST_PRIVILEGE_FRAMEWORKS,
  IDENTITY_POLICY_TYPES,
  guardIdentityStatements,
} from '../policy-statements';
import { RuleDefinition } from '../rule';

/**
 * Actions that the Service Authorization Reference lists with no resource type, so that IAM only accepts
 * them on `Resource: "*"`: no narrower resource exists to grant them on.
 *
 * - the network-interface and X-Ray write actions every function in a VPC with tracing needs
 *   ({@link STAR_ONLY_ACTIONS});
 * - read-only EC2 look-ups our custom resources make: `ec2:DescribePrefixLists` (the S3 and DynamoDB gateway
 *   endpoints' prefix lists), `ec2:DescribeSecurityGroups` (the default security group's rules),
 *   `ec2:DescribeSubnets`, `ec2:DescribeVpcs`;
 * - the X-Ray sampling reads of the X-Ray SDK and ADOT layer: `xray:GetSamplingRules`,
 *   `xray:GetSamplingTargets`, `xray:GetSamplingStatisticSummaries`.
 *
 * Kept short on purpose: an action that supports resource-level permissions has no place here, and a read
 * that is not on the list is a finding to acknowledge, not to add.
 */
const STAR_ONLY_ALLOWED_ACTIONS: readonly string[] = [
  ...STAR_ONLY_ACTIONS,
  'ec2:DescribePrefixLists',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
];

/**
 * No identity policy allows actions on every resource, except actions AWS only offers on `*`. Findings are the
 * actions allowed on `*`, and `NotAction` for an `Allow` statement with `NotAction` on `*`.
 * @internal
 */
export const IamWildcardResource: RuleDefinition = {
  name: 'IamWildcardResource',
  title: 'IAM policies allow actions on "*" only where AWS offers nothing narrower',
  explanation:
    'An Allow on Resource "*" (or with NotResource) applies to every bucket, table, key and queue in the account, ' +
    'present and future, so a compromised function reaches data that has nothing to do with it. Grant each ' +
    'action on the exact ARNs it needs. Only actions with no resource type in the Service Authorization Reference ' +
    '(Lambda VPC network interfaces, X-Ray writes and sampling, a few EC2 Describe calls) are accepted on "*". ' +
    'Partial wildcards such as "arn:aws:s3:::*" are left to AwsSolutions-IAM5.',
  problem: 'The policy allows an action on every resource ("*")',
  fix:
    "Name the exact ARNs in the `iam.PolicyStatement`'s `resources` (Statement Resource), or use grant methods " +
    'such as `table.grantReadData(fn)`, which scope to the resource; only actions AWS offers on "*" alone may stay ' +
    'there. Replace NotResource or NotAction on "*" by the resources and actions meant.',
  severity: Severity.ERROR,
  frameworks: LEAST_PRIVILEGE_FRAMEWORKS,
  guard: {
    resourceTypes: IDENTITY_POLICY_TYPES,
    scope: 'resource',
    clauses: guardIdentityStatements(
      `
      Effect == 'Allow'
      some Resource[*] == '*' or NotResource is_string or NotResource is_struct or NotResource !empty
      `,
      `
      when Action exists {
        let actions = Action[*]
        %actions[ this is_string ] == /(?i)^(${STAR_ONLY_ALLOWED_ACTIONS.join('|')})$/ <<MESSAGE>>
      }
      NotAction !exists or NotAction is_list <<MESSAGE>>
      NotAction !exists or NotAction empty <<MESSAGE>>
      `,
    ),
  },
  check: (resource) => {
    const statements = identityStatementsOf(resource);
    if (statements === undefined) {
      return 'not-applicable';
    }
    const findings = statements
      .filter((statement) => isAllow(statement) && appliesToAllResources(statement))
      .flatMap((statement) => [
        ...actionsOf(statement).filter((action) => !isStarOnly(action)),
        // NotAction allows every action but those listed: it cannot be limited to star-only actions.
        ...(hasNotAction(statement) ? ['NotAction'] : []),
      ]);
    return [...new Set(findings)];
  },
};

/** True when the action is exactly one of the star-only actions (a pattern such as `ec2:Describe*` is not). */
function isStarOnly(action: string): boolean {
  return !action.includes('*') && STAR_ONLY_ALLOWED_ACTIONS.some((allowed) => actionMatches(allowed, action));
}
