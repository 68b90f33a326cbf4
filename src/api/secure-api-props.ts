import { Duration, Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OptOut } from '../core/opt-out';

/**
 * Stage-level throttling for every method. (A usage plan throttles only requests that carry one of its API
 * keys, so none is created: add one with `api.restApi.addUsagePlan` if you issue API keys.)
 */
export interface ApiThrottling {
  /**
   * Steady-state requests per second, across all clients.
   *
   * @default 100
   */
  readonly rateLimit?: number;

  /**
   * Maximum burst of requests, at least `rateLimit`.
   *
   * @default 200
   */
  readonly burstLimit?: number;
}

/**
 * The stage's response cache. A cache is always encrypted.
 */
export interface ApiCache {
  /**
   * The cache cluster size in GiB, as API Gateway names it ('0.5', '1.6', '6.1', '13.5', '28.4', '58.2',
   * '118', '237').
   *
   * @default '0.5'
   */
  readonly clusterSize?: string;

  /**
   * How long responses stay cached, at most one hour.
   *
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;

  /**
   * Whether cached responses are encrypted. Must stay true: an unencrypted cache is refused.
   *
   * @default true
   */
  readonly encrypted?: boolean;
}

/**
 * Opt-outs of SecureApi's security controls. Each takes a reason, which the compliance gate's report lists
 * as an acknowledgment of the rules the control satisfies.
 */
export interface SecureApiOptOuts {
  /**
   * Run without a WAF web ACL.
   *
   * @default - the stage is associated with `webAclArn` or a web ACL the API creates
   */
  readonly waf?: OptOut;
}

/**
 * Props of {@link SecureApi}.
 */
export interface SecureApiProps {
  /**
   * The API's name: up to 255 printable ASCII characters, because API Gateway publishes it as the `ApiName`
   * dimension of the metrics the API's alarm reads.
   *
   * @default - the construct's path with '-' for '/', other characters outside printable ASCII replaced with
   * '_', and shortened to 255 characters (keeping its end behind a hash) when longer
   */
  readonly restApiName?: string;

  /**
   * A description of the API.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The authorizer every method uses: a `CognitoUserPoolsAuthorizer`, `TokenAuthorizer` or
   * `RequestAuthorizer` (whose handler may be a SecureFunction).
   *
   * @default - AWS IAM (SigV4) authorization on every method
   */
  readonly authorizer?: apigateway.IAuthorizer;

  /**
   * Stage and usage-plan throttling.
   *
   * @default - 100 requests per second, bursts of 200
   */
  readonly throttling?: ApiThrottling;

  /**
   * A response cache for the stage, always encrypted.
   *
   * @default - no cache
   */
  readonly cache?: ApiCache;

  /**
   * The name of the deployment stage.
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * Execution logging level for every method. Request and response bodies are never logged.
   * `MethodLoggingLevel.OFF` is refused.
   *
   * @default MethodLoggingLevel.ERROR
   */
  readonly executionLoggingLevel?: apigateway.MethodLoggingLevel;

  /**
   * How long access logs and WAF logs are kept. INFINITE is refused.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Endpoint type. `PRIVATE` requires `vpcEndpoints`; the API's resource policy then denies every request
   * that does not come through one of them.
   *
   * @default EndpointType.REGIONAL
   */
  readonly endpointType?: apigateway.EndpointType;

  /**
   * The `execute-api` interface endpoints a PRIVATE API is reachable through.
   *
   * @default - none; required when `endpointType` is `PRIVATE`
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];

  /**
   * A custom domain. Its security policy must be TLS 1.2 or newer. Refused for a `PRIVATE` API: aws-cdk-lib
   * creates a regional custom domain, which API Gateway cannot map to a private API.
   *
   * @default - no custom domain
   */
  readonly domainName?: apigateway.DomainNameOptions;

  /**
   * The ARN of a WAFv2 web ACL (scope REGIONAL) of your own to associate with the stage.
   *
   * @default - a web ACL with AWS managed rules (common, known bad inputs, SQL injection, IP reputation) and a rate-based rule, logging to an encrypted log group
   */
  readonly webAclArn?: string;

  /**
   * The largest request body the web ACL lets through, from 8 KiB to 64 KiB. AWS's common rule set blocks
   * bodies above 8 KiB (`SizeRestrictions_BODY`); a larger limit replaces that rule with one of this size and
   * raises WAF's body inspection limit to match. Refused with `webAclArn` or `optOuts.waf`, where the API
   * creates no web ACL. Must be a literal size: the web ACL's rules are chosen from it at synth.
   *
   * @default Size.kibibytes(8)
   */
  readonly maxRequestBodySize?: Size;

  /**
   * Requests per five minutes from one IP address before the rate-based rule blocks it (at least 10).
   * Refused with `webAclArn` or `optOuts.waf`, where the API creates no web ACL.
   *
   * @default 2000
   */
  readonly rateLimitPerIp?: number;

  /**
   * Create a client certificate for the stage, which API Gateway presents to HTTP backends. Lambda and AWS
   * service integrations authenticate with SigV4 and do not use it.
   *
   * @default false
   */
  readonly clientCertificate?: boolean;

  /**
   * The topic the API's alarms notify.
   *
   * @default - the stack's shared alarm topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Explicit opt-outs of security controls, each with a reason.
   *
   * @default - every control is on
   */
  readonly optOuts?: SecureApiOptOuts;
}
