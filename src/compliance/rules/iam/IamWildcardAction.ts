import { Severity } from '../../vocabulary';
import {
  actionsOf,
  hasNotAction,
  identityStatementsOf,
  isAllow,
  LEAST_PRIVILEGE_FRAMEWORKS,
  IDENTITY_POLICY_TYPES,
  guardIdentityStatements,
} from '../policy-statements';
import { RuleDefinition } from '../rule';

/**
 * No identity policy allows every action, or every action of a service. Findings are the wildcard actions, and
 * `NotAction` for an `Allow` statement with `NotAction`.
 * @internal
 */
export const IamWildcardAction: RuleDefinition = {
  name: 'IamWildcardAction',
  title: 'IAM policies allow no "*" or "service:*" actions',
  explanation:
    'An Allow of "*" or "service:*" (for example "s3:*" or "dynamodb:*") grants every current and future action ' +
    'of the service, including deletes and permission changes, so a compromised function can do far more than its ' +
    'job; an Allow with NotAction grants everything not listed. List the exact actions the function calls ' +
    '(grant methods such as table.grantReadData do). Narrower patterns such as "s3:Get*" are left to ' +
    'AwsSolutions-IAM5.',
  problem: 'The policy allows every action, or every action of a service',
  fix:
    "List the exact actions in the `iam.PolicyStatement`'s `actions` (Statement Action of AWS::IAM::Policy, " +
    "AWS::IAM::ManagedPolicy or the role's Policies), or use grant methods such as `table.grantReadData(fn)`, " +
    "which our constructs' grants already do; replace an Allow with NotAction by the actions it means.",
  control: 'IAMPolicyNoStatementsWithFullAccess',
  severity: Severity.ERROR,
  frameworks: LEAST_PRIVILEGE_FRAMEWORKS,
  guard: {
    resourceTypes: IDENTITY_POLICY_TYPES,
    scope: 'resource',
    clauses: guardIdentityStatements(
      "Effect == 'Allow'",
      `
      when Action exists {
        let actions = Action[*]
        %actions[ this is_string ] != /(?i)^(\\*|[a-z0-9-]+:\\*)$/ <<MESSAGE>>
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
      .filter(isAllow)
      .flatMap((statement) => [
        ...actionsOf(statement).filter(isServiceWildcard),
        ...(hasNotAction(statement) ? ['NotAction'] : []),
      ]);
    return [...new Set(findings)];
  },
};

/** True for `*` and `service:*`. */
function isServiceWildcard(action: string): boolean {
  return action === '*' || /^[a-z0-9-]+:\*$/i.test(action);
}
