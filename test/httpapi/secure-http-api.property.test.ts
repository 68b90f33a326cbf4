import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpIamAuthorizer,
  HttpJwtAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as fc from 'fast-check';
import { SecureUserPool } from '../../src/auth/secure-user-pool';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureHttpApi } from '../../src/httpapi/secure-http-api';
import { SecureHttpApiProps } from '../../src/httpapi/secure-http-api-props';
import {
  defined,
  expectNoUnacknowledgedFindings,
  lintSampleEvery,
  maybe,
  newPropertyStack,
  optOutArb,
  propertyParameters,
  PropertyTally,
  throttlingArb,
  userTopic,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureHttpApi configuration (named or not, described or not; IAM, Cognito, JWT or Lambda
 * authorizer, with default scopes for the JWT ones; CORS; throttling; log retention; own alarm topic; a custom
 * domain with a mapping key and the execute-api endpoint turned off), with one to three routes on one or two
 * SecureFunctions and sometimes one deliberately public route, has zero unacknowledged findings in the six packs
 * and no acknowledgment that matches nothing; each function gets one API Gateway permission, every route but the
 * opted-out one is authorized, and the stage logs and throttles as configured. Every configuration integrates a
 * SecureFunction (the isolated network), so a second function and a Lambda authorizer are the rare parts.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureHttpApi random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });');

/** True a quarter of the time: a function is the costliest part of a configuration. */
const sometimes = fc.constantFrom(false, false, false, true);

const PATHS = ['/orders', '/orders/{id}', '/customers/{customerId}', '/health', '/search', '/{proxy+}'];
const METHODS = [
  apigatewayv2.HttpMethod.GET,
  apigatewayv2.HttpMethod.POST,
  apigatewayv2.HttpMethod.PUT,
  apigatewayv2.HttpMethod.DELETE,
  apigatewayv2.HttpMethod.ANY,
];
const RETENTIONS = [
  logs.RetentionDays.ONE_WEEK,
  logs.RetentionDays.THREE_MONTHS,
  logs.RetentionDays.ONE_YEAR,
  logs.RetentionDays.TEN_YEARS,
];

const authorizerArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<{ kind: 'iamDefault' | 'iam' }>({ kind: 'iamDefault' }, { kind: 'iam' }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom<'cognito' | 'jwt'>('cognito', 'jwt'), scopes: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        kind: fc.constant<'lambda'>('lambda'),
        response: fc.constantFrom<'SIMPLE' | 'IAM'>('SIMPLE', 'IAM'),
        cacheTtlSeconds: fc.integer({ min: 0, max: 3600 }),
      },
      { requiredKeys: ['kind', 'response'] },
    ),
  },
);

const corsArb = fc
  .record(
    {
      anyOrigin: fc.boolean(),
      allowMethods: fc.constantFrom<apigatewayv2.CorsHttpMethod[]>(
        [apigatewayv2.CorsHttpMethod.GET, apigatewayv2.CorsHttpMethod.POST],
        [apigatewayv2.CorsHttpMethod.ANY],
      ),
      allowHeaders: fc.constantFrom<string[]>(['Content-Type', 'Authorization'], ['*']),
      allowCredentials: fc.boolean(),
      maxAgeSeconds: fc.integer({ min: 0, max: 86_400 }),
    },
    { requiredKeys: ['anyOrigin'] },
  )
  // API Gateway refuses credentials with a '*' origin (and aws-cdk-lib fails synth on it).
  .map(({ anyOrigin, allowCredentials, ...rest }) =>
    defined({
      ...rest,
      allowOrigins: anyOrigin ? ['*'] : ['https://shop.example.com', 'https://admin.example.com'],
      allowCredentials: anyOrigin ? undefined : allowCredentials,
    }),
  );

const domainArb = fc.record(
  {
    mappingKey: fc.constantFrom('orders', 'v1'),
    disableExecuteApiEndpoint: fc.boolean(),
    explicitRegionalTls12: fc.boolean(),
  },
  { requiredKeys: ['disableExecuteApiEndpoint', 'explicitRegionalTls12'] },
);

const caseArb = fc
  .record({
    apiName: maybe(fc.constantFrom('orders-http-api', 'Shop HTTP API')),
    description: maybe(fc.constantFrom('Public order API', 'Back office')),
    authorizer: authorizerArb,
    cors: maybe(corsArb),
    throttling: maybe(throttlingArb),
    logRetention: maybe(fc.constantFrom(...RETENTIONS)),
    ownAlarmTopic: fc.boolean(),
    domain: fc.option(domainArb, { nil: undefined, freq: 2 }),
    secondFunction: sometimes,
    paths: fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 }),
    /** Which route (index modulo the route count) is public, if any. */
    publicRoute: fc.option(fc.record({ index: fc.nat(), optOut: optOutArb }), { nil: undefined, freq: 2 }),
  })
  .chain((drawn) =>
    fc
      .tuple(
        ...drawn.paths.map((path) =>
          fc.record({
            path: fc.constant(path),
            methods: fc.uniqueArray(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 2 }),
            fn: fc.integer({ min: 0, max: drawn.secondFunction ? 1 : 0 }),
          }),
        ),
      )
      .map((routes) => ({ ...drawn, routes })),
  );

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function buildAuthorizer(stack: Stack, spec: Case['authorizer']): apigatewayv2.IHttpRouteAuthorizer | undefined {
  switch (spec.kind) {
    case 'iamDefault':
      return undefined;
    case 'iam':
      return new HttpIamAuthorizer();
    case 'cognito': {
      const pool = new SecureUserPool(stack, 'Users');
      return new HttpUserPoolAuthorizer('Users', pool, { userPoolClients: [pool.addClient('Web')] });
    }
    case 'jwt':
      return new HttpJwtAuthorizer('Jwt', 'https://auth.example.com/', { jwtAudience: ['shop-web'] });
    case 'lambda':
      return new HttpLambdaAuthorizer(
        'Custom',
        new SecureFunction(stack, 'AuthorizerFunction', { code, handler: 'index.handler' }),
        {
          responseTypes: [HttpLambdaResponseType[spec.response]],
          resultsCacheTtl: spec.cacheTtlSeconds === undefined ? undefined : Duration.seconds(spec.cacheTtlSeconds),
        },
      );
  }
}

function apiProps(stack: Stack, spec: Case): SecureHttpApiProps {
  const jwt = spec.authorizer.kind === 'cognito' || spec.authorizer.kind === 'jwt';
  return defined({
    apiName: spec.apiName,
    description: spec.description,
    defaultAuthorizer: buildAuthorizer(stack, spec.authorizer),
    defaultAuthorizationScopes:
      jwt && 'scopes' in spec.authorizer && spec.authorizer.scopes ? ['shop/orders.read'] : undefined,
    corsPreflight: spec.cors
      ? defined({
          allowOrigins: spec.cors.allowOrigins,
          allowMethods: spec.cors.allowMethods,
          allowHeaders: spec.cors.allowHeaders,
          allowCredentials: spec.cors.allowCredentials,
          maxAge: spec.cors.maxAgeSeconds === undefined ? undefined : Duration.seconds(spec.cors.maxAgeSeconds),
        })
      : undefined,
    throttling: spec.throttling,
    logRetention: spec.logRetention,
    alarmTopic: spec.ownAlarmTopic ? userTopic(stack, 'OnCall') : undefined,
    domainName: spec.domain
      ? defined({
          domainName: 'api.example.com',
          certificate: acm.Certificate.fromCertificateArn(
            stack,
            'Cert',
            'arn:aws:acm:us-east-1:123456789012:certificate/0f2a7c1e-4b8d-4e2a-9c3f-1a2b3c4d5e6f',
          ),
          endpointType: spec.domain.explicitRegionalTls12 ? apigatewayv2.EndpointType.REGIONAL : undefined,
          securityPolicy: spec.domain.explicitRegionalTls12 ? apigatewayv2.SecurityPolicy.TLS_1_2 : undefined,
        })
      : undefined,
    domainMappingKey: spec.domain?.mappingKey,
    disableExecuteApiEndpoint: spec.domain?.disableExecuteApiEndpoint,
  });
}

const AUTHORIZATION_TYPE: Record<Case['authorizer']['kind'], string> = {
  iamDefault: 'AWS_IAM',
  iam: 'AWS_IAM',
  cognito: 'JWT',
  jwt: 'JWT',
  lambda: 'CUSTOM',
};

type Resources = Record<string, { Properties: Record<string, any> }>;

/** The (function, API) pairs of the template's API Gateway invoke permissions, one entry per permission. */
function apiGatewayPermissionPairs(template: Template): string[] {
  return Object.values(template.findResources('AWS::Lambda::Permission') as Resources)
    .map((r) => r.Properties)
    .filter((p) => p.Principal === 'apigateway.amazonaws.com')
    .map((p) => `${JSON.stringify(p.FunctionName)} <- ${JSON.stringify(p.SourceArn)}`);
}

describe('SecureHttpApi property', () => {
  afterAll(() => {
    tally.report(
      'SecureHttpApi',
      tally.count('runs'),
      `${tally.count('routes')} routes, ${tally.count('public')} public, ${tally.count('lambdaAuthorizer')} Lambda authorizers, ${tally.count('domains')} custom domains`,
    );
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec: Case) => {
        const { app, stack } = newPropertyStack();
        const api = new SecureHttpApi(stack, 'Api', apiProps(stack, spec));
        const functions = Array.from(
          { length: spec.secondFunction ? 2 : 1 },
          (_, i) => new SecureFunction(stack, `Handler${i}`, { code, handler: 'index.handler' }),
        );
        const publicIndex = spec.publicRoute ? spec.publicRoute.index % spec.routes.length : -1;
        const publicKeys = new Set<string>();
        spec.routes.forEach((route, i) => {
          const isPublic = i === publicIndex;
          const created = api.addRoutes({
            path: route.path,
            methods: route.methods,
            integration: new HttpLambdaIntegration(`Route${i}`, functions[route.fn]),
            authorizer: isPublic ? new apigatewayv2.HttpNoneAuthorizer() : undefined,
          });
          if (isPublic) {
            created.forEach((r) => api.allowUnauthenticated(r, spec.publicRoute!.optOut));
            route.methods.forEach((m) => publicKeys.add(`${m} ${route.path}`));
          }
          tally.add('routes', created.length);
        });
        expectNoUnacknowledgedFindings(app, spec);

        const template = Template.fromStack(stack);
        // One API Gateway permission per (function, API): the integrated functions, and the Lambda authorizer's when a
        // route uses it.
        const authorized = spec.routes.some((_, i) => i !== publicIndex);
        const expectedFunctions =
          new Set(spec.routes.map((r) => r.fn)).size + (spec.authorizer.kind === 'lambda' && authorized ? 1 : 0);
        const pairs = apiGatewayPermissionPairs(template);
        expect(new Set(pairs).size).toBe(pairs.length);
        expect(new Set(pairs.map((p) => p.split(' <- ')[0])).size).toBe(expectedFunctions);
        expect(pairs).toHaveLength(expectedFunctions);

        // Every route is authorized with the default authorizer's type, except the opted-out public one.
        const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).map(
          (r) => r.Properties,
        );
        expect(routes.map((r) => r.RouteKey).sort()).toEqual(
          spec.routes.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).sort(),
        );
        for (const route of routes) {
          expect([route.RouteKey, route.AuthorizationType]).toEqual([
            route.RouteKey,
            publicKeys.has(route.RouteKey) ? 'NONE' : AUTHORIZATION_TYPE[spec.authorizer.kind],
          ]);
          // API Gateway refuses scopes on a route that is not JWT-authorized ("Authorization Scopes are only valid for
          // COGNITO_USER_POOLS and JWT authorization types"): the deployment would fail.
          if (route.AuthorizationType !== 'JWT') {
            expect([route.RouteKey, route.AuthorizationScopes]).toEqual([route.RouteKey, undefined]);
          }
        }

        // The stage logs every request and throttles the default route as configured.
        const rateLimit = spec.throttling?.rateLimit ?? 100;
        const burstLimit = spec.throttling?.burstLimit ?? Math.max(200, rateLimit);
        const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage') as Resources);
        expect(stages).toHaveLength(1);
        const stage = stages[0].Properties;
        expect(stage.AccessLogSettings).toEqual({
          DestinationArn: stack.resolve(api.accessLogGroup.logGroupArn),
          Format: expect.stringContaining('$context.requestId'),
        });
        expect(stage.DefaultRouteSettings).toEqual(
          expect.objectContaining({ ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }),
        );

        if (spec.domain) {
          template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
            DomainName: 'api.example.com',
            DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
          });
          tally.add('domains');
        }
        corpus.sample(app);
        tally.add('runs');
        tally.add('public', publicKeys.size > 0 ? 1 : 0);
        tally.add('lambdaAuthorizer', spec.authorizer.kind === 'lambda' ? 1 : 0);
      }),
      propertyParameters(),
    );
  }, 300_000);

  // The smallest configuration the property above fails on (seed 42, first case, shrunk): aws-cdk-lib's HttpRoute
  // adds the API's defaultAuthorizationScopes to a route added with HttpNoneAuthorizer, and API Gateway refuses
  // scopes on a NONE route at deploy time.
  test('a public route of an API with default scopes carries no scopes', () => {
    // GIVEN
    const { stack } = newPropertyStack();
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorizer: new HttpJwtAuthorizer('Jwt', 'https://auth.example.com/', { jwtAudience: ['shop-web'] }),
      defaultAuthorizationScopes: ['shop/orders.read'],
    });
    const handler = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });

    // WHEN
    const [route] = api.addRoutes({
      path: '/health',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Health', handler),
      authorizer: new apigatewayv2.HttpNoneAuthorizer(),
    });
    api.allowUnauthenticated(route, { reason: 'Public health check; returns no data' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /health',
      AuthorizationType: 'NONE',
      AuthorizationScopes: Match.absent(),
    });
  });

  test('cfn-lint finds no error in a sample of the configurations above', () => {
    corpus.expectValid();
  }, 120_000);
});
