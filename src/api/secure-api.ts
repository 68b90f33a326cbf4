import { Aspects, Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { MethodSecurity } from './method-security';
import { SecureApiProps } from './secure-api-props';
import { protectStage, resolveBodySize, validateFirewallProps } from './stage-firewall';
import { acknowledgeStageExceptions, resolveStageSettings, stageOptions } from './stage-settings';
import { recordCreationSite } from '../compliance/creation-site';
import { apiHealthConditions } from '../core/api-health';
import { registerInvocationRoute } from '../core/api-invocation';
import { iamDescription, REST_API_NAME, restApiName } from '../core/aws-text';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { createHealthAlarm, healthMetric } from '../core/health-alarm';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { OptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { StackDefaults } from '../core/stack-defaults';
import { validateIntegerInRange, validateLogRetention, validateName, validateNonBlank } from '../core/validate';

/** Alarm threshold beyond those of every API (`apiHealthConditions`): WAF blocks per period. */
const BLOCKED_REQUESTS = 100;

/**
 * An API Gateway REST API on which every method is authorized (IAM by default, or the given Cognito or
 * Lambda authorizer) and request-validated, behind a WAF web ACL, throttled at the stage, with JSON access
 * logs and execution logs (never bodies) in encrypted log groups, X-Ray tracing, TLS 1.2+ on custom domains,
 * an encrypted cache when caching is on, an optional private endpoint, and alarms. Add resources and methods
 * the usual way, through `root`.
 *
 * A method added with `AuthorizationType.NONE` fails synth unless `allowUnauthenticated(method, optOut)`
 * records why. CORS preflight (OPTIONS) methods stay unauthenticated, as browsers require.
 *
 * The account needs API Gateway's CloudWatch Logs role set once (`AWS::ApiGateway::Account`) for execution
 * logs; SecureApi never creates or replaces that account-wide setting.
 *
 * @example
 * declare const placeOrder: lambda.IFunction;
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

  private readonly methodSecurity: MethodSecurity;
  /** Methods whose Lambda integration invokes through `invokeRole`. */
  private readonly invokedMethods = new Set<apigateway.Method>();
  private _invokeRole?: ManagedPolicyRole;
  private readonly invokedFunctions = new Set<lambda.IFunction>();

  constructor(scope: Construct, id: string, props: SecureApiProps = {}) {
    super(scope, id);
    recordCreationSite(this);
    const defaults = StackDefaults.of(this);
    validateName(this, 'restApiName', props.restApiName, REST_API_NAME);
    validateNonBlank(this, 'description', props.description);
    const stage = resolveStageSettings(this, props);
    const endpointType = this.resolveEndpointType(props);
    this.validateDomain(props.domainName, endpointType);
    const maxRequestBodySize = resolveBodySize(this, props.maxRequestBodySize);
    validateIntegerInRange(this, 'rateLimitPerIp', props.rateLimitPerIp, 10, 2_000_000_000);
    validateFirewallProps(this, props);
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
        ? { ...props.domainName, securityPolicy: props.domainName.securityPolicy ?? apigateway.SecurityPolicy.TLS_1_2 }
        : undefined,
      defaultMethodOptions,
      deployOptions: stageOptions(this, stage, this.accessLogGroup),
    });
    this.requestValidator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // aws-cdk-lib ignores `requestValidator` in default method options: give it to every method at synth.
    this.methodSecurity = new MethodSecurity(this, this.restApi, this.requestValidator, authorizationType, (method) =>
      this.invokedMethods.has(method) ? this._invokeRole : undefined,
    );
    Aspects.of(this.restApi).add(this.methodSecurity);
    registerInvocationRoute(this.restApi, { invokeThrough: (handler, method) => this.invokeThrough(handler, method) });
    this.root = this.restApi.root;
    this.deploymentStage = this.restApi.deploymentStage;

    this.webAcl = protectStage(this, this.deploymentStage, props, maxRequestBodySize, defaults.logsKey);
    acknowledgeStageExceptions(this.deploymentStage, stage);
    this.node.addValidation({ validate: () => this.methodSecurity.unauthorizedMethodErrors() });
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
    this.methodSecurity.allowUnauthenticated(method, optOut);
  }

  /**
   * Adds a JSON-schema model that methods can require for their request bodies (`requestModels`).
   */
  public addModel(id: string, props: apigateway.ModelOptions): apigateway.Model {
    return this.restApi.addModel(id, props);
  }

  private resolveEndpointType(props: SecureApiProps): apigateway.EndpointType {
    const endpointType = props.endpointType ?? apigateway.EndpointType.REGIONAL;
    const endpoints = props.vpcEndpoints ?? [];
    if (endpointType === apigateway.EndpointType.PRIVATE && endpoints.length === 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'vpcEndpoints',
        problem: 'a PRIVATE API needs the execute-api VPC endpoints it is reachable through',
        fix: `pass ${propRef('vpcEndpoints')}: [endpoint] (an interface endpoint for InterfaceVpcEndpointAwsService.APIGATEWAY), or use EndpointType.REGIONAL`,
      });
    }
    if (endpointType !== apigateway.EndpointType.PRIVATE && endpoints.length > 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'vpcEndpoints',
        problem: `VPC endpoints only apply to PRIVATE APIs, and ${propRef('endpointType')} is ${endpointType}`,
        fix: `set ${propRef('endpointType')}: EndpointType.PRIVATE, or remove ${propRef('vpcEndpoints')}`,
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
        fix: `use ${propRef('endpointType')}: EndpointType.REGIONAL for an API with a custom domain, or remove ${propRef('domainName')} and create a private custom domain of your own (AWS::ApiGateway::DomainNameV2 with EndpointType PRIVATE, its access association and base-path mapping)`,
      });
    }
    if (domain?.securityPolicy === apigateway.SecurityPolicy.TLS_1_0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'domainName.securityPolicy',
        problem: 'TLS 1.0 has known weaknesses and is not allowed by PCI DSS',
        fix: `leave ${propRef('securityPolicy')} out (TLS 1.2) or choose a newer policy`,
      });
    }
  }

  /**
   * One metric-math alarm, not four: it fires when, within five minutes, 4XX responses reach 5% of requests,
   * 5XX responses reach 1%, p99 latency reaches 5 s, or the WAF blocks 100 requests (one resource per API, at
   * the same cost).
   */
  private createAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    const period = Duration.minutes(5);
    const conditions = apiHealthConditions(this.restApi, period);
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
        atLeast: BLOCKED_REQUESTS,
        what: `the WAF blocked ${BLOCKED_REQUESTS} requests`,
      });
    }
    const health = healthMetric(conditions, period, 'conditions met');
    const description = `${this.node.path}: in 5 minutes, ${conditions.map((c) => c.what).join(', or ')}`;
    return [createHealthAlarm(this, health, description, topic)];
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
