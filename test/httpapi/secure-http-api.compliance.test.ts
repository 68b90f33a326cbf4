import { Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureFunction, SecureHttpApi, SecureUserPool } from '../../src';
import { ComplianceCase, complianceTests, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });');

/** The case: a user-pool-authorized HTTP API routing GET and POST /orders to one SecureFunction. */
function orders(stack: Stack, defaultAuthorizer?: (stack: Stack) => apigatewayv2.IHttpRouteAuthorizer): SecureHttpApi {
  const handler = new SecureFunction(stack, 'Orders', { code, handler: 'index.handler' });
  const api = new SecureHttpApi(stack, 'Api', {
    defaultAuthorizer: defaultAuthorizer?.(stack),
    corsPreflight: { allowOrigins: ['https://shop.example.com'] },
  });
  api.addRoutes({
    path: '/orders',
    methods: [apigatewayv2.HttpMethod.GET, apigatewayv2.HttpMethod.POST],
    integration: new HttpLambdaIntegration('Orders', handler),
  });
  return api;
}

const userPoolAuthorizer = (stack: Stack) => {
  const users = new SecureUserPool(stack, 'Users');
  return new HttpUserPoolAuthorizer('Users', users, { userPoolClients: [users.addClient('Web')] });
};

const lambdaAuthorizer = (stack: Stack) =>
  new HttpLambdaAuthorizer(
    'Authorizer',
    new SecureFunction(stack, 'AuthorizerFunction', { code, handler: 'index.handler' }),
    {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
    },
  );

describe('SecureHttpApi compliance', () => {
  const cases: ComplianceCase[] = [
    ['an IAM-authorized HTTP API routing to a SecureFunction', ({ stack }) => orders(stack)],
    [
      'a SecureHttpApi behind HttpUserPoolAuthorizer on a SecureUserPool routing to a SecureFunction',
      ({ stack }) => orders(stack, userPoolAuthorizer),
    ],
    ['a SecureHttpApi behind a Lambda authorizer on a SecureFunction', ({ stack }) => orders(stack, lambdaAuthorizer)],
    [
      'a SecureHttpApi served only on a custom domain, under a mapping key',
      ({ stack }) =>
        new SecureHttpApi(stack, 'Api', {
          domainName: {
            domainName: 'api.example.com',
            certificate: acm.Certificate.fromCertificateArn(
              stack,
              'Cert',
              'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
            ),
          },
          domainMappingKey: 'orders',
          disableExecuteApiEndpoint: true,
        }).addRoutes({
          path: '/orders',
          methods: [apigatewayv2.HttpMethod.GET],
          integration: new HttpLambdaIntegration(
            'Orders',
            new SecureFunction(stack, 'Orders', { code, handler: 'index.handler' }),
          ),
        }),
    ],
    [
      'a public health route opted out with allowUnauthenticated',
      ({ stack }) => {
        const api = orders(stack, userPoolAuthorizer);
        const health = new SecureFunction(stack, 'Health', { code, handler: 'index.handler' });
        const [route] = api.addRoutes({
          path: '/health',
          methods: [apigatewayv2.HttpMethod.GET],
          integration: new HttpLambdaIntegration('Health', health),
          authorizer: new apigatewayv2.HttpNoneAuthorizer(),
        });
        api.allowUnauthenticated(route, { reason: 'Public health check; returns a constant and reads nothing' });
      },
      // The weakening the opt-out asks for: Control Tower checks every HTTP API route for an authorization
      // type other than NONE, and cfn-guard has no acknowledgment.
      ['api_gw_v2_authorization_type_configured_check at ApiGEThealthECB3B50F'],
    ],
  ];

  complianceTests('SecureHttpApi compliance', cases);

  test('our pack reports a route without authorization on a plain aws-cdk-lib HttpApi', () => {
    // GIVEN
    const { app, stack } = newStack();
    const api = new apigatewayv2.HttpApi(stack, 'Plain');

    // WHEN
    api.addRoutes({
      path: '/orders',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration(
        'Orders',
        new SecureFunction(stack, 'Orders', { code, handler: 'index.handler' }),
      ),
    });

    // THEN
    expect(nagFindings(app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/SecureServerless-HttpApiRouteAuthorization at TestStack\/Plain\/GET--orders/),
      ]),
    );
  });
});
