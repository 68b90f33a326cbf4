import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ApiThrottling } from '../api/secure-api-props';

/**
 * Properties of a SecureHttpApi: the aws-cdk-lib `HttpApi` props a user needs, with secure defaults.
 */
export interface SecureHttpApiProps {
  /**
   * The name of the HTTP API.
   *
   * @default - the construct's id
   */
  readonly apiName?: string;

  /**
   * The description of the HTTP API.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The authorizer of every route that `addRoutes` adds without an `authorizer` of its own: `HttpIamAuthorizer`,
   * a JWT authorizer (for example `HttpUserPoolAuthorizer` on a SecureUserPool) or a Lambda authorizer.
   * `HttpNoneAuthorizer` is refused: a public route is opted out one by one with `allowUnauthenticated`.
   *
   * @default - new HttpIamAuthorizer() (callers sign requests with SigV4)
   */
  readonly defaultAuthorizer?: apigatewayv2.IHttpRouteAuthorizer;

  /**
   * The OAuth scopes a JWT or Cognito default authorizer requires on every route. Refused with an IAM or Lambda
   * authorizer, to which API Gateway gives no scopes. A route opened with `allowUnauthenticated` has none.
   *
   * @default - none
   */
  readonly defaultAuthorizationScopes?: string[];

  /**
   * CORS settings, passed to aws-cdk-lib's `HttpApi` as they are. API Gateway answers preflight requests itself,
   * before any authorizer runs.
   *
   * @default - CORS is not configured
   */
  readonly corsPreflight?: apigatewayv2.CorsPreflightOptions;

  /**
   * Throttling of the default stage's routes (`DefaultRouteSettings`).
   *
   * @default - 100 requests per second, bursts of 200
   */
  readonly throttling?: ApiThrottling;

  /**
   * A custom domain for the API, created with the API and mapped to its default stage. HTTP APIs accept only
   * regional custom domains, with TLS 1.2: `endpointType` EDGE and `securityPolicy` TLS_1_0 are refused. The
   * certificate must be an ACM certificate in the API's region; the DNS record that points the name at the
   * domain's `regionalDomainName` is yours to create.
   *
   * @default - no custom domain
   */
  readonly domainName?: apigatewayv2.DomainNameProps;

  /**
   * The path under the custom domain at which the API is served (`ApiMappingKey`), for example `orders` for
   * `https://api.example.com/orders`. Requires `domainName`.
   *
   * @default - the API is served at the root of the domain
   */
  readonly domainMappingKey?: string;

  /**
   * Turn off the default `execute-api` endpoint, so that clients reach the API only through its custom domain.
   * Requires `domainName`: without it the API could not be called at all.
   *
   * @default false
   */
  readonly disableExecuteApiEndpoint?: boolean;

  /**
   * How long the access logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The topic the API's alarm notifies.
   *
   * @default - the stack's shared alarm topic
   */
  readonly alarmTopic?: sns.ITopic;
}
