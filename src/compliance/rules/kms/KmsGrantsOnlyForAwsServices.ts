import { Severity } from '../../vocabulary';
import {
  actionMatches,
  actionsOf,
  hasNotAction,
  isDeny,
  isEveryone,
  PolicyStatementJson,
  statementsOf,
} from '../policy-statements';
import { RuleDefinition } from '../rule';
import { asArray, isObject, literalStrings } from '../template-values';

/**
 * Condition keys the deny may test, all for the value `false`: `kms:GrantIsForAWSResource` (required) and
 * `aws:PrincipalIsAWSService` (optional; lets AWS services themselves create grants). Any other key narrows
 * the deny to fewer callers, so the statement no longer counts. Lower case: condition keys are
 * case-insensitive.
 */
const GRANT_FOR_AWS_RESOURCE = 'kms:grantisforawsresource';
const PRINCIPAL_IS_AWS_SERVICE = 'aws:principalisawsservice';

/**
 * A KMS key policy denies `kms:CreateGrant` to everyone unless the grant is for an AWS resource.
 * @internal
 */
export const KmsGrantsOnlyForAwsServices: RuleDefinition = {
  name: 'KmsGrantsOnlyForAwsServices',
  title: 'KMS key policies only let AWS services create grants',
  explanation:
    'A principal allowed kms:CreateGrant can hand the use of the key to any other principal, in any account, ' +
    'outside the key policy and IAM, so permissions on the key cannot be reviewed in one place. Add a key policy ' +
    'statement that denies kms:CreateGrant to Principal "*" with the condition BoolIfExists ' +
    '{"kms:GrantIsForAWSResource": "false"} (optionally also "aws:PrincipalIsAWSService": "false"); services ' +
    'such as DynamoDB, Lambda and AWS Backup still create the grants they need (AWS Control Tower CT.KMS.PR.3).',
  problem: 'The key policy lets principals create grants that are not for an AWS service',
  fix:
    "Use the keys our constructs create (the stack's shared keys), whose policies carry this statement. On your " +
    'own key add one with `key.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: ' +
    "[new iam.AnyPrincipal()], actions: ['kms:CreateGrant'], resources: ['*'], conditions: { BoolIfExists: { " +
    "'kms:GrantIsForAWSResource': 'false' } } }))` (AWS::KMS::Key KeyPolicy).",
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-4'],
    nist: ['AC-6', 'SC-12'],
  },
  guard: {
    resourceTypes: ['AWS::KMS::Key'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.KeyPolicy.Statement exists <<MESSAGE>>
      some %properties.KeyPolicy.Statement[*] {
        Effect == 'Deny' <<MESSAGE>>
        Principal is_string or some Principal.AWS[*] == '*'
        Principal == '*' or some Principal.AWS[*] == '*'
        NotPrincipal !exists
        NotAction !exists or NotAction is_list
        NotAction !exists or NotAction empty
        some Action[*] == ${guardCoveringPatterns('kms:CreateGrant')}
        some Resource[*] == '*'
        Condition is_struct
        Condition[ keys != /^(Bool|BoolIfExists)$/ ] empty
        Condition.* is_struct
        Condition.*[ keys != /(?i)^(kms:grantisforawsresource|aws:principalisawsservice)$/ ] empty
        Condition.*.*[*] in [false, 'false', 'False', 'FALSE']
        Condition.*[ keys == /(?i)^kms:grantisforawsresource$/ ] !empty
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::KMS::Key') {
      return 'not-applicable';
    }
    return statementsOf(resource.properties.KeyPolicy).some(deniesGrantsNotForAwsResources)
      ? 'compliant'
      : 'non-compliant';
  },
};

/** True for a deny of `kms:CreateGrant` to everyone, on the key, unless the grant is for an AWS resource. */
function deniesGrantsNotForAwsResources(statement: PolicyStatementJson): boolean {
  return (
    isDeny(statement) &&
    isEveryone(statement.Principal) &&
    statement.NotPrincipal === undefined &&
    !hasNotAction(statement) &&
    actionsOf(statement).some((pattern) => actionMatches(pattern, 'kms:CreateGrant')) &&
    literalStrings(statement.Resource).includes('*') &&
    isOnlyWhenGrantNotForAwsResource(statement.Condition)
  );
}

/**
 * True when the condition is `Bool` or `BoolIfExists` on `kms:GrantIsForAWSResource` = false, optionally with
 * `aws:PrincipalIsAWSService` = false, and nothing else.
 */
function isOnlyWhenGrantNotForAwsResource(condition: unknown): boolean {
  if (!isObject(condition)) {
    return false;
  }
  const tested = new Set<string>();
  for (const [operator, keys] of Object.entries(condition)) {
    if ((operator !== 'Bool' && operator !== 'BoolIfExists') || !isObject(keys)) {
      return false;
    }
    for (const [key, value] of Object.entries(keys)) {
      const name = key.toLowerCase();
      const isFalse = asArray(value).length === 1 && String(asArray(value)[0]).toLowerCase() === 'false';
      if ((name !== GRANT_FOR_AWS_RESOURCE && name !== PRINCIPAL_IS_AWS_SERVICE) || !isFalse) {
        return false;
      }
      tested.add(name);
    }
  }
  return tested.has(GRANT_FOR_AWS_RESOURCE);
}

/**
 * A Guard regular expression for the literal IAM action patterns that cover `action`: the action itself, or a
 * prefix of it followed by `*` (`*`, `kms:*`, `kms:Create*`), with `?` for any one character, in any case.
 * Patterns with a `*` before their end (`kms:*Grant`, `*:*`) are not in it.
 */
function guardCoveringPatterns(action: string): string {
  const chars = action.split('').map((c) => `(${c.replace(/[.+^${}()|[\]\\*?/]/g, '\\$&')}|\\?)`);
  const prefixes = chars.reduceRight((rest, c) => `(${c}${rest})?`, '');
  return `/(?i)^(${chars.join('')}|${prefixes}\\*+)$/`;
}
