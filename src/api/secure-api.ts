import { Aspects, Duration, IAspect, Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { ApiFirewall, MANAGED_BODY_LIMIT, MAX_INSPECTED_BODY } from './api-firewall';
import { SecureApiProps } from './secure-api-props';
import { registerInvocationRoute } from '../core/api-invocation';
import { alarmDescription, iamDescription, REST_API_NAME, restApiName } from '../core/aws-text';
import { CONTROL_RULES } from '../core/controls';
import { formatSecureConfigMessage, SecureConfigError, SecureErrorCode } from '../core/errors';
import { createEncryptedLogGroup, DEFAULT_LOG_RETENTION } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeException, applyOptOut, conflictWithOptOut, OptOut } from '../core/opt-out';
import { StackDefaults } from '../core/stack-defaults';
import {
  NameRule,
  requireLiteral,
  skipUnresolved,
  validateIntegerInRange,
  validateLogRetention,
  validateName,
  validateNonBlank,
  validateOrdered,
} from '../core/validate';

const DEFAULT_RATE_LIMIT = 100;
const DEFAULT_BURST_LIMIT = 200;
const DEFAULT_RATE_LIMIT_PER_IP = 2000;
const DEFAULT_CACHE_TTL = Duration.minutes(5);
const MAX_CACHE_TTL = Duration.hours(1);
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** What API Gateway accepts as a stage name. */
const STAGE_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+$/,
  characters: "letters, digits, '_' and '-'",
  minLength: 1,
  maxLength: 128,
};
/** The ARN of a regional WAFv2 web ACL, the only kind an API Gateway stage can be associated with. */
const REGIONAL_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/;

/** Alarm thresholds: share of requests answered with 4XX / 5XX, p99 latency, WAF blocks per period. */
const CLIENT_ERROR_RATE = 0.05;
const SERVER_ERROR_RATE = 0.01;
const LATENCY_P99 = Duration.seconds(5);
const BLOCKED_REQUESTS = 100;

/**
 * An API Gateway REST API on which every method is authorized (IAM by default, or the given Cognito or
 * Lambda authorizer) and request-validated, behind a WAF web ACL, throttled at the stage and by a usage
 * plan, with JSON access logs and execution logs (never bodies) in encrypted log groups, X-Ray tracing,
 * TLS 1.2+ on custom domains, an encrypted cache when caching is on, an optional private endpoint, and
 * alarms. Add resources and methods the usual way, through `root`.
 *
 * A method added with `AuthorizationType.NONE` fails synth unless `allowUnauthenticated(method, optOut)`
 * records why. CORS preflight (OPTIONS) methods stay unauthenticated, as browsers require.
 *
 * The account needs API Gateway's CloudWatch Logs role set once (`AWS::ApiGateway::Account`) for execution
 * logs; SecureApi never creates or replaces that account-wide setting.
 *
 * @example
 * const api = new SecureApi(this, 'Api');
 * api.root.addResource('orders').addMethod('POST', new apigateway.LambdaIntegration(placeOrder));
 */
export class SecureApi extends Construct {
  /** The underlying aws-cdk-lib REST API. */
  public readonly restApi: apigateway.RestApi;
  /** The root resource: add resources and methods to it. */
  public readonly root: apigateway.IResource;
  /** The deployment stage. */
  public readonly deploymentStage: apigateway.Stage;
  /** The request validator every method uses: it validates bodies against models and required parameters. */
  public readonly requestValidator: apigateway.RequestValidator;
  /** The access log group: JSON, encrypted, with retention. */
  public readonly accessLogGroup: logs.ILogGroup;
  /**
   * The web ACL the API created.
   *
   * @default - undefined with `webAclArn` or `optOuts.waf`
   */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The API's alarm (one, on 4XX and 5XX rates, p99 latency and WAF blocks), in a list. */
  public readonly alarms: cloudwatch.Alarm[];

  private cognitoOnlyRuleAcknowledged = false;
  private readonly unauthenticated = new Set<apigateway.Method>();
  /** Methods whose Lambda integration invokes through `invokeRole`. */
  private readonly invokedMethods = new Set<apigateway.Method>();
  private _invokeRole?: ManagedPolicyRole;
  private readonly invokedFunctions = new Set<lambda.IFunction>();

  constructor(scope: Construct, id: string, props: SecureApiProps = {}) {
    super(scope, id);
    const defaults = StackDefaults.of(this);
    validateName(this, 'restApiName', props.restApiName, REST_API_NAME);
    validateNonBlank(this, 'description', props.description);
    requireLiteral(
      this,
      'stageName',
      props.stageName,
      "aws-cdk-lib names the stage's construct after it at synth",
      "give stageName a literal name, for example 'prod'",
    );
    validateName(this, 'stageName', props.stageName, STAGE_NAME);
    const throttling = this.resolveThrottling(props);
    const cache = this.resolveCache(props);
    const loggingLevel = this.resolveLoggingLevel(props.executionLoggingLevel);
    const endpointType = this.resolveEndpointType(props);
    this.validateDomain(props.domainName, endpointType);
    const maxRequestBodySize = this.resolveBodySize(props.maxRequestBodySize);
    validateIntegerInRange(this, 'rateLimitPerIp', props.rateLimitPerIp, 10, 2_000_000_000);
    this.validateWebAcl(props);
    validateLogRetention(this, 'logRetention', props.logRetention);

    this.accessLogGroup = createEncryptedLogGroup(
      this,
      'AccessLogs',
      defaults.logsKey,
      props.logRetention,
      'logRetention',
    );
    const authorizationType = props.authorizer?.authorizationType ?? apigateway.AuthorizationType.IAM;
    const defaultMethodOptions: apigateway.MethodOptions = { authorizationType, authorizer: props.authorizer };

    this.restApi = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName ?? restApiName(this.node.path.replace(/\//g, '-')),
      description: props.description,
      cloudWatchRole: false,
      endpointConfiguration: { types: [endpointType], vpcEndpoints: props.vpcEndpoints },
      policy: endpointType === apigateway.EndpointType.PRIVATE ? privateApiPolicy(props) : undefined,
      domainName: props.domainName
        ? { securityPolicy: apigateway.SecurityPolicy.TLS_1_2, ...props.domainName }
        : undefined,
      defaultMethodOptions,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel,
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        cacheClusterEnabled: cache !== undefined,
        cacheClusterSize: cache?.clusterSize,
        cachingEnabled: cache !== undefined,
        cacheDataEncrypted: cache !== undefined ? true : undefined,
        cacheTtl: cache?.ttl,
        clientCertificateId: props.clientCertificate
          ? new apigateway.CfnClientCertificate(this, 'ClientCertificate', {
              description: `Presented by ${this.node.path} to HTTP backends`,
            }).attrClientCertificateId
          : undefined,
      },
    });
    this.requestValidator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // aws-cdk-lib ignores `requestValidator` in default method options: give it to every method at synth.
    Aspects.of(this.restApi).add(
      new SecureEveryMethod(
        this.requestValidator,
        (method) => (this.invokedMethods.has(method) ? this._invokeRole : undefined),
        (method) => this.acknowledgeCognitoOnlyRule(method, authorizationType),
      ),
    );
    registerInvocationRoute(this.restApi, { invokeThrough: (handler, method) => this.invokeThrough(handler, method) });
    this.root = this.restApi.root;
    this.deploymentStage = this.restApi.deploymentStage;

    this.webAcl = this.protectWithWaf(props, maxRequestBodySize, defaults.logsKey);
    this.acknowledgeExceptions(cache !== undefined, props.clientCertificate ?? false);
    this.node.addValidation({ validate: () => this.unauthorizedMethodErrors() });
    this.alarms = this.createAlarms(props.alarmTopic ?? defaults.alarmTopic);
  }

  /**
   * The role API Gateway assumes to invoke this API's `SecureFunction` integrations: one role with
   * `lambda:InvokeFunction` on exactly those functions, instead of a resource-based permission on each.
   *
   * @default - undefined until a method integrates a SecureFunction
   */
  public get invokeRole(): iam.IRole | undefined {
    return this._invokeRole;
  }

  /**
   * Called by `SecureFunction.addPermission` when a `LambdaIntegration` of this API asks to invoke it: the
   * function is invoked through `invokeRole` (set as the method's integration credentials at synth).
   */
  private invokeThrough(handler: lambda.IFunction, method: apigateway.Method): void {
    this._invokeRole ??= new ManagedPolicyRole(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: iamDescription(`API Gateway invokes the Lambda integrations of ${this.node.path} with this role`),
    });
    if (!this.invokedFunctions.has(handler)) {
      this.invokedFunctions.add(handler);
      handler.grantInvoke(this._invokeRole);
    }
    this.invokedMethods.add(method);
  }

  /** The URL of the deployment stage. */
  public get url(): string {
    return this.restApi.url;
  }

  /** The ID of the REST API. */
  public get restApiId(): string {
    return this.restApi.restApiId;
  }

  /**
   * Allows `method` to be called without authorization, for example a public health check. The opt-out's
   * reason is recorded on the method and listed in the compliance report.
   */
  public allowUnauthenticated(method: apigateway.Method, optOut: OptOut): void {
    if (!(method instanceof apigateway.Method) || method.api !== this.restApi) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'allowUnauthenticated.method',
        problem: `${method?.node?.path ?? String(method)} is not a method of this API, so the opt-out would apply to nothing here`,
        fix: 'pass a method added under api.root, or call allowUnauthenticated on the API the method belongs to',
      });
    }
    const authorizationType = (method.node.defaultChild as apigateway.CfnMethod).authorizationType;
    if (authorizationType !== undefined && authorizationType !== apigateway.AuthorizationType.NONE) {
      throw new SecureConfigError(method, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'authorizationType',
        problem: `the method is authorized with ${authorizationType}, so allowUnauthenticated would record an exception that does not exist`,
        fix: 'remove the allowUnauthenticated call, or add the method with authorizationType: AuthorizationType.NONE if it must be public',
      });
    }
    applyOptOut(method, 'allowUnauthenticated', optOut, CONTROL_RULES.apiMethodAuthorization);
    this.unauthenticated.add(method);
  }

  /**
   * Adds a JSON-schema model that methods can require for their request bodies (`requestModels`).
   */
  public addModel(id: string, props: apigateway.ModelOptions): apigateway.Model {
    return this.restApi.addModel(id, props);
  }

  private resolveThrottling(props: SecureApiProps): { rateLimit: number; burstLimit: number } {
    const rateLimit = props.throttling?.rateLimit ?? DEFAULT_RATE_LIMIT;
    const burstLimit = props.throttling?.burstLimit ?? Math.max(DEFAULT_BURST_LIMIT, rateLimit);
    validateIntegerInRange(this, 'throttling.rateLimit', rateLimit, 1, 10_000_000);
    validateIntegerInRange(this, 'throttling.burstLimit', burstLimit, 1, 10_000_000);
    validateOrdered(this, 'throttling.rateLimit', rateLimit, 'throttling.burstLimit', burstLimit);
    return { rateLimit, burstLimit };
  }

  private resolveCache(props: SecureApiProps): { clusterSize: string; ttl: Duration } | undefined {
    if (!props.cache) {
      return undefined;
    }
    if (props.cache.encrypted === false) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'cache.encrypted',
        problem:
          'an unencrypted cache stores API responses, which may hold personal or card data, in plaintext at rest',
        fix: 'leave cache.encrypted out (the cache is always encrypted), or remove cache',
      });
    }
    const clusterSize = props.cache.clusterSize ?? CACHE_SIZES[0];
    const sizes = `one of ${CACHE_SIZES.map((s) => `'${s}'`).join(', ')}`;
    if (!skipUnresolved(this, 'cache.clusterSize', clusterSize, sizes) && !CACHE_SIZES.includes(clusterSize)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'cache.clusterSize',
        problem: `'${clusterSize}' is not a cache size API Gateway offers`,
        fix: `use ${sizes}`,
      });
    }
    const ttl = props.cache.ttl ?? DEFAULT_CACHE_TTL;
    let seconds: number;
    try {
      seconds = ttl.toSeconds();
    } catch {
      // A token in another unit than seconds, or a fraction of a second: API Gateway takes whole seconds.
      throw new SecureConfigError(this, {
        code: ttl.isUnresolved() ? SecureErrorCode.UNRESOLVED_TOKEN : SecureErrorCode.INVALID_PROP,
        prop: 'cache.ttl',
        problem: ttl.isUnresolved()
          ? 'the value is an unresolved token in a unit other than seconds, which cannot be converted to the seconds API Gateway takes'
          : `${ttl.toHumanString()} is not a whole number of seconds, and API Gateway takes the TTL in whole seconds`,
        fix: 'give cache.ttl in whole seconds, for example Duration.seconds(300), or Duration.seconds(token) for a token',
      });
    }
    if (!skipUnresolved(this, 'cache.ttl', seconds, 'at most one hour') && seconds > MAX_CACHE_TTL.toSeconds()) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'cache.ttl',
        problem: `${ttl.toHumanString()} is above API Gateway's maximum of one hour`,
        fix: 'set cache.ttl to at most Duration.hours(1)',
      });
    }
    return { clusterSize, ttl };
  }

  private resolveLoggingLevel(level: apigateway.MethodLoggingLevel | undefined): apigateway.MethodLoggingLevel {
    if (level === apigateway.MethodLoggingLevel.OFF) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'executionLoggingLevel',
        problem:
          'OFF leaves failed requests without a trace (AwsSolutions-APIG6, HIPAA/NIST/PCI APIGWExecutionLoggingEnabled)',
        fix: 'use MethodLoggingLevel.ERROR (the default) or INFO; request and response bodies are never logged',
      });
    }
    return level ?? apigateway.MethodLoggingLevel.ERROR;
  }

  private resolveEndpointType(props: SecureApiProps): apigateway.EndpointType {
    const endpointType = props.endpointType ?? apigateway.EndpointType.REGIONAL;
    const endpoints = props.vpcEndpoints ?? [];
    if (endpointType === apigateway.EndpointType.PRIVATE && endpoints.length === 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'vpcEndpoints',
        problem: 'a PRIVATE API needs the execute-api VPC endpoints it is reachable through',
        fix: 'pass vpcEndpoints: [endpoint] (an interface endpoint for InterfaceVpcEndpointAwsService.APIGATEWAY), or use EndpointType.REGIONAL',
      });
    }
    if (endpointType !== apigateway.EndpointType.PRIVATE && endpoints.length > 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'vpcEndpoints',
        problem: `VPC endpoints only apply to PRIVATE APIs, and endpointType is ${endpointType}`,
        fix: 'set endpointType: EndpointType.PRIVATE, or remove vpcEndpoints',
      });
    }
    return endpointType;
  }

  private validateDomain(
    domain: apigateway.DomainNameOptions | undefined,
    endpointType: apigateway.EndpointType,
  ): void {
    if (domain) {
      validateNonBlank(this, 'domainName.domainName', domain.domainName);
    }
    if (domain && endpointType === apigateway.EndpointType.PRIVATE) {
      // aws-cdk-lib creates an AWS::ApiGateway::DomainName (REGIONAL by default) for the API, and API Gateway
      // maps a private API only to a private custom domain: the deploy would fail.
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'domainName',
        problem:
          'a custom domain is given for a PRIVATE API, but aws-cdk-lib creates a public (regional) custom domain, AWS::ApiGateway::DomainName, and API Gateway maps a private API only to a private custom domain (AWS::ApiGateway::DomainNameV2)',
        fix: 'use endpointType: EndpointType.REGIONAL for an API with a custom domain, or remove domainName and create a private custom domain of your own (AWS::ApiGateway::DomainNameV2 with EndpointType PRIVATE, its access association and base-path mapping)',
      });
    }
    if (domain?.securityPolicy === apigateway.SecurityPolicy.TLS_1_0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'domainName.securityPolicy',
        problem: 'TLS 1.0 has known weaknesses and is not allowed by PCI DSS',
        fix: 'leave securityPolicy out (TLS 1.2) or choose a newer policy',
      });
    }
  }

  private resolveBodySize(size: Size | undefined): Size {
    const resolved = size ?? MANAGED_BODY_LIMIT;
    const tokenProblem =
      "the value is an unresolved token, but the web ACL's rules (which body rule applies, WAF's inspection limit) are chosen at synth from the size";
    const tokenFix = 'give maxRequestBodySize a literal size, for example Size.kibibytes(16)';
    let bytes: number;
    try {
      bytes = resolved.toBytes();
    } catch {
      // Size cannot convert a token given in another unit than bytes.
      throw new SecureConfigError(this, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: 'maxRequestBodySize',
        problem: tokenProblem,
        fix: tokenFix,
      });
    }
    requireLiteral(
      this,
      'maxRequestBodySize',
      bytes,
      tokenProblem.replace('the value is an unresolved token, but ', ''),
      tokenFix,
    );
    if (!Number.isInteger(bytes) || bytes < MANAGED_BODY_LIMIT.toBytes() || bytes > MAX_INSPECTED_BODY.toBytes()) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'maxRequestBodySize',
        problem: `${bytes} bytes is not a whole number of bytes from 8 KiB to 64 KiB, the request bodies WAF can inspect for API Gateway`,
        fix: 'choose a size from Size.kibibytes(8) to Size.kibibytes(64); send larger payloads to S3 through presigned URLs',
      });
    }
    return resolved;
  }

  /**
   * Checks `webAclArn` (a regional WAFv2 web ACL ARN) and refuses the firewall props when the API does not
   * create the web ACL they configure.
   */
  private validateWebAcl(props: SecureApiProps): void {
    const arn = props.webAclArn;
    if (arn !== undefined && !skipUnresolved(this, 'webAclArn', arn, 'the ARN of a REGIONAL WAFv2 web ACL')) {
      validateNonBlank(this, 'webAclArn', arn);
      if (!REGIONAL_WEB_ACL_ARN.test(arn)) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.INVALID_PROP,
          prop: 'webAclArn',
          problem: arn.includes(':global/')
            ? `'${arn}' is a CLOUDFRONT-scope web ACL, which cannot be associated with an API Gateway stage`
            : `'${arn}' is not the ARN of a WAFv2 web ACL`,
          fix: "pass the ARN of a REGIONAL WAFv2 web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>) in the API's region, or leave webAclArn out to get one",
        });
      }
    }
    const owner = props.optOuts?.waf !== undefined ? 'optOuts.waf' : arn !== undefined ? 'webAclArn' : undefined;
    if (!owner) {
      return;
    }
    for (const prop of ['rateLimitPerIp', 'maxRequestBodySize'] as const) {
      if (props[prop] !== undefined) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.CONFLICTING_PROPS,
          prop,
          problem: `${prop} configures the web ACL this API creates, and with ${owner} it creates none, so the value would be ignored`,
          fix: `remove ${prop}${owner === 'webAclArn' ? ', and configure that rule in your own web ACL' : ''}, or remove ${owner}`,
        });
      }
    }
  }

  private protectWithWaf(
    props: SecureApiProps,
    maxRequestBodySize: Size,
    logsKey: kms.IKey,
  ): wafv2.CfnWebACL | undefined {
    if (applyOptOut(this, 'optOuts.waf', props.optOuts?.waf, CONTROL_RULES.apiWaf)) {
      if (props.webAclArn) {
        throw conflictWithOptOut(this, 'webAclArn', 'a web ACL is', 'optOuts.waf');
      }
      return undefined;
    }
    if (props.webAclArn) {
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.deploymentStage.stageArn,
        webAclArn: props.webAclArn,
      });
      return undefined;
    }
    return new ApiFirewall(this, 'Firewall', {
      stageArn: this.deploymentStage.stageArn,
      rateLimitPerIp: props.rateLimitPerIp ?? DEFAULT_RATE_LIMIT_PER_IP,
      maxRequestBodySize,
      logsKey,
      logRetention: props.logRetention ?? DEFAULT_LOG_RETENTION,
    }).webAcl;
  }

  /**
   * AwsSolutions-COG4 accepts only Cognito user pool authorizers: acknowledged on the API, at synth, once a method
   * it flags exists that no opt-out of its own covers (an IAM- or Lambda-authorized method), so that the
   * exception is never recorded where it excuses nothing.
   */
  private acknowledgeCognitoOnlyRule(method: apigateway.Method, authorizationType: apigateway.AuthorizationType): void {
    const type = (method.node.defaultChild as apigateway.CfnMethod).authorizationType;
    const flagged =
      method.httpMethod !== 'OPTIONS' && // the rule skips every OPTIONS method
      type !== apigateway.AuthorizationType.COGNITO &&
      !this.unauthenticated.has(method); // its own opt-out covers it
    if (this.cognitoOnlyRuleAcknowledged || !flagged) {
      return;
    }
    this.cognitoOnlyRuleAcknowledged = true;
    acknowledgeException(
      this.restApi,
      ['AwsSolutions-COG4'],
      `Every method is authorized with ${authorizationType === apigateway.AuthorizationType.IAM ? 'AWS IAM (SigV4-signed requests)' : 'a Lambda authorizer'}; AwsSolutions-COG4 accepts only Cognito user pool authorizers.`,
    );
  }

  /** Rules that no sound configuration satisfies here, each acknowledged with its reason. */
  private acknowledgeExceptions(cached: boolean, clientCertificate: boolean): void {
    if (!cached) {
      acknowledgeException(
        this.deploymentStage,
        [
          'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
          'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
          'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
        ],
        'Caching is off, so no response is stored at rest and there is nothing to encrypt. With the cache prop the cache is always encrypted.',
      );
    }
    if (!clientCertificate) {
      acknowledgeException(
        this.deploymentStage,
        ['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled'],
        'A client certificate authenticates API Gateway to HTTP backends only; Lambda and AWS service integrations are called over TLS with SigV4. Set clientCertificate: true for HTTP backends.',
      );
    }
  }

  /** Methods without authorization that were not opted out; CORS preflight methods are exempt. */
  private unauthorizedMethodErrors(): string[] {
    return this.restApi.methods
      .filter((method) => !this.unauthenticated.has(method) && !isCorsPreflight(method))
      .filter((method) => {
        const type = (method.node.defaultChild as apigateway.CfnMethod).authorizationType;
        return type === undefined || type === apigateway.AuthorizationType.NONE;
      })
      .map((method) =>
        formatSecureConfigMessage(method, {
          code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
          prop: 'authorizationType',
          problem: `${method.httpMethod} ${method.resource.path} has no authorization, so anyone who can reach the API can call it`,
          fix: "remove authorizationType: NONE to use the API's authorizer, or call api.allowUnauthenticated(method, { reason }) for a deliberately public method",
        }),
      );
  }

  /**
   * One metric-math alarm, not four: it fires when, within five minutes, 4XX responses reach 5% of requests,
   * 5XX responses reach 1%, p99 latency reaches 5 s, or the WAF blocks 100 requests (one resource per API;
   * CloudWatch bills each metric an alarm reads, so the cost is the same).
   */
  private createAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    const period = Duration.minutes(5);
    const conditions: Array<{ id: string; metric: cloudwatch.IMetric; threshold: number; what: string }> = [
      {
        id: 'clientErrors',
        metric: this.restApi.metricClientError({ period, statistic: 'Average' }),
        threshold: CLIENT_ERROR_RATE,
        what: `4XX responses reached ${CLIENT_ERROR_RATE * 100}% of requests`,
      },
      {
        id: 'serverErrors',
        metric: this.restApi.metricServerError({ period, statistic: 'Average' }),
        threshold: SERVER_ERROR_RATE,
        what: `5XX responses reached ${SERVER_ERROR_RATE * 100}% of requests`,
      },
      {
        id: 'latency',
        metric: this.restApi.metricLatency({ period, statistic: 'p99' }),
        threshold: LATENCY_P99.toMilliseconds(),
        what: `p99 latency reached ${LATENCY_P99.toHumanString()}`,
      },
    ];
    if (this.webAcl) {
      conditions.push({
        id: 'blocked',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: this.webAcl.name!, Region: this.restApi.env.region, Rule: 'ALL' },
          statistic: 'Sum',
          period,
        }),
        threshold: BLOCKED_REQUESTS,
        what: `the WAF blocked ${BLOCKED_REQUESTS} requests`,
      });
    }
    const unhealthy = new cloudwatch.MathExpression({
      expression: conditions.map((c) => `IF(FILL(${c.id}, 0) >= ${c.threshold}, 1, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(conditions.map((c) => [c.id, c.metric])),
      period,
      label: 'conditions met',
    });
    const alarm = unhealthy.createAlarm(this, 'Alarm', {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: alarmDescription(
        `${this.node.path}: in 5 minutes, ${conditions.map((c) => c.what).join(', or ')}`,
      ),
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    return [alarm];
  }
}

/** A resource policy that lets requests in only through the given execute-api VPC endpoints. */
function privateApiPolicy(props: SecureApiProps): iam.PolicyDocument {
  const endpointIds = (props.vpcEndpoints ?? []).map((endpoint) => endpoint.vpcEndpointId);
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
      }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpointIds } },
      }),
    ],
  });
}

/**
 * At synth, on every method of the API: sets the request validator where none is set (CORS preflight methods
 * excepted), the invoke role as the credentials of Lambda integrations that invoke through it, and tells the
 * API of each method (for the exceptions it records).
 */
class SecureEveryMethod implements IAspect {
  constructor(
    private readonly validator: apigateway.IRequestValidator,
    private readonly invokeRoleOf: (method: apigateway.Method) => iam.IRole | undefined,
    private readonly onMethod: (method: apigateway.Method) => void,
  ) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof apigateway.Method)) {
      return;
    }
    const cfn = node.node.defaultChild as apigateway.CfnMethod;
    if (!isCorsPreflight(node)) {
      cfn.requestValidatorId ??= this.validator.requestValidatorId;
    }
    const role = this.invokeRoleOf(node);
    if (role) {
      cfn.integration = { ...(cfn.integration as apigateway.CfnMethod.IntegrationProperty), credentials: role.roleArn };
    }
    this.onMethod(node);
  }
}

/** An OPTIONS method with a mock integration: what `addCorsPreflight` creates. */
function isCorsPreflight(method: apigateway.Method): boolean {
  if (method.httpMethod !== 'OPTIONS') {
    return false; // decided without resolving the integration
  }
  const cfn = method.node.defaultChild as apigateway.CfnMethod;
  const integration = method.stack.resolve(cfn.integration) as { type?: string } | undefined;
  return integration?.type === 'MOCK';
}
