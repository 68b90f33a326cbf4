import { App, Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SecureFunction, SecureHttpApi, SecureHttpApiProps } from '../../src';
import { OptOut } from '../../src/core/opt-out';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  optOutCases,
  retentionCases,
  SecureErrorCode as E,
  testInvalidInputs,
} from '../support/invalid-input';

const PATH = 'TestStack/Api';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** An API with `props`, built lazily, for the case table. */
const withProps = (props: SecureHttpApiProps) => () => new SecureHttpApi(newStack().stack, 'Api', props);

/** An API with a custom domain whose props are `domain` over valid ones. */
function withDomain(domain: Partial<apigatewayv2.DomainNameProps>, domainMappingKey?: string) {
  return () => {
    const { stack } = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
    return new SecureHttpApi(stack, 'Api', {
      domainName: { domainName: 'api.example.com', certificate, ...domain },
      domainMappingKey,
    });
  };
}

/** An API with one route, built with `authorizer`; `act` runs on it and its route. */
function withRoute(
  authorizer: apigatewayv2.IHttpRouteAuthorizer | undefined,
  act: (api: SecureHttpApi, route: apigatewayv2.HttpRoute, fixture: { app: App; stack: Stack }) => unknown,
) {
  return () => {
    const fixture = newStack();
    const api = new SecureHttpApi(fixture.stack, 'Api');
    const handler = new SecureFunction(fixture.stack, 'Handler', { code, handler: 'index.handler' });
    const [route] = api.addRoutes({
      path: '/health',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Health', handler),
      authorizer,
    });
    return act(api, route, fixture);
  };
}

const none = new apigatewayv2.HttpNoneAuthorizer();
const ROUTE_PATH = `${PATH}/Api/GET--health`;

describe('SecureHttpApi invalid input', () => {
  const cases: InvalidInputCase[] = [
    ['apiName is blank', withProps({ apiName: '  ' }), E.INVALID_PROP, 'apiName'],
    ['description is empty', withProps({ description: '' }), E.INVALID_PROP, 'description'],
    [
      'defaultAuthorizer is HttpNoneAuthorizer',
      withProps({ defaultAuthorizer: new apigatewayv2.HttpNoneAuthorizer() }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'defaultAuthorizer',
    ],
    ['throttling.rateLimit is 0', withProps({ throttling: { rateLimit: 0 } }), E.INVALID_PROP, 'throttling.rateLimit'],
    [
      'throttling.rateLimit is not an integer',
      withProps({ throttling: { rateLimit: 1.5 } }),
      E.INVALID_PROP,
      'throttling.rateLimit',
    ],
    [
      'throttling.burstLimit is negative',
      withProps({ throttling: { burstLimit: -1 } }),
      E.INVALID_PROP,
      'throttling.burstLimit',
    ],
    [
      'throttling.burstLimit is below rateLimit',
      withProps({ throttling: { rateLimit: 500, burstLimit: 100 } }),
      E.CONFLICTING_PROPS,
      'throttling.burstLimit',
    ],
    [
      'defaultAuthorizationScopes with the IAM default',
      withProps({ defaultAuthorizationScopes: ['orders/read'] }),
      E.CONFLICTING_PROPS,
      'defaultAuthorizationScopes',
    ],
    [
      'domainMappingKey without a domain',
      withProps({ domainMappingKey: 'orders' }),
      E.CONFLICTING_PROPS,
      'domainMappingKey',
    ],
    [
      'disableExecuteApiEndpoint without a domain',
      withProps({ disableExecuteApiEndpoint: true }),
      E.CONFLICTING_PROPS,
      'disableExecuteApiEndpoint',
    ],
    ['domainName.domainName is blank', withDomain({ domainName: ' ' }), E.INVALID_PROP, 'domainName.domainName'],
    [
      'domainName.domainName has uppercase letters',
      withDomain({ domainName: 'API.example.com' }),
      E.INVALID_PROP,
      'domainName.domainName',
    ],
    [
      'domainName.endpointType is EDGE',
      withDomain({ endpointType: apigatewayv2.EndpointType.EDGE }),
      E.INVALID_PROP,
      'domainName.endpointType',
    ],
    [
      'domainName.securityPolicy is TLS_1_0',
      withDomain({ securityPolicy: apigatewayv2.SecurityPolicy.TLS_1_0 }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'domainName.securityPolicy',
    ],
    ['domainMappingKey is blank', withDomain({}, ''), E.INVALID_PROP, 'domainMappingKey'],
    ...retentionCases('logRetention', (days) => withProps({ logRetention: days as logs.RetentionDays })),
    [
      'a route without authorization and no opt-out',
      withRoute(none, (_api, _route, { app }) => app.synth()),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'authorizer',
      ROUTE_PATH,
    ],
    [
      'a route without authorization added to the underlying httpApi',
      () => {
        const { app, stack } = newStack();
        new SecureHttpApi(stack, 'Api').httpApi.addRoutes({
          path: '/health',
          methods: [apigatewayv2.HttpMethod.GET],
          integration: new HttpLambdaIntegration(
            'Health',
            new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' }),
          ),
          authorizer: none,
        });
        return app.synth();
      },
      E.WEAKENING_WITHOUT_OPT_OUT,
      'authorizer',
      ROUTE_PATH,
    ],
    [
      'allowUnauthenticated on a route that is authorized',
      withRoute(undefined, (api, route) => api.allowUnauthenticated(route, { reason: 'public' })),
      E.CONFLICTING_PROPS,
      'authorizer',
      ROUTE_PATH,
    ],
    [
      'allowUnauthenticated on a route of another API',
      withRoute(none, (_api, route, { stack }) =>
        new SecureHttpApi(stack, 'Other').allowUnauthenticated(route, { reason: 'public' }),
      ),
      E.INVALID_PROP,
      'allowUnauthenticated.route',
      'TestStack/Other',
    ],
    ...optOutCases('allowUnauthenticated', (optOut) =>
      withRoute(none, (api, route) => api.allowUnauthenticated(route, optOut as OptOut)),
    ).map(([name, build, errorCode, prop]): InvalidInputCase => [name, build, errorCode, prop, ROUTE_PATH]),
  ];

  testInvalidInputs(cases, PATH);
});
