import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/** The authentication flows the rule accepts: SRP, and refreshing tokens. */
const ACCEPTED_FLOWS = new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);

/**
 * A Cognito user pool app client allows only the SRP flow (and refresh tokens): no plaintext-password or custom
 * flows.
 * @internal
 */
export const CognitoUserPoolClientAuthFlows: RuleDefinition = {
  name: 'CognitoUserPoolClientAuthFlows',
  title: 'Cognito app clients sign users in with SRP only',
  explanation:
    'With Secure Remote Password (ALLOW_USER_SRP_AUTH) the password never leaves the client. ALLOW_USER_PASSWORD_AUTH ' +
    'and ALLOW_ADMIN_USER_PASSWORD_AUTH send it to Cognito (and through any code in between), and ALLOW_CUSTOM_AUTH and ' +
    'ALLOW_USER_AUTH hand sign-in to Lambda triggers or other factors that need their own review. Without ' +
    'ExplicitAuthFlows, Cognito allows ALLOW_CUSTOM_AUTH too.',
  problem: 'The app client allows an authentication flow other than SRP (ExplicitAuthFlows)',
  fix:
    'Create the client with SecureUserPool.addClient, which allows only SRP (other flows need ' +
    '`addClientWithOptOuts(id, options, { authFlows: { reason } })`). On your own client set ' +
    '`authFlows: { userSrp: true }` (AWS::Cognito::UserPoolClient ExplicitAuthFlows ALLOW_USER_SRP_AUTH and ' +
    'ALLOW_REFRESH_TOKEN_AUTH).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(d)'],
    pci: ['8.2.1'],
    nist: ['IA-5(1)'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPoolClient'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.ExplicitAuthFlows exists <<MESSAGE>>
      %properties.ExplicitAuthFlows is_list <<MESSAGE>>
      when %properties.ExplicitAuthFlows is_list {
        when %properties.ExplicitAuthFlows !empty {
          %properties.ExplicitAuthFlows[*] is_string <<MESSAGE>>
          %properties.ExplicitAuthFlows[*] in ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] <<MESSAGE>>
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPoolClient') {
      return 'not-applicable';
    }
    const flows: unknown = resource.properties.ExplicitAuthFlows;
    if (!Array.isArray(flows)) {
      return 'non-compliant'; // Cognito's default includes ALLOW_CUSTOM_AUTH
    }
    return flows.every((flow) => typeof flow === 'string' && ACCEPTED_FLOWS.has(flow)) ? 'compliant' : 'non-compliant';
  },
};
