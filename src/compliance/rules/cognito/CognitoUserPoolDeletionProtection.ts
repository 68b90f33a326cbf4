import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/**
 * A Cognito user pool has deletion protection.
 * @internal
 */
export const CognitoUserPoolDeletionProtection: RuleDefinition = {
  name: 'CognitoUserPoolDeletionProtection',
  title: 'Cognito user pools have deletion protection',
  explanation:
    'Deleting a user pool deletes every user, their passwords and MFA devices, and the pool id that tokens and ' +
    'app clients name; nothing restores it. Without deletion protection one DeleteUserPool call (a stack ' +
    'replacement, a console click or a compromised role) does that. Set DeletionProtection ACTIVE and keep the ' +
    'RemovalPolicy at RETAIN.',
  problem: 'The user pool has deletion protection off',
  fix:
    'Use SecureUserPool, which turns deletion protection on and retains the pool (leave ' +
    '`optOuts.deletionProtection` unset). On your own pool set `deletionProtection: true` and keep ' +
    '`removalPolicy: RemovalPolicy.RETAIN` (AWS::Cognito::UserPool DeletionProtection ACTIVE).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    nist: ['CP-9', 'SI-12'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPool'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.DeletionProtection is_string <<MESSAGE>>
      %properties.DeletionProtection == 'ACTIVE' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPool') {
      return 'not-applicable';
    }
    return resource.properties.DeletionProtection === 'ACTIVE' ? 'compliant' : 'non-compliant';
  },
};
