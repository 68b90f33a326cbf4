import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { referencedLogicalId } from '../template-values';

/**
 * Every HTTP API route, and every WebSocket API's `$connect` route, has an authorizer.
 * @internal
 */
export const HttpApiRouteAuthorization: RuleDefinition = {
  name: 'HttpApiRouteAuthorization',
  title: 'API Gateway HTTP and WebSocket API routes require authorization',
  explanation:
    'A route with AuthorizationType NONE (or none set) lets anyone on the internet call its integration. Use ' +
    'AWS_IAM, a JWT authorizer or a Lambda authorizer on every route. On a WebSocket API only $connect can carry ' +
    'an authorizer, so the other routes of a WebSocket API in the same template are not checked.',
  problem: 'The HTTP or WebSocket API route lets anyone call it (AuthorizationType NONE)',
  fix:
    'Give the route an authorizer: `defaultAuthorizer` of the `apigatewayv2.HttpApi`, or `authorizer` in ' +
    '`addRoutes` (HttpIamAuthorizer, HttpJwtAuthorizer or HttpLambdaAuthorizer), and `authorizer` of a WebSocket ' +
    "API's $connect route (AWS::ApiGatewayV2::Route AuthorizationType AWS_IAM, JWT or CUSTOM). SecureHttpApi " +
    'authorizes every route of an HTTP API through `defaultAuthorizer` (IAM unless you pass another).',
  control: 'APIGWAuthorization',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(a)(1)', '164.312(d)'],
    pci: ['7.2.1', '8.1'],
    nist: ['AC-3', 'IA-2'],
    gdpr: ['Art. 32'],
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::ApiGatewayV2::Route') {
      return 'not-applicable';
    }
    const apiId = referencedLogicalId(resource.properties.ApiId);
    const api = apiId === undefined ? undefined : template.resources.get(apiId);
    if (api?.properties.ProtocolType === 'WEBSOCKET' && resource.properties.RouteKey !== '$connect') {
      return 'not-applicable';
    }
    const authorization = resource.properties.AuthorizationType;
    return authorization === undefined || authorization === 'NONE' ? 'non-compliant' : 'compliant';
  },
};
