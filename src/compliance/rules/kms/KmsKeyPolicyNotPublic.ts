import { Severity } from '../../vocabulary';
import { isAllow, isEveryone, statementsOf } from '../policy-statements';
import { RuleDefinition } from '../rule';
import { isObject } from '../template-values';

/**
 * Condition keys that limit an Allow to everyone to callers of one account or organization. Lower case:
 * condition keys are case-insensitive.
 */
const ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalaccount', 'aws:principalorgid', 'aws:sourceaccount'];

/**
 * A KMS key policy allows nothing to everyone without limiting the callers to an account or organization.
 * Findings are the statements, by `Sid` or by position (`#1`).
 * @internal
 */
export const KmsKeyPolicyNotPublic: RuleDefinition = {
  name: 'KmsKeyPolicyNotPublic',
  title: 'KMS key policies allow nothing to everyone',
  explanation:
    'An Allow statement with Principal "*" (or {"AWS": "*"}) in a key policy lets any AWS account use the key as ' +
    'far as the actions go: decrypt the data it protects, or grant it on. Name the principals (the account root, ' +
    'roles, service principals with aws:SourceAccount), or limit the statement with a condition on ' +
    'kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID or aws:SourceAccount.',
  problem: 'The key policy has a statement that allows everyone (Principal "*") from any account',
  fix:
    'Name the principals of the statement (the account root, roles, service principals with aws:SourceAccount), or ' +
    'limit it with a condition on kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID or aws:SourceAccount ' +
    '(`key.addToResourcePolicy` conditions; AWS::KMS::Key KeyPolicy). The keys our constructs create name their ' +
    'principals.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-4', 'SAS-7'],
    hipaa: ['164.312(a)(1)'],
    pci: ['3.5.2', '7.2.1'],
    nist: ['AC-3', 'AC-6', 'SC-12'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::KMS::Key'],
    scope: 'resource',
    clauses: `
      when %properties.KeyPolicy.Statement exists {
        let statements = %properties.KeyPolicy.Statement[*]
        %statements[
          Effect == 'Allow'
          Principal is_string or some Principal.AWS[*] == '*'
          Principal == '*' or some Principal.AWS[*] == '*'
        ] {
          Condition is_struct <<MESSAGE>>
          some Condition.*[ keys == /(?i)^(kms:calleraccount|aws:principalaccount|aws:principalorgid|aws:sourceaccount)$/ ] !empty <<MESSAGE>>
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::KMS::Key') {
      return 'not-applicable';
    }
    return statementsOf(resource.properties.KeyPolicy).flatMap((statement, index) =>
      isAllow(statement) && isEveryone(statement.Principal) && !limitsCallers(statement.Condition)
        ? [typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index + 1}`]
        : [],
    );
  },
};

/** True when the condition tests one of the account or organization keys. */
function limitsCallers(condition: unknown): boolean {
  if (!isObject(condition)) {
    return false;
  }
  return Object.values(condition).some(
    (keys) => isObject(keys) && Object.keys(keys).some((key) => ACCOUNT_KEYS.includes(key.toLowerCase())),
  );
}
