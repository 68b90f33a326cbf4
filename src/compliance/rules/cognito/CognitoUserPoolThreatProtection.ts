import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject } from '../template-values';

/**
 * A Cognito user pool has threat protection in full-function (ENFORCED) mode for standard authentication.
 * @internal
 */
export const CognitoUserPoolThreatProtection: RuleDefinition = {
  name: 'CognitoUserPoolThreatProtection',
  title: 'Cognito user pools enforce threat protection',
  explanation:
    'Threat protection (formerly advanced security) blocks sign-ins with compromised credentials and answers risky ' +
    'sign-ins (unknown device, location or IP) with MFA or a block; in audit mode it only publishes metrics. It ' +
    'needs the Plus feature plan, which costs more per monthly active user. AWS Security Hub Cognito.1 asks for ' +
    'full-function enforcement for standard authentication.',
  problem: 'The user pool does not enforce threat protection (UserPoolAddOns AdvancedSecurityMode is not ENFORCED)',
  fix:
    'Use SecureUserPool, which uses the Plus feature plan with full-function threat protection (leave ' +
    '`optOuts.threatProtection` unset). On your own pool set `featurePlan: FeaturePlan.PLUS` and ' +
    '`standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION` (AWS::Cognito::UserPool ' +
    'UserPoolTier PLUS, UserPoolAddOns AdvancedSecurityMode ENFORCED).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(d)'],
    pci: ['8.1.6'],
    nist: ['AC-7', 'IA-2', 'SI-4'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPool'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.UserPoolAddOns is_struct <<MESSAGE>>
      %properties.UserPoolAddOns.AdvancedSecurityMode is_string <<MESSAGE>>
      %properties.UserPoolAddOns.AdvancedSecurityMode == 'ENFORCED' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPool') {
      return 'not-applicable';
    }
    const addOns = resource.properties.UserPoolAddOns;
    return isObject(addOns) && addOns.AdvancedSecurityMode === 'ENFORCED' ? 'compliant' : 'non-compliant';
  },
};
