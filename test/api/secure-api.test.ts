import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ComplianceGate, SecureApi, SecureApiProps, SecureFunction } from '../../src';
import { describeDecision } from '../../src/compliance/decisions';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function build(props: SecureApiProps = {}): { stack: Stack; api: SecureApi; fn: SecureFunction } {
  const { stack } = newStack();
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  const api = new SecureApi(stack, 'Api', props);
  const orders = api.root.addResource('orders');
  orders.addMethod('GET', new apigateway.LambdaIntegration(fn));
  orders.addMethod('POST', new apigateway.LambdaIntegration(fn));
  return { stack, api, fn };
}

function acknowledged(stack: Stack, path: string): Record<string, string> {
  return Object.fromEntries(
    ComplianceGate.check(stack)
      .acknowledgments.filter((a) => a.constructPath.startsWith(path))
      .flatMap((a) => a.ruleIds.map((id) => [id, describeDecision(a)])),
  );
}

describe('SecureApi defaults', () => {
  test('every method uses IAM authorization and the one request validator', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const methods = template.findResources('AWS::ApiGateway::Method');
    expect(Object.keys(methods)).toHaveLength(2);
    for (const method of Object.values(methods) as Array<{ Properties: Record<string, unknown> }>) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: expect.stringMatching(/^ApiRequestValidator/) });
    }
  });

  test('the stage traces, throttles, logs JSON access logs and execution errors without bodies', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('^\\{"requestId":"\\$context.requestId"'),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsLogsKey'), 'Arn'] },
      RetentionInDays: 365,
    });
    // A usage plan only throttles requests with its API keys: none is created.
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  test('does not touch the account-wide API Gateway CloudWatch role', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
  });

  test('a WAF web ACL with the managed rule groups and a rate rule, associated and logging encrypted', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    const managed = (name: string) =>
      Match.objectLike({
        Name: name,
        Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: name }) },
      });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        managed('AWSManagedRulesAmazonIpReputationList'),
        managed('AWSManagedRulesCommonRuleSet'),
        managed('AWSManagedRulesKnownBadInputsRuleSet'),
        managed('AWSManagedRulesSQLiRuleSet'),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsLogsKey'), 'Arn'] },
    });
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  test('invokes SecureFunctions through one role of the API, not a resource-based permission per function', () => {
    // GIVEN two methods on one function, and a second function
    const { stack, api, fn } = build();
    const other = new SecureFunction(stack, 'Other', { code, handler: 'index.handler' });
    api.root.addResource('other').addMethod('GET', new apigateway.LambdaIntegration(other));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    const roleId = stack.resolve((api.invokeRole!.node.defaultChild as iam.CfnRole).logicalId);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } }],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: stack.resolve(fn.functionArn) },
          { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: stack.resolve(other.functionArn) },
        ],
      },
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(3);
    for (const method of methods) {
      expect(method.Properties.Integration.Credentials).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    }
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('a plain lambda.Function integration keeps its resource-based permission, scoped to the method', () => {
    const { stack, api } = build();
    const plain = new lambda.Function(stack, 'Plain', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });

    api.root.addResource('plain').addMethod('GET', new apigateway.LambdaIntegration(plain));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Plain'), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.anyValue(),
    });
  });

  test('one alarm on 4XX and 5XX rates, p99 latency and WAF blocks, to the alarm topic', () => {
    const { stack, api } = build();

    const template = Template.fromStack(stack);
    expect(api.alarms).toHaveLength(1);
    const metric = (name: string, stat: string) =>
      Match.objectLike({
        MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: name }), Stat: stat }),
      });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsAlarmTopic') }],
      Metrics: Match.arrayWith([
        Match.objectLike({
          Expression:
            'IF(FILL(clientErrors, 0) >= 0.05, 1, 0) + IF(FILL(serverErrors, 0) >= 0.01, 1, 0) + ' +
            'IF(FILL(latency, 0) >= 5000, 1, 0) + IF(FILL(blocked, 0) >= 100, 1, 0)',
        }),
        metric('4XXError', 'Average'),
        metric('5XXError', 'Average'),
        metric('Latency', 'p99'),
        metric('BlockedRequests', 'Sum'),
      ]),
    });
  });

  test('acknowledges COG4 for IAM authorization, and the cache and client-certificate rules, with reasons', () => {
    const { stack } = build();

    const acks = acknowledged(stack, 'TestStack/Api');
    expect(acks['AwsSolutions-COG4']).toMatch(/AWS IAM \(SigV4-signed requests\)/);
    expect(acks['HIPAA.Security-APIGWCacheEnabledAndEncrypted']).toMatch(/Caching is off/);
    expect(acks['PCI.DSS.321-APIGWSSLEnabled']).toMatch(/HTTP backends only/);
  });

  test('CORS preflight methods stay unauthenticated and synth passes', () => {
    const { stack } = newStack();
    const api = new SecureApi(stack, 'Api');
    api.root.addResource('public', { defaultCorsPreflightOptions: { allowOrigins: ['https://example.com'] } });

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
    });
  });
});

describe('SecureApi options', () => {
  test('an authorizer replaces IAM on every method, and COG4 is not acknowledged for Cognito', () => {
    const { stack } = newStack();
    const authFn = new SecureFunction(stack, 'AuthFn', { code, handler: 'index.handler' });
    const authorizer = new apigateway.TokenAuthorizer(stack, 'Authorizer', { handler: authFn });
    const api = new SecureApi(stack, 'Api', { authorizer });
    api.root.addMethod('GET', new apigateway.MockIntegration());

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('^Authorizer') },
    });
    expect(acknowledged(stack, 'TestStack/Api')['AwsSolutions-COG4']).toMatch(/Lambda authorizer/);
  });

  test('a cache is always encrypted', () => {
    const { stack } = build({ cache: { clusterSize: '1.6', ttl: Duration.minutes(10) } });

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterEnabled: true,
      CacheClusterSize: '1.6',
      MethodSettings: [Match.objectLike({ CachingEnabled: true, CacheDataEncrypted: true, CacheTtlInSeconds: 600 })],
    });
    expect(acknowledged(stack, 'TestStack/Api')).not.toHaveProperty(['HIPAA.Security-APIGWCacheEnabledAndEncrypted']);
  });

  test('a private endpoint only admits requests through its VPC endpoints', () => {
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });

    new SecureApi(stack, 'Api', {
      endpointType: apigateway.EndpointType.PRIVATE,
      vpcEndpoints: [endpoint],
    }).root.addMethod('GET', new apigateway.MockIntegration());

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: {
        Types: ['PRIVATE'],
        VpcEndpointIds: [{ Ref: Match.stringLikeRegexp('^VpcExecuteApi') }],
      },
      Policy: {
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Principal: { AWS: '*' }, Resource: 'execute-api:/*' },
          {
            Action: 'execute-api:Invoke',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': [{ Ref: Match.stringLikeRegexp('^VpcExecuteApi') }] } },
          },
        ],
      },
    });
  });

  test.each([
    ['securityPolicy left out', {}],
    ['securityPolicy: undefined written out', { securityPolicy: undefined }],
  ])('a custom domain uses TLS 1.2 (%s)', (_name, policy) => {
    const { stack } = newStack();
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );

    new SecureApi(stack, 'Api', {
      domainName: { domainName: 'api.example.com', certificate, ...policy },
    }).root.addMethod('GET', new apigateway.MockIntegration());

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'TLS_1_2' });
  });

  test('maxRequestBodySize above 8 KiB replaces the managed body rule and raises the inspection limit', () => {
    const { stack } = build({ maxRequestBodySize: Size.kibibytes(32) });

    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      AssociationConfig: { RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_32' } } },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
        Match.objectLike({
          Name: 'BodySizeLimit',
          Action: { Block: {} },
          Statement: {
            SizeConstraintStatement: Match.objectLike({
              ComparisonOperator: 'GT',
              Size: 32768,
              FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
            }),
          },
        }),
      ]),
    });
  });

  test('a web ACL of your own is associated instead of creating one', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/1234';
    const { stack, api } = build({ webAclArn: arn });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
    expect(api.webAcl).toBeUndefined();
  });

  test('a client certificate on request', () => {
    const { stack } = build({ clientCertificate: true });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::ClientCertificate', 1);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      ClientCertificateId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiClientCertificate'), 'ClientCertificateId'] },
    });
  });

  test('throttling and execution logging level are configurable', () => {
    const { stack } = build({
      throttling: { rateLimit: 50, burstLimit: 75 },
      executionLoggingLevel: apigateway.MethodLoggingLevel.INFO,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 75,
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
        }),
      ],
    });
  });
});

describe('SecureApi opt-outs', () => {
  test('allowUnauthenticated: a public method passes synth and is acknowledged with the reason', () => {
    const { stack } = newStack();
    const api = new SecureApi(stack, 'Api');
    const health = api.root
      .addResource('health')
      .addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.NONE });

    api.allowUnauthenticated(health, { reason: 'Load balancer health check; returns a constant' });

    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'NONE' });
    expect(acknowledged(stack, 'TestStack/Api/Api/Default/health/GET')['AwsSolutions-APIG4']).toBe(
      'Opt-out (allowUnauthenticated): Load balancer health check; returns a constant',
    );
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('waf: no web ACL, and the WAF rules acknowledged', () => {
    const { stack, api } = build({ optOuts: { waf: { reason: 'Private API behind a VPC endpoint only' } } });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    // The alarm reads no WAF metric.
    const expression = stack.resolve((api.alarms[0].node.defaultChild as cloudwatch.CfnAlarm).metrics) as Array<{
      expression?: string;
    }>;
    expect(expression.find((m) => m.expression)?.expression).not.toContain('blocked');
    expect(acknowledged(stack, 'TestStack/Api')).toHaveProperty(['NIST.800.53.R5-APIGWAssociatedWithWAF']);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });
});
