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
