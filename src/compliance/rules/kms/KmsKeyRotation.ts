import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isTrue } from '../template-values';

/**
 * A symmetric encryption KMS key with AWS-generated key material rotates automatically.
 * @internal
 */
export const KmsKeyRotation: RuleDefinition = {
  name: 'KmsKeyRotation',
  title: 'Symmetric KMS keys rotate automatically',
  explanation:
    'Without EnableKeyRotation, a customer-managed key encrypts with the same key material for its whole life, so ' +
    'the data exposed by a leaked or broken key version keeps growing. Set EnableKeyRotation true (yearly by ' +
    'default; RotationPeriodInDays to shorten it); old versions stay available to decrypt. Asymmetric and HMAC ' +
    'keys and keys with imported material cannot rotate automatically and are not checked.',
  problem: 'The symmetric key has automatic rotation off',
  fix:
    'Use the keys our constructs create, which rotate. On your own key set `enableKeyRotation: true`, and ' +
    '`rotationPeriod` to rotate more often than yearly (AWS::KMS::Key EnableKeyRotation true, ' +
    'RotationPeriodInDays).',
  control: 'KMSBackingKeyRotationEnabled',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3', 'SAS-7'],
    pci: ['3.6.4'],
    nist: ['SC-12'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::KMS::Key'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      when %properties.KeySpec !exists or %properties.KeySpec == 'SYMMETRIC_DEFAULT'
           %properties.Origin !exists or %properties.Origin == 'AWS_KMS' {
        %properties.EnableKeyRotation == true or %properties.EnableKeyRotation == /(?i)^true$/ <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::KMS::Key') {
      return 'not-applicable';
    }
    const spec = resource.properties.KeySpec ?? 'SYMMETRIC_DEFAULT';
    const origin = resource.properties.Origin ?? 'AWS_KMS';
    if (spec !== 'SYMMETRIC_DEFAULT' || origin !== 'AWS_KMS') {
      return 'not-applicable';
    }
    return isTrue(resource.properties.EnableKeyRotation) ? 'compliant' : 'non-compliant';
  },
};
