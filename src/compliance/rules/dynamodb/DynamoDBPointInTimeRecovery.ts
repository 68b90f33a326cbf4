import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { asArray, isObject, isTrue } from '../template-values';

/**
 * A DynamoDB table has point-in-time recovery.
 * @internal
 */
export const DynamoDBPointInTimeRecovery: RuleDefinition = {
  name: 'DynamoDBPointInTimeRecovery',
  title: 'DynamoDB tables have point-in-time recovery',
  explanation:
    'Without point-in-time recovery, a bad deployment, a bug or a compromised role that overwrites or deletes ' +
    'items can only be undone back to the last backup, and everything written since is lost. Set ' +
    'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled true (for a global table, on every replica): ' +
    'DynamoDB then restores the table to any second of the last 35 days.',
  problem: 'The table has point-in-time recovery off',
  fix:
    'Use EncryptedTable, which turns point-in-time recovery on (leave `optOuts.pointInTimeRecovery` unset). On ' +
    'your own table set `pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }` ' +
    '(AWS::DynamoDB::Table PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled true; for a global table, ' +
    'on every replica).',
  control: 'DynamoDBPITREnabled',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)'],
    pci: ['10.5.3'],
    nist: ['CP-9', 'CP-10'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      when Type == 'AWS::DynamoDB::Table' or ResourceType == 'AWS::DynamoDB::Table' {
        %properties.PointInTimeRecoverySpecification is_struct <<MESSAGE>>
        %properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled !is_list <<MESSAGE>>
        %properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled == true or
          %properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled == /^(?i)true$/ <<MESSAGE>>
      }
      when Type == 'AWS::DynamoDB::GlobalTable' or ResourceType == 'AWS::DynamoDB::GlobalTable' {
        some %properties.Replicas[*] is_struct <<MESSAGE>>
        %properties.Replicas[*] {
          when this is_struct {
            PointInTimeRecoverySpecification is_struct <<MESSAGE>>
            PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled !is_list <<MESSAGE>>
            PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled == true or
              PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled == /^(?i)true$/ <<MESSAGE>>
          }
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type === 'AWS::DynamoDB::Table') {
      return isEnabled(resource.properties.PointInTimeRecoverySpecification) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = asArray(resource.properties.Replicas).filter(isObject);
      const everyReplica = replicas.length > 0 && replicas.every((r) => isEnabled(r.PointInTimeRecoverySpecification));
      return everyReplica ? 'compliant' : 'non-compliant';
    }
    return 'not-applicable';
  },
};

function isEnabled(specification: unknown): boolean {
  return isObject(specification) && isTrue(specification.PointInTimeRecoveryEnabled);
}
