import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet } from '../template-values';

/**
 * A CloudWatch Logs log group has a retention period.
 * @internal
 */
export const LogGroupRetention: RuleDefinition = {
  name: 'LogGroupRetention',
  title: 'CloudWatch log groups have a retention period',
  explanation:
    'A log group without RetentionInDays keeps its events forever: personal data in them outlives its purpose, and ' +
    'storage costs grow without bound. Set RetentionInDays to what your investigations and regulations need (for ' +
    'example one year for PCI DSS audit trails), and export to an archive if you need longer.',
  problem: 'The log group keeps its events forever: it has no retention period',
  fix:
    'Set SecureFunction or SecureApi `logRetention` (one year by default; INFINITE is refused). On your own log ' +
    'group set `retention` to a `logs.RetentionDays` other than INFINITE (AWS::Logs::LogGroup RetentionInDays), ' +
    'and export to an archive if you need longer.',
  control: 'CloudWatchLogGroupRetentionPeriod',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-5'],
    hipaa: ['164.312(b)'],
    pci: ['3.1', '10.7'],
    nist: ['AU-11', 'SI-12'],
    gdpr: ['Art. 5(1)(e)'],
  },
  guard: {
    resourceTypes: ['AWS::Logs::LogGroup'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.RetentionInDays exists <<MESSAGE>>
      %properties.RetentionInDays !is_null <<MESSAGE>>
      %properties.RetentionInDays !is_string or %properties.RetentionInDays != '' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Logs::LogGroup') {
      return 'not-applicable';
    }
    return isSet(resource.properties.RetentionInDays) ? 'compliant' : 'non-compliant';
  },
};
