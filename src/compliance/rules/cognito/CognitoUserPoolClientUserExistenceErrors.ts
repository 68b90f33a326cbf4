import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/**
 * A Cognito user pool app client does not reveal whether a user exists.
 * @internal
 */
export const CognitoUserPoolClientUserExistenceErrors: RuleDefinition = {
  name: 'CognitoUserPoolClientUserExistenceErrors',
  title: 'Cognito app clients do not reveal which users exist',
  explanation:
    'With PreventUserExistenceErrors LEGACY (what Cognito uses when the property is absent), sign-in, ' +
    'confirmation and password-reset answer UserNotFoundException for unknown users, so anyone can test which ' +
    'e-mail addresses have an account and aim credential stuffing or phishing at them. ENABLED answers as for a ' +
    'wrong password.',
  problem: 'The app client reveals whether a user exists (PreventUserExistenceErrors is not ENABLED)',
  fix:
    'Create the client with SecureUserPool.addClient, which prevents user existence errors. On your own client set ' +
    '`preventUserExistenceErrors: true` (AWS::Cognito::UserPoolClient PreventUserExistenceErrors ENABLED).',
  severity: Severity.WARNING,
  frameworks: {
    owasp: ['SAS-2'],
    nist: ['IA-6'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPoolClient'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.PreventUserExistenceErrors is_string <<MESSAGE>>
      %properties.PreventUserExistenceErrors == 'ENABLED' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPoolClient') {
      return 'not-applicable';
    }
    return resource.properties.PreventUserExistenceErrors === 'ENABLED' ? 'compliant' : 'non-compliant';
  },
};
