import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet } from '../template-values';

/**
 * A CloudWatch Logs log group is encrypted with a customer-managed KMS key.
 * @internal
 */
export const LogGroupCustomerManagedKey: RuleDefinition = {
  name: 'LogGroupCustomerManagedKey',
  title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
  explanation:
    'Function and API logs routinely capture request payloads, identifiers and error details. Without KmsKeyId a ' +
    'log group is encrypted with a key CloudWatch Logs owns, so anyone allowed logs:GetLogEvents reads them and ' +
    'access cannot be revoked per log group. Set KmsKeyId to a customer-managed key whose policy allows the ' +
    'logs.<region>.amazonaws.com service principal for that log group.',
  problem: 'The log group is encrypted with a key CloudWatch Logs owns, not a customer-managed key',
  fix:
    "Use the log groups our constructs create, encrypted with the stack's shared log key. On your own log group " +
    'set `encryptionKey` to a customer-managed key whose policy allows the logs.<region>.amazonaws.com service ' +
    'principal for it (AWS::Logs::LogGroup KmsKeyId).',
  control: 'CloudWatchLogGroupEncrypted',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3', 'SAS-5'],
    hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
    pci: ['3.4'],
    nist: ['AU-9', 'SC-28(1)'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Logs::LogGroup'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.KmsKeyId exists <<MESSAGE>>
      %properties.KmsKeyId !is_null <<MESSAGE>>
      %properties.KmsKeyId !is_string or %properties.KmsKeyId != '' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Logs::LogGroup') {
      return 'not-applicable';
    }
    return isSet(resource.properties.KmsKeyId) ? 'compliant' : 'non-compliant';
  },
};
