import { Duration, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RouteSecurity } from './route-security';
import { SecureHttpApiProps } from './secure-http-api-props';
import { recordCreationSite } from '../compliance/creation-site';
import { apiHealthConditions } from '../core/api-health';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { createHealthAlarm, healthMetric } from '../core/health-alarm';
import { createEncryptedLogGroup } from '../core/log-groups';
import { OptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { StackDefaults } from '../core/stack-defaults';
import { validateIntegerInRange, validateNonBlank, validateOrdered } from '../core/validate';

const DEFAULT_RATE_LIMIT = 100;
const DEFAULT_BURST_LIMIT = 200;

/** The access log record: one JSON object per request, with HTTP API context variables and no bodies. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * An API Gateway HTTP API on which every route is authorized (IAM by default, or the given JWT or Lambda
 * authorizer), with JSON access logs of its default stage in an encrypted log group, default-route throttling,
 * and one alarm on 4XX and 5XX rates and p99 latency. Add routes the aws-cdk-lib way, with `addRoutes`.
 *
 * A route added with `HttpNoneAuthorizer` fails synth unless `allowUnauthenticated(route, optOut)` records
 * why. HTTP APIs cannot be associated with a WAF web ACL and do not validate requests: put CloudFront with
 * WAF in front of the API and validate in a Lambda authorizer or the function, or use SecureApi (REST).
 *
 * @example
 * declare const placeOrder: SecureFunction;
 * const api = new SecureHttpApi(this, 'Api');
 * api.addRoutes({ path: '/orders', methods: [apigatewayv2.HttpMethod.POST], integration: new HttpLambdaIntegration('PlaceOrder', placeOrder) });
 */
export class SecureHttpApi extends Resource implements apigatewayv2.IHttpApi {
  /** The underlying aws-cdk-lib HTTP API. */
  public readonly httpApi: apigatewayv2.HttpApi;
  /** The access log group of the default stage: JSON, encrypted, with retention. */
  public readonly accessLogGroup: logs.ILogGroup;
  /** The API's alarm (one, on 4XX and 5XX rates and p99 latency), in a list. */
  public readonly alarms: cloudwatch.Alarm[];

  /** The custom domain, when `domainName` is given. */
  public readonly domainName?: apigatewayv2.DomainName;

  /** Marks the API as an HTTP API, for aws-cdk-lib's `IHttpApi`. */
  public readonly isHttpApi = true;

  private readonly routeSecurity: RouteSecurity;

  constructor(scope: Construct, id: string, props: SecureHttpApiProps = {}) {
    super(scope, id);
    recordCreationSite(this);
    const defaults = StackDefaults.of(this);
    validateNonBlank(this, 'apiName', props.apiName);
    validateNonBlank(this, 'description', props.description);
    const throttling = resolveThrottling(this, props);
    const defaultAuthorizer = this.resolveAuthorizer(props.defaultAuthorizer);
    validateScopes(this, defaultAuthorizer, props.defaultAuthorizationScopes);
    validateDomain(this, props);

    this.accessLogGroup = createEncryptedLogGroup(
      this,
      'AccessLogs',
      defaults.logsKey,
      props.logRetention,
      'logRetention',
    );
    this.domainName = props.domainName
      ? new apigatewayv2.DomainName(this, 'Domain', {
          ...props.domainName,
          // Written after the spread: a `securityPolicy: undefined` given explicitly must not remove it, and
          // aws-cdk-lib writes no SecurityPolicy when it is undefined, whatever its documented default.
          securityPolicy: props.domainName.securityPolicy ?? apigatewayv2.SecurityPolicy.TLS_1_2,
        })
      : undefined;
    this.httpApi = new apigatewayv2.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: props.description,
      corsPreflight: props.corsPreflight,
      defaultAuthorizer,
      defaultAuthorizationScopes: props.defaultAuthorizationScopes,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
      defaultDomainMapping: this.domainName
        ? { domainName: this.domainName, mappingKey: props.domainMappingKey }
        : undefined,
      createDefaultStage: true,
    });
    this.configureDefaultStage(throttling);
    this.routeSecurity = new RouteSecurity(this, this.httpApi);
    this.node.addValidation({ validate: () => this.routeSecurity.unauthorizedRouteErrors() });
    this.alarms = this.createAlarms(props.alarmTopic ?? defaults.alarmTopic);
  }

  /** The API's id. */
  public get apiId(): string {
    return this.httpApi.apiId;
  }

  /** The API's id. */
  public get httpApiId(): string {
    return this.httpApi.httpApiId;
  }

  /** The default endpoint of the API. */
  public get apiEndpoint(): string {
    return this.httpApi.apiEndpoint;
  }

  /** The URL of the default stage. */
  public get url(): string | undefined {
    return this.httpApi.url;
  }

  /** The default stage: access logs and throttling are configured on it. */
  public get defaultStage(): apigatewayv2.IHttpStage | undefined {
    return this.httpApi.defaultStage;
  }

  /** The authorizer of routes added without one. */
  public get defaultAuthorizer(): apigatewayv2.IHttpRouteAuthorizer | undefined {
    return this.httpApi.defaultAuthorizer;
  }

  /** The OAuth scopes the default authorizer requires. */
  public get defaultAuthorizationScopes(): string[] | undefined {
    return this.httpApi.defaultAuthorizationScopes;
  }

  /** A reference to the API, for aws-cdk-lib's routes and integrations. */
  public get apiRef(): apigatewayv2.ApiReference {
    return this.httpApi.apiRef;
  }

  /**
   * Adds routes, as aws-cdk-lib's `HttpApi.addRoutes` does. A route without `authorizer` uses the API's
   * `defaultAuthorizer`.
   */
  public addRoutes(options: apigatewayv2.AddRoutesOptions): apigatewayv2.HttpRoute[] {
    return this.httpApi.addRoutes(options);
  }

  /**
   * Allows `route` to be called without authorization, for example a public health check. The opt-out's
   * reason is recorded on the route and listed in the compliance report.
   */
  public allowUnauthenticated(route: apigatewayv2.HttpRoute, optOut: OptOut): void {
    this.routeSecurity.allowUnauthenticated(route, optOut);
  }

  public addVpcLink(options: apigatewayv2.VpcLinkProps): apigatewayv2.VpcLink {
    return this.httpApi.addVpcLink(options);
  }

  public arnForExecuteApi(method?: string, path?: string, stage?: string): string {
    return this.httpApi.arnForExecuteApi(method, path, stage);
  }

  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.httpApi.applyRemovalPolicy(policy);
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metric(metricName, props);
  }

  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError(props);
  }

  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError(props);
  }

  public metricDataProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricDataProcessed(props);
  }

  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount(props);
  }

  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricIntegrationLatency(props);
  }

  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency(props);
  }

  private resolveAuthorizer(
    authorizer: apigatewayv2.IHttpRouteAuthorizer | undefined,
  ): apigatewayv2.IHttpRouteAuthorizer {
    if (authorizer instanceof apigatewayv2.HttpNoneAuthorizer) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'defaultAuthorizer',
        problem: 'HttpNoneAuthorizer as the default leaves every route without authorization',
        fix: `leave ${propRef('defaultAuthorizer')} out (IAM), pass a JWT or Lambda authorizer, and open single routes with ${propRef('api.allowUnauthenticated')}(route, ${propRef('{ reason }')})`,
      });
    }
    return authorizer ?? new HttpIamAuthorizer();
  }

  /**
   * JSON access logs and default-route throttling on the `$default` stage that aws-cdk-lib creates (set on its
   * `AWS::ApiGatewayV2::Stage`: `HttpApi` takes no options for its default stage). HTTP APIs have no execution
   * logs: API Gateway rejects a logging level on an HTTP API stage.
   */
  private configureDefaultStage(throttling: { rateLimit: number; burstLimit: number }): void {
    const stage = this.httpApi.defaultStage!.node.defaultChild as apigatewayv2.CfnStage;
    stage.accessLogSettings = { destinationArn: this.accessLogGroup.logGroupArn, format: ACCESS_LOG_FORMAT };
    stage.defaultRouteSettings = {
      throttlingRateLimit: throttling.rateLimit,
      throttlingBurstLimit: throttling.burstLimit,
      detailedMetricsEnabled: true,
    };
  }

  /**
   * One metric-math alarm: it fires when, within five minutes, 4XX responses reach 5% of requests, 5XX
   * responses reach 1%, or p99 latency reaches 5 s.
   */
  private createAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    const period = Duration.minutes(5);
    const conditions = apiHealthConditions(this.httpApi, period);
    const health = healthMetric(conditions, period, 'conditions met');
    const description = `${this.node.path}: in 5 minutes, ${conditions.map((c) => c.what).join(', or ')}`;
    return [createHealthAlarm(this, health, description, topic)];
  }
}

/**
 * OAuth scopes belong to JWT authorizers: API Gateway refuses a route with scopes and AuthorizationType AWS_IAM or
 * CUSTOM ("Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types").
 */
function validateScopes(
  api: Construct,
  authorizer: apigatewayv2.IHttpRouteAuthorizer,
  scopes: string[] | undefined,
): void {
  if (
    scopes === undefined ||
    !(authorizer instanceof HttpIamAuthorizer || authorizer instanceof HttpLambdaAuthorizer)
  ) {
    return;
  }
  throw new SecureConfigError(api, {
    code: SecureErrorCode.CONFLICTING_PROPS,
    prop: 'defaultAuthorizationScopes',
    problem: `OAuth scopes apply only to JWT authorizers, and the default authorizer is ${authorizer instanceof HttpIamAuthorizer ? 'IAM' : 'a Lambda authorizer'}: API Gateway would refuse every route`,
    fix: `remove ${propRef('defaultAuthorizationScopes')}, or set ${propRef('defaultAuthorizer')} to an HttpJwtAuthorizer or HttpUserPoolAuthorizer`,
  });
}

/**
 * The custom domain: HTTP APIs take only regional custom domains with TLS 1.2 ("For HTTP APIs, TLS 1.2 is the only
 * supported TLS version", API Gateway Developer Guide), and API Gateway does not accept uppercase domain names.
 */
function validateDomain(api: Construct, props: SecureHttpApiProps): void {
  const domain = props.domainName;
  if (!domain) {
    for (const prop of ['domainMappingKey', 'disableExecuteApiEndpoint'] as const) {
      if (props[prop] !== undefined && props[prop] !== false) {
        throw new SecureConfigError(api, {
          code: SecureErrorCode.CONFLICTING_PROPS,
          prop,
          problem:
            prop === 'domainMappingKey'
              ? 'a mapping key is given without a custom domain to map it on'
              : 'the execute-api endpoint is turned off and there is no custom domain, so the API could not be called at all',
          fix: `add ${propRef('domainName')}, or remove ${propRef(prop)}`,
        });
      }
    }
    return;
  }
  validateNonBlank(api, 'domainName.domainName', domain.domainName);
  validateNonBlank(api, 'domainMappingKey', props.domainMappingKey);
  if (!Token.isUnresolved(domain.domainName) && domain.domainName !== domain.domainName.toLowerCase()) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'domainName.domainName',
      problem: `'${domain.domainName}' has uppercase letters, which API Gateway does not accept in a custom domain name`,
      fix: `write it in lowercase: '${domain.domainName.toLowerCase()}'`,
    });
  }
  if (domain.endpointType === apigatewayv2.EndpointType.EDGE) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'domainName.endpointType',
      problem:
        'HTTP APIs can be mapped only to regional custom domains, so an edge-optimized domain would fail to deploy',
      fix: `leave ${propRef('endpointType')} out (REGIONAL); for a CloudFront edge in front of the API, with AWS WAF, put a CloudFront distribution before the regional domain`,
    });
  }
  if (domain.securityPolicy === apigatewayv2.SecurityPolicy.TLS_1_0) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'domainName.securityPolicy',
      problem: 'TLS 1.0 has known weaknesses, is not allowed by PCI DSS, and HTTP APIs support only TLS 1.2',
      fix: `leave ${propRef('securityPolicy')} out (TLS 1.2)`,
    });
  }
}

function resolveThrottling(api: Construct, props: SecureHttpApiProps): { rateLimit: number; burstLimit: number } {
  const rateLimit = props.throttling?.rateLimit ?? DEFAULT_RATE_LIMIT;
  const burstLimit = props.throttling?.burstLimit ?? Math.max(DEFAULT_BURST_LIMIT, rateLimit);
  validateIntegerInRange(api, 'throttling.rateLimit', rateLimit, 1, 10_000_000);
  validateIntegerInRange(api, 'throttling.burstLimit', burstLimit, 1, 10_000_000);
  validateOrdered(api, 'throttling.rateLimit', rateLimit, 'throttling.burstLimit', burstLimit);
  return { rateLimit, burstLimit };
}
