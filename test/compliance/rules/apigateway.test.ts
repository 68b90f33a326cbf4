import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { check, resource, templateOf, UNRELATED } from './support';
import { RuleOutcome } from '../../../src/compliance/rules';
import { ApiAccessLogging } from '../../../src/compliance/rules/apigateway/ApiAccessLogging';
import { ApiDomainTls12 } from '../../../src/compliance/rules/apigateway/ApiDomainTls12';
import { ApiExecutionLogging } from '../../../src/compliance/rules/apigateway/ApiExecutionLogging';
import { ApiMethodAuthorization } from '../../../src/compliance/rules/apigateway/ApiMethodAuthorization';
import { ApiRequestValidation } from '../../../src/compliance/rules/apigateway/ApiRequestValidation';
import { ApiThrottling } from '../../../src/compliance/rules/apigateway/ApiThrottling';
import { ApiTracing } from '../../../src/compliance/rules/apigateway/ApiTracing';
import { HttpApiRouteAuthorization } from '../../../src/compliance/rules/apigateway/HttpApiRouteAuthorization';

const method = (properties: Record<string, unknown>) =>
  resource('Method', 'AWS::ApiGateway::Method', {
    RestApiId: { Ref: 'Api' },
    ResourceId: { Ref: 'ApiOrders' },
    Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    ...properties,
  });

describe('ApiMethodAuthorization', () => {
  test('compliant: an authorizer, or IAM', () => {
    const cognito = method({ HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'A' } });
    expect(check(ApiMethodAuthorization, cognito)).toBe('compliant');
    expect(check(ApiMethodAuthorization, method({ HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' }))).toBe(
      'compliant',
    );
  });

  test('compliant: a CORS preflight answered by a mock integration', () => {
    const preflight = method({ HttpMethod: 'OPTIONS', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } });
    expect(check(ApiMethodAuthorization, preflight)).toBe('compliant');
  });

  test('non-compliant: NONE, or unset', () => {
    expect(check(ApiMethodAuthorization, method({ HttpMethod: 'GET', AuthorizationType: 'NONE' }))).toBe(
      'non-compliant',
    );
    expect(check(ApiMethodAuthorization, method({ HttpMethod: 'POST' }))).toBe('non-compliant');
  });

  test('non-compliant: an OPTIONS method that reaches the backend', () => {
    expect(check(ApiMethodAuthorization, method({ HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' }))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(ApiMethodAuthorization, UNRELATED)).toBe('not-applicable');
  });
});

describe('HttpApiRouteAuthorization', () => {
  const route = (properties: Record<string, unknown>) =>
    resource('Route', 'AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: 'HttpApi' },
      RouteKey: 'GET /orders',
      ...properties,
    });
  const httpApi = resource('HttpApi', 'AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  const webSocketApi = resource('HttpApi', 'AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' });

  test('compliant: JWT authorizer', () => {
    const subject = route({ AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Authorizer' } });
    expect(check(HttpApiRouteAuthorization, subject, httpApi)).toBe('compliant');
  });

  test('non-compliant: NONE, or unset', () => {
    expect(check(HttpApiRouteAuthorization, route({ AuthorizationType: 'NONE' }), httpApi)).toBe('non-compliant');
    expect(check(HttpApiRouteAuthorization, route({}), httpApi)).toBe('non-compliant');
  });

  test('non-compliant: a WebSocket $connect route without authorization', () => {
    expect(check(HttpApiRouteAuthorization, route({ RouteKey: '$connect' }), webSocketApi)).toBe('non-compliant');
  });

  test('not applicable to WebSocket routes other than $connect, which cannot carry an authorizer', () => {
    expect(check(HttpApiRouteAuthorization, route({ RouteKey: 'sendMessage' }), webSocketApi)).toBe('not-applicable');
  });

  test('not applicable to other resources', () => {
    expect(check(HttpApiRouteAuthorization, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiRequestValidation', () => {
  const validator = (validateBody: boolean) =>
    resource('Validator', 'AWS::ApiGateway::RequestValidator', {
      RestApiId: { Ref: 'Api' },
      ValidateRequestBody: validateBody,
      ValidateRequestParameters: true,
    });

  test('compliant: a validator that validates the body', () => {
    const subject = method({ HttpMethod: 'POST', RequestValidatorId: { Ref: 'Validator' } });
    expect(check(ApiRequestValidation, subject, validator(true))).toBe('compliant');
  });

  test('compliant: a validator defined outside the template is taken on trust', () => {
    expect(check(ApiRequestValidation, method({ HttpMethod: 'PUT', RequestValidatorId: 'abc123' }))).toBe('compliant');
  });

  test('non-compliant: a body method without a validator', () => {
    expect(check(ApiRequestValidation, method({ HttpMethod: 'PATCH' }))).toBe('non-compliant');
    expect(check(ApiRequestValidation, method({ HttpMethod: 'ANY' }))).toBe('non-compliant');
  });

  test('non-compliant: a validator that only validates parameters', () => {
    const subject = method({ HttpMethod: 'POST', RequestValidatorId: { Ref: 'Validator' } });
    expect(check(ApiRequestValidation, subject, validator(false))).toBe('non-compliant');
  });

  test('not applicable to methods without a body', () => {
    expect(check(ApiRequestValidation, method({ HttpMethod: 'GET' }))).toBe('not-applicable');
    expect(check(ApiRequestValidation, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiThrottling', () => {
  const restStage = (methodSettings?: unknown[]) =>
    resource('Stage', 'AWS::ApiGateway::Stage', {
      RestApiId: { Ref: 'Api' },
      StageName: 'prod',
      ...(methodSettings ? { MethodSettings: methodSettings } : {}),
    });

  test('compliant: a REST API stage throttles "/*" "*"', () => {
    const subject = restStage([
      {
        ResourcePath: '/*',
        HttpMethod: '*',
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 200,
        DataTraceEnabled: false,
      },
    ]);
    expect(check(ApiThrottling, subject)).toBe('compliant');
  });

  test('compliant: an HTTP API stage with default route throttling', () => {
    const subject = resource('Stage', 'AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: 'HttpApi' },
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
    expect(check(ApiThrottling, subject)).toBe('compliant');
  });

  test('non-compliant: no method settings, settings for one path only, or no burst limit', () => {
    expect(check(ApiThrottling, restStage())).toBe('non-compliant');
    expect(
      check(
        ApiThrottling,
        restStage([{ ResourcePath: '/~1orders', HttpMethod: 'GET', ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 }]),
      ),
    ).toBe('non-compliant');
    expect(check(ApiThrottling, restStage([{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 10 }]))).toBe(
      'non-compliant',
    );
  });

  test('non-compliant: an HTTP API stage without throttling', () => {
    const subject = resource('Stage', 'AWS::ApiGatewayV2::Stage', { ApiId: { Ref: 'HttpApi' }, StageName: '$default' });
    expect(check(ApiThrottling, subject)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(ApiThrottling, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiAccessLogging', () => {
  const LOG_GROUP_ARN = { 'Fn::GetAtt': ['AccessLogs', 'Arn'] };

  test('compliant: REST and HTTP API stages with access logs', () => {
    const rest = resource('Stage', 'AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: LOG_GROUP_ARN, Format: '{"requestId":"$context.requestId"}' },
    });
    const http = resource('HttpStage', 'AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: LOG_GROUP_ARN, Format: '$context.requestId' },
    });
    expect(check(ApiAccessLogging, rest)).toBe('compliant');
    expect(check(ApiAccessLogging, http)).toBe('compliant');
  });

  test('non-compliant: stages without access logs', () => {
    expect(check(ApiAccessLogging, resource('Stage', 'AWS::ApiGateway::Stage', { StageName: 'prod' }))).toBe(
      'non-compliant',
    );
    expect(check(ApiAccessLogging, resource('Stage', 'AWS::ApiGatewayV2::Stage', { StageName: '$default' }))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(ApiAccessLogging, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiExecutionLogging', () => {
  const restStage = (methodSettings?: unknown[]) =>
    resource('Stage', 'AWS::ApiGateway::Stage', {
      RestApiId: { Ref: 'Api' },
      StageName: 'prod',
      ...(methodSettings ? { MethodSettings: methodSettings } : {}),
    });
  const all = (loggingLevel: unknown) => ({ ResourcePath: '/*', HttpMethod: '*', LoggingLevel: loggingLevel });

  test('compliant: "/*" "*" logs at ERROR or INFO', () => {
    expect(check(ApiExecutionLogging, restStage([{ ...all('ERROR'), DataTraceEnabled: false }]))).toBe('compliant');
    expect(check(ApiExecutionLogging, restStage([all('INFO')]))).toBe('compliant');
    expect(
      check(
        ApiExecutionLogging,
        restStage([all('ERROR'), { ResourcePath: '/~1orders', HttpMethod: 'GET', LoggingLevel: 'INFO' }]),
      ),
    ).toBe('compliant');
  });

  test('non-compliant: no method settings, logging OFF, or one method turned OFF', () => {
    expect(check(ApiExecutionLogging, restStage())).toBe('non-compliant');
    expect(check(ApiExecutionLogging, restStage([all('OFF')]))).toBe('non-compliant');
    expect(check(ApiExecutionLogging, restStage([{ ResourcePath: '/*', HttpMethod: '*', MetricsEnabled: true }]))).toBe(
      'non-compliant',
    );
    expect(
      check(
        ApiExecutionLogging,
        restStage([all('ERROR'), { ResourcePath: '/~1orders', HttpMethod: 'GET', LoggingLevel: 'OFF' }]),
      ),
    ).toBe('non-compliant');
  });

  test('not applicable to HTTP API stages and other resources', () => {
    const http = resource('Stage', 'AWS::ApiGatewayV2::Stage', { ApiId: { Ref: 'HttpApi' }, StageName: '$default' });
    expect(check(ApiExecutionLogging, http)).toBe('not-applicable');
    expect(check(ApiExecutionLogging, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiTracing', () => {
  const restStage = (properties: Record<string, unknown> = {}) =>
    resource('Stage', 'AWS::ApiGateway::Stage', { RestApiId: { Ref: 'Api' }, StageName: 'prod', ...properties });

  test('compliant: TracingEnabled true', () => {
    expect(check(ApiTracing, restStage({ TracingEnabled: true }))).toBe('compliant');
    expect(check(ApiTracing, restStage({ TracingEnabled: 'true' }))).toBe('compliant');
  });

  test('non-compliant: TracingEnabled false or unset', () => {
    expect(check(ApiTracing, restStage({ TracingEnabled: false }))).toBe('non-compliant');
    expect(check(ApiTracing, restStage())).toBe('non-compliant');
  });

  test('not applicable to HTTP API stages and other resources', () => {
    const http = resource('Stage', 'AWS::ApiGatewayV2::Stage', { ApiId: { Ref: 'HttpApi' }, StageName: '$default' });
    expect(check(ApiTracing, http)).toBe('not-applicable');
    expect(check(ApiTracing, UNRELATED)).toBe('not-applicable');
  });
});

describe('ApiDomainTls12', () => {
  const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd';

  /** The rule's outcome for the domain name `build` creates, synthesized with aws-cdk-lib. */
  function outcomeOf(build: (stack: Stack, certificate: acm.ICertificate) => Construct): RuleOutcome {
    const stack = new Stack(new App(), 'Stack');
    const domain = build(stack, acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN));
    const resources = Template.fromStack(stack).toJSON().Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    const template = templateOf(
      ...Object.entries(resources).map(([id, r]) => resource(id, r.Type, r.Properties ?? {})),
    );
    const logicalId = stack.resolve((domain.node.defaultChild as CfnResource).logicalId);
    return ApiDomainTls12.check(template.resources.get(logicalId)!, template);
  }

  const restDomain = (securityPolicy?: apigateway.SecurityPolicy, endpointAccessMode?: apigateway.EndpointAccessMode) =>
    outcomeOf(
      (stack, certificate) =>
        new apigateway.DomainName(stack, 'Domain', {
          domainName: 'api.example.com',
          certificate,
          securityPolicy,
          endpointAccessMode,
        }),
    );
  const httpDomain = (securityPolicy?: apigatewayv2.SecurityPolicy) =>
    outcomeOf(
      (stack, certificate) =>
        new apigatewayv2.DomainName(stack, 'Domain', { domainName: 'api.example.com', certificate, securityPolicy }),
    );

  test('compliant: a REST API domain with TLS_1_2 or an enhanced policy', () => {
    expect(restDomain(apigateway.SecurityPolicy.TLS_1_2)).toBe('compliant');
    expect(restDomain(apigateway.SecurityPolicy.TLS13_1_3_2025_09, apigateway.EndpointAccessMode.STRICT)).toBe(
      'compliant',
    );
  });

  test('compliant: the enhanced edge policies, which name TLS 1.2 or 1.3 as their lowest version', () => {
    for (const policy of ['SecurityPolicy_TLS12_2018_EDGE', 'SecurityPolicy_TLS13_1_2_2021_06']) {
      const subject = resource('Domain', 'AWS::ApiGateway::DomainName', { DomainName: 'a.b', SecurityPolicy: policy });
      expect(check(ApiDomainTls12, subject)).toBe('compliant');
    }
  });

  test('compliant: an HTTP API domain with TLS_1_2', () => {
    expect(httpDomain(apigatewayv2.SecurityPolicy.TLS_1_2)).toBe('compliant');
  });

  test('non-compliant: a REST API domain with TLS_1_0, or none (aws-cdk-lib leaves SecurityPolicy out)', () => {
    expect(restDomain(apigateway.SecurityPolicy.TLS_1_0)).toBe('non-compliant');
    expect(restDomain()).toBe('non-compliant');
  });

  test('non-compliant: an HTTP API domain with TLS_1_0, or none', () => {
    expect(httpDomain(apigatewayv2.SecurityPolicy.TLS_1_0)).toBe('non-compliant');
    expect(httpDomain()).toBe('non-compliant');
  });

  test('non-compliant: one of several domain name configurations, or no configuration, or a parameter', () => {
    const v2 = (configurations?: unknown) =>
      resource('Domain', 'AWS::ApiGatewayV2::DomainName', {
        DomainName: 'api.example.com',
        ...(configurations === undefined ? {} : { DomainNameConfigurations: configurations }),
      });
    expect(
      check(
        ApiDomainTls12,
        v2([
          { CertificateArn: CERTIFICATE_ARN, SecurityPolicy: 'TLS_1_2' },
          { CertificateArn: CERTIFICATE_ARN, SecurityPolicy: 'TLS_1_0' },
        ]),
      ),
    ).toBe('non-compliant');
    expect(check(ApiDomainTls12, v2())).toBe('non-compliant');
    expect(check(ApiDomainTls12, v2([{ CertificateArn: CERTIFICATE_ARN, SecurityPolicy: { Ref: 'Policy' } }]))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(ApiDomainTls12, UNRELATED)).toBe('not-applicable');
  });
});
