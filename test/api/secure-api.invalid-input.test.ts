import { Aws, CfnParameter, Duration, Lazy, Size, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SecureApi, SecureApiProps } from '../../src';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
  optOutCases,
  retentionCases,
} from '../support/invalid-input';

const PATH = 'TestStack/Api';
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/a1b2c3d4';

function stack(): Stack {
  return newStack().stack;
}

function api(props: SecureApiProps = {}, scope: Stack = stack()): SecureApi {
  return new SecureApi(scope, 'Api', props);
}

/** An API with `props`, built lazily, for the case table. */
const withProps = (props: SecureApiProps) => () => api(props);

/** An API with props that need the stack, built lazily. */
const withScope = (props: (scope: Stack) => SecureApiProps) => () => {
  const scope = stack();
  return api(props(scope), scope);
};

function certificate(scope: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(scope, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
}

/** A public method on a new API, and the API, for allowUnauthenticated cases. */
function publicMethod(
  scope: Stack,
  options: apigateway.MethodOptions = {},
): { a: SecureApi; method: apigateway.Method } {
  const a = api({}, scope);
  const method = a.root.addResource('health').addMethod('GET', new apigateway.MockIntegration(), {
    authorizationType: apigateway.AuthorizationType.NONE,
    ...options,
  });
  return { a, method };
}

describe('SecureApi fails when', () => {
  const cases: InvalidInputCase[] = [
    // restApiName, description, stageName
    ['restApiName is empty', withProps({ restApiName: '' }), E.INVALID_PROP, 'restApiName'],
    ['restApiName is whitespace', withProps({ restApiName: '  ' }), E.INVALID_PROP, 'restApiName'],
    ['restApiName holds an emoji', withProps({ restApiName: 'orders 🚀' }), E.INVALID_PROP, 'restApiName'],
    ['restApiName is over 255 characters', withProps({ restApiName: 'a'.repeat(256) }), E.INVALID_PROP, 'restApiName'],
    ['description is empty', withProps({ description: '' }), E.INVALID_PROP, 'description'],
    ['description is whitespace', withProps({ description: '\n' }), E.INVALID_PROP, 'description'],
    ['stageName is empty', withProps({ stageName: '' }), E.INVALID_PROP, 'stageName'],
    ['stageName is whitespace', withProps({ stageName: ' ' }), E.INVALID_PROP, 'stageName'],
    ['stageName has a space', withProps({ stageName: 'prod eu' }), E.INVALID_PROP, 'stageName'],
    ['stageName has a slash', withProps({ stageName: 'prod/v1' }), E.INVALID_PROP, 'stageName'],
    [
      'stageName is an unresolved token',
      withProps({ stageName: Lazy.string({ produce: () => 'prod' }) }),
      E.UNRESOLVED_TOKEN,
      'stageName',
    ],
    ['stageName is longer than 128 characters', withProps({ stageName: 's'.repeat(129) }), E.INVALID_PROP, 'stageName'],

    // throttling
    ...([0, -1, 10_000_001] as const).map((value): InvalidInputCase => [
      `throttling.rateLimit is ${value}`,
      withProps({ throttling: { rateLimit: value, burstLimit: 10_000_000 } }),
      E.INVALID_PROP,
      'throttling.rateLimit',
    ]),
    ...([0, -5, 150.5, 10_000_001] as const).map((value): InvalidInputCase => [
      `throttling.burstLimit is ${value}`,
      withProps({ throttling: { rateLimit: 1, burstLimit: value } }),
      E.INVALID_PROP,
      'throttling.burstLimit',
    ]),
    [
      'burst is below rate',
      withProps({ throttling: { rateLimit: 100, burstLimit: 50 } }),
      E.CONFLICTING_PROPS,
      'throttling.burstLimit',
    ],

    // cache
    [
      'the cache is not encrypted',
      withProps({ cache: { encrypted: false } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'cache.encrypted',
    ],
    ['the cache size does not exist', withProps({ cache: { clusterSize: '2' } }), E.INVALID_PROP, 'cache.clusterSize'],
    ['the cache size is empty', withProps({ cache: { clusterSize: '' } }), E.INVALID_PROP, 'cache.clusterSize'],
    [
      'the cache size is whitespace',
      withProps({ cache: { clusterSize: ' 0.5 ' } }),
      E.INVALID_PROP,
      'cache.clusterSize',
    ],
    ['the cache TTL is above one hour', withProps({ cache: { ttl: Duration.hours(2) } }), E.INVALID_PROP, 'cache.ttl'],
    [
      'the cache TTL is not whole seconds',
      withProps({ cache: { ttl: Duration.millis(1500) } }),
      E.INVALID_PROP,
      'cache.ttl',
    ],
    [
      'the cache TTL is a token in minutes',
      withProps({ cache: { ttl: Duration.minutes(Lazy.number({ produce: () => 5 })) } }),
      E.UNRESOLVED_TOKEN,
      'cache.ttl',
    ],

    // executionLoggingLevel, logRetention
    [
      'execution logging is off',
      withProps({ executionLoggingLevel: apigateway.MethodLoggingLevel.OFF }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'executionLoggingLevel',
    ],
    ...retentionCases('logRetention', (days) => withProps({ logRetention: days as logs.RetentionDays })),

    // endpointType, vpcEndpoints
    [
      'a private endpoint has no VPC endpoint',
      withProps({ endpointType: apigateway.EndpointType.PRIVATE }),
      E.INVALID_PROP,
      'vpcEndpoints',
    ],
    [
      'a private endpoint has an empty VPC endpoint list',
      withProps({ endpointType: apigateway.EndpointType.PRIVATE, vpcEndpoints: [] }),
      E.INVALID_PROP,
      'vpcEndpoints',
    ],
    [
      'VPC endpoints are given for a regional API',
      withScope((scope) => ({
        vpcEndpoints: [
          new ec2.Vpc(scope, 'Vpc').addInterfaceEndpoint('ExecuteApi', {
            service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
          }),
        ],
      })),
      E.CONFLICTING_PROPS,
      'vpcEndpoints',
    ],

    // domainName
    [
      'a custom domain is given for a PRIVATE API (aws-cdk-lib would create a regional one)',
      withScope((scope) => ({
        endpointType: apigateway.EndpointType.PRIVATE,
        vpcEndpoints: [
          new ec2.Vpc(scope, 'Vpc').addInterfaceEndpoint('ExecuteApi', {
            service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
          }),
        ],
        domainName: { domainName: 'api.internal.example.com', certificate: certificate(scope) },
      })),
      E.CONFLICTING_PROPS,
      'domainName',
    ],
    [
      'a custom domain allows TLS 1.0',
      withScope((scope) => ({
        domainName: {
          domainName: 'api.example.com',
          certificate: certificate(scope),
          securityPolicy: apigateway.SecurityPolicy.TLS_1_0,
        },
      })),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'domainName.securityPolicy',
    ],
    [
      'a custom domain name is empty',
      withScope((scope) => ({ domainName: { domainName: '', certificate: certificate(scope) } })),
      E.INVALID_PROP,
      'domainName.domainName',
    ],
    [
      'a custom domain name is whitespace',
      withScope((scope) => ({ domainName: { domainName: '   ', certificate: certificate(scope) } })),
      E.INVALID_PROP,
      'domainName.domainName',
    ],

    // webAclArn
    ['webAclArn is empty', withProps({ webAclArn: '' }), E.INVALID_PROP, 'webAclArn'],
    ['webAclArn is whitespace', withProps({ webAclArn: '  ' }), E.INVALID_PROP, 'webAclArn'],
    ['webAclArn is not an ARN', withProps({ webAclArn: 'corporate-acl' }), E.INVALID_PROP, 'webAclArn'],
    [
      'webAclArn is a WAF Classic ARN',
      withProps({ webAclArn: 'arn:aws:waf-regional:us-east-1:123456789012:webacl/abc' }),
      E.INVALID_PROP,
      'webAclArn',
    ],
    [
      'webAclArn is a CLOUDFRONT-scope web ACL',
      withProps({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4' }),
      E.INVALID_PROP,
      'webAclArn',
    ],
    [
      'a web ACL comes with the WAF opt-out',
      withProps({ webAclArn: WEB_ACL_ARN, optOuts: { waf: { reason: 'x' } } }),
      E.CONFLICTING_PROPS,
      'webAclArn',
    ],
    [
      'rateLimitPerIp comes with a web ACL of your own',
      withProps({ webAclArn: WEB_ACL_ARN, rateLimitPerIp: 500 }),
      E.CONFLICTING_PROPS,
      'rateLimitPerIp',
    ],
    [
      'maxRequestBodySize comes with a web ACL of your own',
      withProps({ webAclArn: WEB_ACL_ARN, maxRequestBodySize: Size.kibibytes(16) }),
      E.CONFLICTING_PROPS,
      'maxRequestBodySize',
    ],
    [
      'rateLimitPerIp comes with the WAF opt-out',
      withProps({ rateLimitPerIp: 500, optOuts: { waf: { reason: 'Private API' } } }),
      E.CONFLICTING_PROPS,
      'rateLimitPerIp',
    ],
    [
      'maxRequestBodySize comes with the WAF opt-out',
      withProps({ maxRequestBodySize: Size.kibibytes(16), optOuts: { waf: { reason: 'Private API' } } }),
      E.CONFLICTING_PROPS,
      'maxRequestBodySize',
    ],

    // maxRequestBodySize
    [
      'the body limit is above 64 KiB',
      withProps({ maxRequestBodySize: Size.kibibytes(128) }),
      E.INVALID_PROP,
      'maxRequestBodySize',
    ],
    [
      'the body limit is below 8 KiB',
      withProps({ maxRequestBodySize: Size.kibibytes(4) }),
      E.INVALID_PROP,
      'maxRequestBodySize',
    ],
    ['the body limit is zero', withProps({ maxRequestBodySize: Size.bytes(0) }), E.INVALID_PROP, 'maxRequestBodySize'],
    [
      'the body limit is a fraction of a byte',
      withProps({ maxRequestBodySize: Size.bytes(9000.5) }),
      E.INVALID_PROP,
      'maxRequestBodySize',
    ],
    [
      'the body limit is a token in bytes',
      withScope((scope) => ({
        maxRequestBodySize: Size.bytes(new CfnParameter(scope, 'Body', { type: 'Number' }).valueAsNumber),
      })),
      E.UNRESOLVED_TOKEN,
      'maxRequestBodySize',
    ],
    [
      'the body limit is a token in KiB',
      withProps({ maxRequestBodySize: Size.kibibytes(Lazy.number({ produce: () => 16 })) }),
      E.UNRESOLVED_TOKEN,
      'maxRequestBodySize',
    ],

    // rateLimitPerIp
    ...([5, 9, 0, -100, 100.5, 2_000_000_001] as const).map((value): InvalidInputCase => [
      `rateLimitPerIp is ${value}`,
      withProps({ rateLimitPerIp: value }),
      E.INVALID_PROP,
      'rateLimitPerIp',
    ]),

    // optOuts.waf
    ...optOutCases('optOuts.waf', (waf) => withProps({ optOuts: { waf: waf as never } })),

    // authorization and allowUnauthenticated
    [
      'a method has authorization NONE and no opt-out (found at synth)',
      () => {
        const scope = stack();
        publicMethod(scope);
        Template.fromStack(scope);
      },
      E.WEAKENING_WITHOUT_OPT_OUT,
      'authorizationType',
      'TestStack/Api/Api/Default/health/GET',
    ],
    [
      'allowUnauthenticated has no reason',
      () => {
        const { a, method } = publicMethod(stack());
        a.allowUnauthenticated(method, { reason: '' });
      },
      E.OPT_OUT_WITHOUT_REASON,
      'allowUnauthenticated.reason',
      'TestStack/Api/Api/Default/health/GET',
    ],
    [
      'allowUnauthenticated reason is whitespace',
      () => {
        const { a, method } = publicMethod(stack());
        a.allowUnauthenticated(method, { reason: '   ' });
      },
      E.OPT_OUT_WITHOUT_REASON,
      'allowUnauthenticated.reason',
      'TestStack/Api/Api/Default/health/GET',
    ],
    [
      'allowUnauthenticated reason is missing',
      () => {
        const { a, method } = publicMethod(stack());
        a.allowUnauthenticated(method, {} as never);
      },
      E.OPT_OUT_WITHOUT_REASON,
      'allowUnauthenticated.reason',
      'TestStack/Api/Api/Default/health/GET',
    ],
    [
      'allowUnauthenticated is given a method of another API',
      () => {
        const scope = stack();
        const { method } = publicMethod(scope);
        new SecureApi(scope, 'Other').allowUnauthenticated(method, { reason: 'Health check' });
      },
      E.INVALID_PROP,
      'allowUnauthenticated.method',
      'TestStack/Other',
    ],
    [
      'allowUnauthenticated is given an authorized method',
      () => {
        const scope = stack();
        const a = api({}, scope);
        const method = a.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration());
        a.allowUnauthenticated(method, { reason: 'Health check' });
      },
      E.CONFLICTING_PROPS,
      'authorizationType',
      'TestStack/Api/Api/Default/orders/GET',
    ],
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureApi with tokens', () => {
  /** An API that synthesizes: it has one (authorized) method. */
  const synthable = (props: SecureApiProps, scope: Stack) =>
    api(props, scope).root.addMethod('GET', new apigateway.MockIntegration());
  const number = (scope: Stack) => Token.asNumber(new CfnParameter(scope, 'P', { type: 'Number' }).valueAsNumber);
  const cases: TokenCase[] = [
    [
      'rateLimit from a Number parameter',
      (s) => synthable({ throttling: { rateLimit: number(s) } }, s),
      'throttling.rateLimit',
    ],
    [
      'burstLimit from Lazy.number (and its order against the rate)',
      (s) => synthable({ throttling: { burstLimit: Lazy.number({ produce: () => 300 }) } }, s),
      'throttling.burstLimit',
    ],
    ['rateLimitPerIp from a Number parameter', (s) => synthable({ rateLimitPerIp: number(s) }, s), 'rateLimitPerIp'],
    [
      'cache size from a parameter',
      (s) => synthable({ cache: { clusterSize: new CfnParameter(s, 'P').valueAsString } }, s),
      'cache.clusterSize',
    ],
    [
      'cache TTL from a Number parameter, in seconds',
      (s) => synthable({ cache: { ttl: Duration.seconds(number(s)) } }, s),
      'cache.ttl',
    ],
    ['restApiName with the region', (s) => synthable({ restApiName: `orders-${Aws.REGION}` }, s), 'restApiName'],
    [
      'webAclArn from a parameter',
      (s) => synthable({ webAclArn: new CfnParameter(s, 'P').valueAsString }, s),
      'webAclArn',
    ],
    [
      'webAclArn with the region',
      (s) => synthable({ webAclArn: `arn:aws:wafv2:${Aws.REGION}:123456789012:regional/webacl/shared/a1b2` }, s),
      'webAclArn',
    ],
  ];

  testTokenWarnings(cases, stack, PATH);
});
