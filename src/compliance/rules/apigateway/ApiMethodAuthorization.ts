import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/** Guard conditions that all hold for a CORS preflight method: OPTIONS, with a MOCK integration. */
const CORS_PREFLIGHT = [
  '%properties.HttpMethod is_string',
  "%properties.HttpMethod == 'OPTIONS'",
  '%properties.Integration is_struct',
  '%properties.Integration.Type is_string',
  "%properties.Integration.Type == 'MOCK'",
];

/** Guard conditions that all hold for an authorized method: AuthorizationType set, and (if a string) not NONE. */
const AUTHORIZED = [
  '%properties.AuthorizationType exists',
  '%properties.AuthorizationType !is_string or %properties.AuthorizationType != /^(?i)NONE$/',
];

/**
 * Every REST API method has an authorizer, except CORS preflight methods answered by a mock integration.
 * @internal
 */
export const ApiMethodAuthorization: RuleDefinition = {
  name: 'ApiMethodAuthorization',
  title: 'API Gateway REST API methods require authorization',
  explanation:
    'A method with AuthorizationType NONE (or none set) lets anyone on the internet call the integration behind ' +
    'it; an API key is an identifier for usage plans, not authentication. Use IAM, a Cognito user pool or a ' +
    'Lambda authorizer on every method. OPTIONS methods with a MOCK integration (CORS preflight) are exempt, as ' +
    'they never reach the backend.',
  problem: 'The REST API method lets anyone call it (AuthorizationType NONE)',
  fix:
    'Use SecureApi, which authorizes every method with `authorizer` (IAM by default), and call ' +
    '`api.allowUnauthenticated(method, optOut)` only for a method that is public by design. On your own REST API ' +
    'pass `authorizationType` (IAM, COGNITO or CUSTOM) and `authorizer` to `addMethod` or `defaultMethodOptions` ' +
    '(AWS::ApiGateway::Method AuthorizationType and AuthorizerId).',
  control: 'APIGWAuthorization',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(a)(1)', '164.312(d)'],
    pci: ['7.2.1', '8.1'],
    nist: ['AC-3', 'IA-2'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::ApiGateway::Method'],
    scope: 'resource',
    // (a MOCK OPTIONS method) or (authorized), in conjunctive form: each clause is one condition of the first or
    // one of the second.
    clauses: [
      '%properties !empty <<MESSAGE>>',
      ...CORS_PREFLIGHT.flatMap((p) => AUTHORIZED.map((a) => `${p} or ${a} <<MESSAGE>>`)),
    ].join('\n'),
  },
  check: (resource) => {
    if (resource.type !== 'AWS::ApiGateway::Method') {
      return 'not-applicable';
    }
    const { HttpMethod, AuthorizationType, Integration } = resource.properties;
    if (HttpMethod === 'OPTIONS' && Integration?.Type === 'MOCK') {
      return 'compliant';
    }
    const authorization = typeof AuthorizationType === 'string' ? AuthorizationType.toUpperCase() : AuthorizationType;
    return authorization === undefined || authorization === 'NONE' ? 'non-compliant' : 'compliant';
  },
};
