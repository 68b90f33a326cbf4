import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { referencedLogicalId } from '../template-values';

/** Guard clauses: the route's AuthorizationType is set, and is not NONE (an intrinsic counts as set). */
const AUTHORIZED = [
  '%properties.AuthorizationType exists <<MESSAGE>>',
  "%properties.AuthorizationType !is_string or %properties.AuthorizationType != 'NONE' <<MESSAGE>>",
];

/** The condition of a WebSocket API (`%api`) route other than $connect, negated, in conjunctive form. */
const NOT_SKIPPED_WEBSOCKET_ROUTE = [
  "%api.Properties.ProtocolType !exists or %api.Properties.ProtocolType !is_string or %api.Properties.ProtocolType != 'WEBSOCKET' or %properties.RouteKey == '$connect'",
  "%api.Properties.ProtocolType !exists or %api.Properties.ProtocolType !is_string or %api.Properties.ProtocolType != 'WEBSOCKET' or %properties.RouteKey is_string",
];

/** Guard clauses: {@link AUTHORIZED}, unless `%api` is a WebSocket API and the route is not $connect. */
const AUTHORIZED_UNLESS_WEBSOCKET = [
  'when %api empty {',
  ...AUTHORIZED.map((c) => `  ${c}`),
  '}',
  'when %api !empty',
  ...NOT_SKIPPED_WEBSOCKET_ROUTE.map((c, i, all) => `     ${c}${i === all.length - 1 ? ' {' : ''}`),
  ...AUTHORIZED.map((c) => `  ${c}`),
  '}',
];

/** `lines`, the first as they are and the others indented by `spaces`, to interpolate in an indented template. */
function nest(lines: readonly string[], spaces: number): string {
  return lines.map((line, i) => (i === 0 ? line : `${' '.repeat(spaces)}${line}`)).join('\n');
}

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
  guard: {
    resourceTypes: ['AWS::ApiGatewayV2::Route'],
    scope: 'template',
    preamble: `
      let secureserverless_httpapirouteauthorization_all = Resources
    `,
    // The API a route names (Ref, Fn::GetAtt as a list or as 'Id.Attribute') is looked up by logical id; a
    // WebSocket API's routes other than $connect are skipped.
    clauses: `
      %properties !empty <<MESSAGE>>
      let api_ref = %properties.ApiId
      when %api_ref !is_struct {
        ${nest(AUTHORIZED, 8)}
      }
      when %api_ref is_struct
           %api_ref.Ref is_string {
        let api = %secureserverless_httpapirouteauthorization_all[ keys == %api_ref.Ref ]
        ${nest(AUTHORIZED_UNLESS_WEBSOCKET, 8)}
      }
      when %api_ref is_struct
           %api_ref.Ref !is_string
           %api_ref.'Fn::GetAtt' is_list {
        let api_id = %api_ref.'Fn::GetAtt'[0]
        when %api_id is_string {
          let api = %secureserverless_httpapirouteauthorization_all[ keys == %api_id ]
          ${nest(AUTHORIZED_UNLESS_WEBSOCKET, 10)}
        }
        when %api_id !is_string {
          ${nest(AUTHORIZED, 10)}
        }
      }
      when %api_ref is_struct
           %api_ref.Ref !is_string
           %api_ref.'Fn::GetAtt' is_string {
        let api_id = regex_replace(%api_ref.'Fn::GetAtt', "^([^.]*)(?s:.*)$", "$1")
        let api = %secureserverless_httpapirouteauthorization_all[ keys == %api_id ]
        ${nest(AUTHORIZED_UNLESS_WEBSOCKET, 8)}
      }
      when %api_ref is_struct
           %api_ref.Ref !is_string
           %api_ref.'Fn::GetAtt' !is_list
           %api_ref.'Fn::GetAtt' !is_string {
        ${nest(AUTHORIZED, 8)}
      }
    `,
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
