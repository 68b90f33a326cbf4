import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { asArray, isObject, isTrue } from '../template-values';

/**
 * A DynamoDB table has deletion protection.
 * @internal
 */
export const DynamoDBDeletionProtection: RuleDefinition = {
  name: 'DynamoDBDeletionProtection',
  title: 'DynamoDB tables have deletion protection',
  explanation:
    'Without deletion protection, one DeleteTable call (a mistaken stack update or replacement, a console click, ' +
    'or a compromised role) destroys the table and its data; backups restore it only to a new table, after an ' +
    'outage. Set DeletionProtectionEnabled true (for a global table, on every replica) and keep the ' +
    'RemovalPolicy at RETAIN.',
  problem: 'The table has deletion protection off',
  fix:
    'Use EncryptedTable, which turns deletion protection on and retains the table (leave ' +
    '`optOuts.deletionProtection` unset). On your own table set `deletionProtection: true` and keep ' +
    '`removalPolicy: RemovalPolicy.RETAIN` (AWS::DynamoDB::Table DeletionProtectionEnabled true; for a global ' +
    'table, on every replica).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    nist: ['CP-9', 'SI-12'],
  },
  guard: {
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      when Type == 'AWS::DynamoDB::Table' or ResourceType == 'AWS::DynamoDB::Table' {
        %properties.DeletionProtectionEnabled !is_list <<MESSAGE>>
        %properties.DeletionProtectionEnabled == true or %properties.DeletionProtectionEnabled == /^(?i)true$/ <<MESSAGE>>
      }
      when Type == 'AWS::DynamoDB::GlobalTable' or ResourceType == 'AWS::DynamoDB::GlobalTable' {
        some %properties.Replicas[*] is_struct <<MESSAGE>>
        %properties.Replicas[*] {
          when this is_struct {
            DeletionProtectionEnabled !is_list <<MESSAGE>>
            DeletionProtectionEnabled == true or DeletionProtectionEnabled == /^(?i)true$/ <<MESSAGE>>
          }
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type === 'AWS::DynamoDB::Table') {
      return isTrue(resource.properties.DeletionProtectionEnabled) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = asArray(resource.properties.Replicas).filter(isObject);
      const everyReplica = replicas.length > 0 && replicas.every((r) => isTrue(r.DeletionProtectionEnabled));
      return everyReplica ? 'compliant' : 'non-compliant';
    }
    return 'not-applicable';
  },
};
