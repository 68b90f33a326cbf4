import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject } from '../template-values';

/**
 * A Lambda code signing config blocks deployments of unsigned or untrusted code.
 * @internal
 */
export const LambdaCodeSigningEnforced: RuleDefinition = {
  name: 'LambdaCodeSigningEnforced',
  title: 'Lambda code signing configs enforce signatures',
  explanation:
    'With UntrustedArtifactOnDeployment at Warn (its default), Lambda deploys code whose signature is missing, ' +
    'expired, revoked or from a profile the config does not trust, and only records a metric and a CloudTrail ' +
    'event, so tampered code reaches production. Set it to Enforce, and deploy code signed by AWS Signer from ' +
    'an S3 object.',
  problem: 'The code signing config only warns about code that is unsigned or signed by an untrusted profile',
  fix:
    'Give SecureFunction `signingProfiles` and leave `optOuts.codeSigningEnforcement` unset. On your own ' +
    '`lambda.CodeSigningConfig` set `untrustedArtifactOnDeployment: lambda.UntrustedArtifactOnDeployment.ENFORCE` ' +
    '(AWS::Lambda::CodeSigningConfig CodeSigningPolicies.UntrustedArtifactOnDeployment Enforce).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3', 'SAS-6'],
    nist: ['SI-7', 'CM-14'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::CodeSigningConfig'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.CodeSigningPolicies is_struct <<MESSAGE>>
      %properties.CodeSigningPolicies.UntrustedArtifactOnDeployment == 'Enforce' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::CodeSigningConfig') {
      return 'not-applicable';
    }
    const policies = resource.properties.CodeSigningPolicies;
    const action = isObject(policies) ? policies.UntrustedArtifactOnDeployment : undefined;
    return action === 'Enforce' ? 'compliant' : 'non-compliant';
  },
};
