import { Template, Match } from 'aws-cdk-lib/assertions';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ComplianceGate, SecureFunction, SecureHttpApi, SecureUserPool } from '../../src';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });');

function fixture() {
  const { app, stack } = newStack();
  const handler = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  return { app, stack, handler };
}

describe('SecureHttpApi', () => {
  test('routes are authorized with IAM by default', () => {
    // GIVEN
    const { stack, handler } = fixture();
    const api = new SecureHttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({
      path: '/orders',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Orders', handler),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /orders',
      AuthorizationType: 'AWS_IAM',
    });
  });

  test('routes use a Cognito user pool authorizer given as defaultAuthorizer', () => {
    // GIVEN
    const { stack, handler } = fixture();
    const pool = new SecureUserPool(stack, 'Users');
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorizer: new HttpUserPoolAuthorizer('Users', pool, {
        userPoolClients: [pool.addClient('Web')],
      }),
    });

    // WHEN
    api.addRoutes({
      path: '/orders',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Orders', handler),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'JWT' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  test('a Lambda authorizer on a SecureFunction gets one permission, for that authorizer of this account', () => {
    // GIVEN
    const { stack, handler } = fixture();
    const authorizerFunction = new SecureFunction(stack, 'Authorizer', { code, handler: 'index.handler' });
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorizer: new HttpLambdaAuthorizer('Tokens', authorizerFunction, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
      }),
    });

    // WHEN
    api.addRoutes({
      path: '/orders',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Orders', handler),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'CUSTOM' });
    const permissions = template.findResources('AWS::Lambda::Permission', {
      Properties: { FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthorizerFunction'), 'Arn'] } },
    });
    expect(Object.values(permissions).map((p: any) => p.Properties)).toEqual([
      expect.objectContaining({
        Principal: 'apigateway.amazonaws.com',
        SourceAccount: '123456789012',
        SourceArn: expect.objectContaining({ 'Fn::Join': expect.anything() }),
      }),
    ]);
    expect(JSON.stringify(Object.values(permissions)[0])).toContain('/authorizers/');
  });

  test.each([
    ['securityPolicy left out', {}],
    ['securityPolicy: undefined written out', { securityPolicy: undefined }],
  ])('a custom domain is regional with TLS 1.2 and maps the default stage under the mapping key (%s)', (_n, policy) => {
    // GIVEN
    const { stack } = fixture();
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555',
    );

    // WHEN
    const api = new SecureHttpApi(stack, 'Api', {
      domainName: { domainName: 'api.example.com', certificate, ...policy },
      domainMappingKey: 'orders',
      disableExecuteApiEndpoint: true,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiMappingKey: 'orders',
      Stage: '$default',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(api.domainName).toBeDefined();
  });

  test('the default stage writes JSON access logs to an encrypted log group and throttles the default route', () => {
    // GIVEN
    const { stack } = fixture();

    // WHEN
    new SecureHttpApi(stack, 'Api', { throttling: { rateLimit: 50, burstLimit: 80 } });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId', status: '$context.status' })),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80, DetailedMetricsEnabled: true },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 365,
    });
  });

  test('throttling defaults to 100 requests per second and bursts of 200', () => {
    // GIVEN
    const { stack } = fixture();

    // WHEN
    new SecureHttpApi(stack, 'Api');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  test('CORS settings are passed through', () => {
    // GIVEN
    const { stack } = fixture();

    // WHEN
    new SecureHttpApi(stack, 'Api', {
      corsPreflight: { allowOrigins: ['https://shop.example.com'], allowMethods: [apigatewayv2.CorsHttpMethod.GET] },
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: { AllowOrigins: ['https://shop.example.com'], AllowMethods: ['GET'] },
    });
  });

  test('one alarm on 4XX, 5XX and latency notifies the stack alarm topic', () => {
    // GIVEN
    const { stack } = fixture();

    // WHEN
    const api = new SecureHttpApi(stack, 'Api');

    // THEN
    expect(api.alarms).toHaveLength(1);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [Match.anyValue()],
      Metrics: Match.arrayWith([
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '4xx' }) }) }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx' }) }) }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Latency' }) }) }),
      ]),
    });
  });

  test('a SecureFunction behind several routes gets one permission, scoped to the API and the account', () => {
    // GIVEN
    const { stack, handler } = fixture();
    const api = new SecureHttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({
      path: '/orders',
      methods: [apigatewayv2.HttpMethod.GET, apigatewayv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('Orders', handler),
    });
    api.addRoutes({
      path: '/orders/{id}',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Order', handler),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceAccount: '123456789012',
      SourceArn: Match.anyValue(),
    });
  });

  test('a route without authorization fails synth', () => {
    // GIVEN
    const { app, stack, handler } = fixture();
    const api = new SecureHttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({
      path: '/health',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Health', handler),
      authorizer: new apigatewayv2.HttpNoneAuthorizer(),
    });

    // THEN
    expect(() => app.synth()).toThrow(
      /\[CSS004\] TestStack\/Api\/Api\/GET--health: prop "authorizer": GET \/health has no authorization/,
    );
  });

  test('a route opted out with allowUnauthenticated synthesizes and records the decision', () => {
    // GIVEN
    const { app, stack, handler } = fixture();
    const api = new SecureHttpApi(stack, 'Api');
    const [route] = api.addRoutes({
      path: '/health',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Health', handler),
      authorizer: new apigatewayv2.HttpNoneAuthorizer(),
    });

    // WHEN
    api.allowUnauthenticated(route, { reason: 'Public health check for the load balancer; returns no data' });

    // THEN
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /health',
      AuthorizationType: 'NONE',
    });
    expect(ComplianceGate.check(app).acknowledgments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleIds: expect.arrayContaining(['AwsSolutions-APIG4', 'SecureServerless-HttpApiRouteAuthorization']),
          reason: 'Public health check for the load balancer; returns no data',
        }),
      ]),
    );
  });

  test('SecureHttpApi is an IHttpApi that aws-cdk-lib routes accept', () => {
    // GIVEN
    const { stack, handler } = fixture();
    const api = new SecureHttpApi(stack, 'Api');

    // WHEN
    new apigatewayv2.HttpRoute(stack, 'Extra', {
      httpApi: api,
      routeKey: apigatewayv2.HttpRouteKey.with('/extra', apigatewayv2.HttpMethod.GET),
      integration: new HttpLambdaIntegration('Extra', handler),
      authorizer: api.defaultAuthorizer,
    });

    // THEN
    expect(api.httpApiId).toBe(api.httpApi.httpApiId);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /extra',
      AuthorizationType: 'AWS_IAM',
    });
  });
});
