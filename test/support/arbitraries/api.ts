import { Duration, Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ACCOUNT, buildFunction, DEFAULT_FUNCTION_SPEC, REGION } from './function';
import { defined, optOutArb, retentionArb, userTopic } from './shared';
import { IsolatedNetwork, OptOut, SecureApi, SecureApiProps } from '../../../src';

// ---------------------------------------------------------------------------------------------------------
// SecureApi
// ---------------------------------------------------------------------------------------------------------

export type AuthorizerSpec =
  | { readonly kind: 'iam' }
  | { readonly kind: 'cognito'; readonly scopes: boolean }
  | { readonly kind: 'token' | 'request'; readonly cacheTtlSeconds?: number };

export interface MethodSpec {
  readonly httpMethod: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  /** Which of the case's functions integrates the method; `mock` for a mock integration. */
  readonly integration: number | 'mock';
  readonly requestModel: boolean;
  readonly requiredQueryString: boolean;
  /** `authorizationType: NONE` with `allowUnauthenticated` and this opt-out. */
  readonly unauthenticated?: OptOut;
}

export interface RouteSpec {
  readonly path: string[];
  readonly methods: MethodSpec[];
  readonly cors?: {
    readonly allowOrigins: string[];
    readonly allowMethods?: string[];
    readonly allowCredentials?: boolean;
  };
}

export interface ApiSpec {
  readonly restApiName?: string;
  readonly description?: string;
  readonly authorizer: AuthorizerSpec;
  readonly throttling?: { readonly rateLimit?: number; readonly burstLimit?: number };
  readonly cache?: { readonly clusterSize?: string; readonly ttlSeconds?: number; readonly encrypted?: true };
  readonly stageName?: string;
  readonly executionLoggingLevel?: 'ERROR' | 'INFO';
  readonly logRetention?: logs.RetentionDays;
  readonly endpoint: 'default' | 'REGIONAL' | 'EDGE' | 'PRIVATE';
  readonly domain?: {
    readonly securityPolicy?: string;
    /** Required by aws-cdk-lib with the enhanced (`SecurityPolicy_*`) policies. */
    readonly endpointAccessMode?: 'BASIC' | 'STRICT';
    readonly regionalDomain: boolean;
    readonly basePath?: string;
  };
  readonly waf:
    | { readonly kind: 'own'; readonly rateLimitPerIp?: number; readonly maxRequestBodyKiB?: number }
    | { readonly kind: 'webAclArn' }
    | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly clientCertificate?: boolean;
  readonly alarmTopic: 'default' | 'own';
  readonly routes: RouteSpec[];
  readonly functions: number;
}

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** Security policies of TLS 1.2 and newer, by the endpoint type of the domain they apply to. */
const REGIONAL_TLS_POLICIES = [
  apigateway.SecurityPolicy.TLS_1_2,
  apigateway.SecurityPolicy.TLS13_1_3_2025_09,
  apigateway.SecurityPolicy.TLS13_1_3_FIPS_2025_09,
  apigateway.SecurityPolicy.TLS13_1_2_PQ_2025_09,
  apigateway.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
].map(String);
const EDGE_TLS_POLICIES = [
  apigateway.SecurityPolicy.TLS_1_2,
  apigateway.SecurityPolicy.TLS13_2025_EDGE,
  apigateway.SecurityPolicy.TLS12_PFS_2025_EDGE,
  apigateway.SecurityPolicy.TLS12_2018_EDGE,
].map(String);

const PATH_PARTS = ['orders', 'customers', '{id}', 'items', 'health', 'v1', 'search', '{orderId}'];

const methodArb = (functions: number): fc.Arbitrary<Omit<MethodSpec, 'httpMethod'>> =>
  fc.record(
    {
      integration: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: functions - 1 }) },
        { weight: 1, arbitrary: fc.constant<'mock'>('mock') },
      ),
      requestModel: fc.boolean(),
      requiredQueryString: fc.boolean(),
      unauthenticated: fc.option(optOutArb, { nil: undefined, freq: 6 }),
    },
    { requiredKeys: ['integration', 'requestModel', 'requiredQueryString'] },
  );

const routeArb = (functions: number): fc.Arbitrary<RouteSpec> =>
  fc.record(
    {
      path: fc.array(fc.constantFrom(...PATH_PARTS), { minLength: 1, maxLength: 3 }),
      methods: fc
        .uniqueArray(fc.constantFrom<MethodSpec['httpMethod']>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'ANY'), {
          minLength: 1,
          maxLength: 3,
        })
        .chain((verbs) => fc.tuple(...verbs.map((v) => methodArb(functions).map((m) => ({ ...m, httpMethod: v }))))),
      cors: fc.record(
        {
          allowOrigins: fc.constantFrom(
            ['https://shop.example.com'],
            ['https://shop.example.com', 'https://admin.example.com'],
          ),
          allowMethods: fc.constantFrom(['GET', 'POST'], ['GET', 'PUT', 'DELETE']),
          allowCredentials: fc.boolean(),
        },
        { requiredKeys: ['allowOrigins'] },
      ),
    },
    { requiredKeys: ['path', 'methods'] },
  );

/**
 * Throttling of an API stage within API Gateway's limits (1 to 10,000,000): the rate, the burst, both or neither,
 * the burst never below the rate (or the default rate, 100).
 */
export const throttlingArb = fc
  .record({
    rateLimit: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 10_000_000 })),
    extraBurst: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 10_000_000 })),
    withBurst: fc.boolean(),
    withRate: fc.boolean(),
  })
  .map(({ rateLimit, extraBurst, withBurst, withRate }) => {
    const rate = withRate ? rateLimit : undefined;
    const burst = withBurst ? Math.min(10_000_000, (rate ?? 100) + extraBurst) : undefined;
    return defined({ rateLimit: rate, burstLimit: burst });
  });

export const apiSpecArb: fc.Arbitrary<ApiSpec> = fc
  .integer({ min: 1, max: 2 })
  .chain((functions) =>
    fc.record(
      {
        functions: fc.constant(functions),
        restApiName: fc.constantFrom('orders-api', 'Shop API'),
        description: fc.constantFrom('Public order API', 'Back office'),
        authorizer: fc.oneof(
          fc.record({ kind: fc.constant<'iam'>('iam') }),
          fc.record({ kind: fc.constant<'cognito'>('cognito'), scopes: fc.boolean() }),
          fc.record(
            {
              kind: fc.constantFrom<'token' | 'request'>('token', 'request'),
              cacheTtlSeconds: fc.integer({ min: 0, max: 3600 }),
            },
            { requiredKeys: ['kind'] },
          ),
        ),
        throttling: throttlingArb,
        cache: fc.record(
          {
            clusterSize: fc.constantFrom(...CACHE_SIZES),
            ttlSeconds: fc.integer({ min: 0, max: 3600 }),
            encrypted: fc.constant<true>(true),
          },
          { requiredKeys: [] },
        ),
        stageName: fc.constantFrom('prod', 'v1', 'staging_eu', 'Live2'),
        executionLoggingLevel: fc.constantFrom<'ERROR' | 'INFO'>('ERROR', 'INFO'),
        logRetention: retentionArb,
        endpoint: fc.constantFrom<ApiSpec['endpoint']>('default', 'REGIONAL', 'EDGE', 'PRIVATE'),
        domain: fc.record(
          {
            regionalDomain: fc.boolean(),
            securityPolicyIndex: fc.nat(),
            withPolicy: fc.boolean(),
            strict: fc.boolean(),
            basePath: fc.constantFrom('orders', 'v1'),
          },
          { requiredKeys: ['regionalDomain', 'securityPolicyIndex', 'withPolicy'] },
        ),
        waf: fc.oneof(
          {
            weight: 3,
            arbitrary: fc.record(
              {
                kind: fc.constant<'own'>('own'),
                rateLimitPerIp: fc.oneof(
                  fc.integer({ min: 10, max: 100_000 }),
                  fc.integer({ min: 10, max: 2_000_000_000 }),
                ),
                maxRequestBodyKiB: fc.integer({ min: 8, max: 64 }),
              },
              { requiredKeys: ['kind'] },
            ),
          },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<'webAclArn'>('webAclArn') }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }) },
        ),
        clientCertificate: fc.boolean(),
        alarmTopic: fc.constantFrom<'default' | 'own'>('default', 'own'),
        routes: fc.array(routeArb(functions), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ['functions', 'authorizer', 'endpoint', 'waf', 'alarmTopic', 'routes'] },
    ),
  )
  .map(({ domain, ...drawn }) => {
    // aws-cdk-lib fails synth on an authorizer that no method uses ("must be attached to a RestApi"): someone
    // who passes an authorizer has at least one method behind it.
    const allPublic = drawn.routes.every((r) => r.methods.every((m) => m.unauthenticated !== undefined));
    const [first, ...rest] = drawn.routes;
    const spec =
      drawn.authorizer.kind !== 'iam' && allPublic
        ? {
            ...drawn,
            routes: [
              { ...first, methods: first.methods.map((m, i) => (i === 0 ? { ...m, unauthenticated: undefined } : m)) },
              ...rest,
            ],
          }
        : drawn;
    // A custom domain of a PRIVATE API is a different resource type (DomainNameV2); only public APIs get one.
    if (!domain || spec.endpoint === 'PRIVATE') {
      return spec;
    }
    const policies = domain.regionalDomain ? REGIONAL_TLS_POLICIES : EDGE_TLS_POLICIES;
    const securityPolicy = domain.withPolicy ? policies[domain.securityPolicyIndex % policies.length] : undefined;
    return {
      ...spec,
      domain: defined({
        regionalDomain: domain.regionalDomain,
        securityPolicy,
        endpointAccessMode: securityPolicy?.startsWith('SecurityPolicy_')
          ? domain.strict
            ? ('STRICT' as const)
            : ('BASIC' as const)
          : undefined,
        basePath: domain.basePath,
      }),
    };
  });

/**
 * A Cognito user pool as AwsSolutions-COG1/2/8 and our Cognito rules want it: strong passwords, MFA, threat
 * protection, deletion protection (plain aws-cdk-lib, not SecureUserPool, so the API is tested on its own).
 */
export function userPool(scope: Construct, id: string): cognito.UserPool {
  return new cognito.UserPool(scope, id, {
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
    deletionProtection: true,
    passwordPolicy: {
      minLength: 14,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
    },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  });
}

function buildAuthorizer(scope: Construct, spec: AuthorizerSpec): apigateway.IAuthorizer | undefined {
  switch (spec.kind) {
    case 'iam':
      return undefined;
    case 'cognito':
      return new apigateway.CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
        cognitoUserPools: [userPool(scope, 'Users')],
      });
    case 'token':
      return new apigateway.TokenAuthorizer(scope, 'Authorizer', {
        handler: buildFunction(scope, 'AuthorizerFunction', DEFAULT_FUNCTION_SPEC),
        resultsCacheTtl: spec.cacheTtlSeconds !== undefined ? Duration.seconds(spec.cacheTtlSeconds) : undefined,
      });
    case 'request':
      return new apigateway.RequestAuthorizer(scope, 'Authorizer', {
        handler: buildFunction(scope, 'AuthorizerFunction', DEFAULT_FUNCTION_SPEC),
        identitySources: [apigateway.IdentitySource.header('Authorization')],
        resultsCacheTtl: spec.cacheTtlSeconds !== undefined ? Duration.seconds(spec.cacheTtlSeconds) : undefined,
      });
  }
}

/** Builds the API of `spec` with its routes, integrated with `functions`. */
export function buildApi(scope: Construct, id: string, spec: ApiSpec, functions: lambda.IFunction[]): SecureApi {
  const endpointType =
    spec.endpoint === 'default' ? undefined : apigateway.EndpointType[spec.endpoint as 'REGIONAL' | 'EDGE' | 'PRIVATE'];
  const props: SecureApiProps = {
    restApiName: spec.restApiName,
    description: spec.description,
    authorizer: buildAuthorizer(scope, spec.authorizer),
    throttling: spec.throttling,
    cache: spec.cache
      ? defined({
          clusterSize: spec.cache.clusterSize,
          ttl: spec.cache.ttlSeconds !== undefined ? Duration.seconds(spec.cache.ttlSeconds) : undefined,
          encrypted: spec.cache.encrypted,
        })
      : undefined,
    stageName: spec.stageName,
    executionLoggingLevel: spec.executionLoggingLevel
      ? apigateway.MethodLoggingLevel[spec.executionLoggingLevel]
      : undefined,
    logRetention: spec.logRetention,
    endpointType,
    vpcEndpoints:
      spec.endpoint === 'PRIVATE'
        ? [IsolatedNetwork.of(scope).interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.APIGATEWAY)]
        : undefined,
    domainName: spec.domain
      ? {
          domainName: 'api.shop.example.com',
          certificate: acm.Certificate.fromCertificateArn(
            scope,
            `${id}Certificate`,
            `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0f2a7c1e-4b8d-4e2a-9c3f-1a2b3c4d5e6f`,
          ),
          endpointType: spec.domain.regionalDomain ? apigateway.EndpointType.REGIONAL : apigateway.EndpointType.EDGE,
          securityPolicy: spec.domain.securityPolicy as apigateway.SecurityPolicy | undefined,
          endpointAccessMode: spec.domain.endpointAccessMode
            ? apigateway.EndpointAccessMode[spec.domain.endpointAccessMode]
            : undefined,
          basePath: spec.domain.basePath,
        }
      : undefined,
    webAclArn:
      spec.waf.kind === 'webAclArn'
        ? `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/corporate-api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`
        : undefined,
    rateLimitPerIp: spec.waf.kind === 'own' ? spec.waf.rateLimitPerIp : undefined,
    maxRequestBodySize:
      spec.waf.kind === 'own' && spec.waf.maxRequestBodyKiB !== undefined
        ? Size.kibibytes(spec.waf.maxRequestBodyKiB)
        : undefined,
    clientCertificate: spec.clientCertificate,
    alarmTopic: spec.alarmTopic === 'own' ? userTopic(scope, `${id}Alarms`) : undefined,
    optOuts: spec.waf.kind === 'optOut' ? { waf: spec.waf.optOut } : undefined,
  };
  const api = new SecureApi(scope, id, props);
  const model = api.addModel('Order', {
    contentType: 'application/json',
    schema: {
      type: apigateway.JsonSchemaType.OBJECT,
      required: ['customerId'],
      properties: {
        customerId: { type: apigateway.JsonSchemaType.STRING },
        total: { type: apigateway.JsonSchemaType.NUMBER, minimum: 0 },
      },
    },
  });
  const cognitoScopes = spec.authorizer.kind === 'cognito' && spec.authorizer.scopes ? ['shop/orders.read'] : undefined;
  for (const route of spec.routes) {
    let resource = api.root;
    for (const part of route.path) {
      resource = resource.getResource(part) ?? resource.addResource(part);
    }
    if (route.cors && !resource.node.tryFindChild('OPTIONS')) {
      resource.addCorsPreflight(
        defined({
          allowOrigins: route.cors.allowOrigins,
          allowMethods: route.cors.allowMethods,
          allowCredentials: route.cors.allowCredentials,
        }),
      );
    }
    for (const method of route.methods) {
      if (resource.node.tryFindChild(method.httpMethod)) {
        continue; // the same path drawn twice: the first route's method stays
      }
      const integration =
        method.integration === 'mock'
          ? new apigateway.MockIntegration({
              integrationResponses: [{ statusCode: '200' }],
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
            })
          : new apigateway.LambdaIntegration(functions[method.integration]);
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method.httpMethod);
      const created = resource.addMethod(method.httpMethod, integration, {
        requestModels: withBody && method.requestModel ? { 'application/json': model } : undefined,
        requestParameters: method.requiredQueryString ? { 'method.request.querystring.customerId': true } : undefined,
        methodResponses: method.integration === 'mock' ? [{ statusCode: '200' }] : undefined,
        authorizationType: method.unauthenticated ? apigateway.AuthorizationType.NONE : undefined,
        authorizationScopes: method.unauthenticated ? undefined : cognitoScopes,
      });
      if (method.unauthenticated) {
        api.allowUnauthenticated(created, method.unauthenticated);
      }
    }
  }
  return api;
}
