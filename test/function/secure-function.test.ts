import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as signer from 'aws-cdk-lib/aws-signer';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ComplianceGate, EncryptedTable, FunctionSecret, SecureFunction, SecureFunctionProps } from '../../src';
import { describeDecision } from '../../src/compliance/decisions';
import { latestNodeRuntime } from '../../src/core/runtime';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function build(props: Partial<SecureFunctionProps> = {}): { stack: Stack; fn: SecureFunction } {
  const { stack } = newStack();
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler', ...props });
  return { stack, fn };
}

/** The acknowledgments recorded on `path` or below it, by rule id. */
/** A VPC of the user's with one subnet group of `subnetType`, and a security group without open egress. */
function ownVpc(stack: Stack, subnetType: ec2.SubnetType): { vpc: ec2.Vpc; sg: ec2.SecurityGroup } {
  const name = subnetType === ec2.SubnetType.PUBLIC ? 'public' : 'isolated';
  const vpc = new ec2.Vpc(stack, 'MyVpc', { subnetConfiguration: [{ name, subnetType }] });
  const sg = new ec2.SecurityGroup(stack, 'MySg', { vpc, allowAllOutbound: false });
  return { vpc, sg };
}

function acknowledgedRules(stack: Stack, path = 'TestStack/Handler'): Record<string, string> {
  return Object.fromEntries(
    ComplianceGate.check(stack)
      .acknowledgments.filter((a) => a.constructPath === path || a.constructPath.startsWith(`${path}/`))
      .flatMap((a) => a.ruleIds.map((id) => [id, describeDecision(a)])),
  );
}

const ref = (prefix: string) => ({ Ref: Match.stringLikeRegexp(`^${prefix}`) });
const arnOf = (prefix: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}`), 'Arn'] });

describe('SecureFunction defaults', () => {
  test('runtime, memory, timeout, tracing, concurrency, dead letter, recursion and architecture', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: latestNodeRuntime().name,
      MemorySize: 512,
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 10,
      DeadLetterConfig: { TargetArn: ref('SecureServerlessDefaultsDeadLetterTopic') },
      RecursiveLoop: 'Terminate',
      Architectures: ['arm64'],
    });
  });

  test('logs as JSON to a log group it owns, encrypted with the logs key and kept one year', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', LogGroup: ref('HandlerLogGroup') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: arnOf('SecureServerlessDefaultsLogsKey'), RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  test('the logs key lets only CloudWatch Logs of this account and region use it', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('CloudWatch Logs'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  test('encrypts its environment with the environment key', () => {
    const { stack } = build({ environment: { TABLE_NAME: 'orders' } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      KmsKeyArn: arnOf('SecureServerlessDefaultsEnvironmentKey'),
      Environment: { Variables: { TABLE_NAME: 'orders' } },
    });
  });

  test('its own role has no inline and no AWS-managed policy; its permissions are exact', () => {
    const { stack, fn } = build();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(fn.role!.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Action: 'sns:Publish', Effect: 'Allow', Resource: ref('SecureServerlessDefaultsDeadLetterTopic') },
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: arnOf('HandlerLogGroup'),
          },
          { Action: 'kms:Decrypt', Effect: 'Allow', Resource: arnOf('SecureServerlessDefaultsEnvironmentKey') },
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
            Resource: arnOf('SecureServerlessDefaultsMessagingKey'),
          },
        ],
      },
    });
  });

  test('X-Ray and VPC network-interface actions come from the one shared policy for *-only actions', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [
              'ec2:AssignPrivateIpAddresses',
              'ec2:CreateNetworkInterface',
              'ec2:DeleteNetworkInterface',
              'ec2:DescribeNetworkInterfaces',
              'ec2:UnassignPrivateIpAddresses',
              'xray:PutTelemetryRecords',
              'xray:PutTraceSegments',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
        ],
      },
      Roles: Match.arrayWith([ref('HandlerServiceRole')]),
    });
    const shared = acknowledgedRules(stack, 'TestStack/SecureServerlessDefaults/StarOnlyPolicy');
    expect(shared['AwsSolutions-IAM5[Resource::*]']).toMatch(/support no resource narrower than "\*"/);
    expect(acknowledgedRules(stack)).toEqual({});
  });

  test('runs in the isolated subnets of the shared network, with a security group that has no open egress', () => {
    const { stack, fn } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: [arnOrIdOf('HandlerSecurityGroup')] },
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^TestStack/Handler') },
    });
    expect(Object.keys(groups)).toHaveLength(1);
    expect(JSON.stringify(template.toJSON())).not.toMatch(
      /"CidrIp":"0\.0\.0\.0\/0"[^}]*"FromPort":443[^}]*HandlerSecurityGroup/,
    );
    expect(fn.isBoundToVpc).toBe(true);
    expect(fn.connections.securityGroups).toHaveLength(1);
  });

  test('one alarm on errors, throttles and p99 duration at 80% of the timeout, to the encrypted alarm topic', () => {
    const { stack, fn } = build({ timeout: Duration.seconds(10) });

    const template = Template.fromStack(stack);
    expect(fn.alarms).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    const metric = (name: string, stat: string) =>
      Match.objectLike({
        MetricStat: Match.objectLike({
          Metric: Match.objectLike({ MetricName: name, Namespace: 'AWS/Lambda' }),
          Stat: stat,
          Period: 300,
        }),
        ReturnData: false,
      });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref('SecureServerlessDefaultsAlarmTopic')],
      Metrics: Match.arrayWith([
        Match.objectLike({
          Expression: 'FILL(errors, 0) + FILL(throttles, 0) + IF(FILL(p99, 0) >= 8000, 1, 0)',
          ReturnData: true,
        }),
        metric('Errors', 'Sum'),
        metric('Throttles', 'Sum'),
        metric('Duration', 'p99'),
      ]),
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Alarms of TestStack',
      KmsMasterKeyId: arnOf('SecureServerlessDefaultsMessagingKey'),
    });
  });

  test('is a real IFunction: aws-cdk-lib grants land in its customer-managed policy', () => {
    const { stack, fn } = build();
    const table = new dynamodb.Table(stack, 'Plain', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    table.grantReadWriteData(fn);

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [ref('HandlerServiceRole')],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['dynamodb:PutItem']) })]),
      },
    });
    expect(stack.resolve(fn.metricErrors().namespace)).toBe('AWS/Lambda');
  });
});

function arnOrIdOf(prefix: string) {
  return { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}`), 'GroupId'] };
}

describe('SecureFunction options', () => {
  test('secrets: a Secrets Manager secret by ARN, with read access to exactly that secret', () => {
    const { stack } = newStack();
    const secret = new secretsmanager.Secret(stack, 'DbSecret');

    new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      secrets: { DB_SECRET_ARN: FunctionSecret.fromSecret(secret) },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { DB_SECRET_ARN: ref('DbSecret') } },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [ref('HandlerServiceRole')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: ref('DbSecret'),
          }),
        ]),
      },
    });
  });

  test('secrets: an SSM SecureString parameter by name, with read and decrypt on exactly it and its key', () => {
    const { stack } = newStack();
    const key = new kms.Key(stack, 'ParamKey', { enableKeyRotation: true });
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'ApiKey', {
      parameterName: '/app/api-key',
    });

    new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      secrets: { API_KEY_PARAMETER: FunctionSecret.fromSecureStringParameter(parameter, key) },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { API_KEY_PARAMETER: '/app/api-key' } },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: Match.anyValue() }),
          Match.objectLike({ Action: 'kms:Decrypt', Resource: arnOf('ParamKey') }),
        ]),
      },
    });
  });

  test('secrets and interfaceEndpoints: HTTPS to exactly those endpoints, created once per stack', () => {
    const { stack } = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(
      stack,
      'DbSecret',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
    );

    new SecureFunction(stack, 'A', {
      code,
      handler: 'index.handler',
      secrets: { DB_SECRET_ARN: FunctionSecret.fromSecret(secret) },
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
    });
    new SecureFunction(stack, 'B', {
      code,
      handler: 'index.handler',
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
    });

    const template = Template.fromStack(stack);
    // EC2 (the network's helper), Secrets Manager and SQS: one each.
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2 + 3);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.secretsmanager',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ASecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('secretsmanager'), 'GroupId'] },
    });
    const egressOfB = template.findResources('AWS::EC2::SecurityGroupEgress', {
      Properties: { GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BSecurityGroup'), 'GroupId'] } },
    });
    expect(JSON.stringify(egressOfB)).not.toMatch(/secretsmanager/i);
  });

  test('signing profiles: a code signing config that enforces them, for code signed by AWS Signer in S3', () => {
    // GIVEN the output of a signing job
    const { stack } = newStack();
    const profile = new signer.SigningProfile(stack, 'Profile', { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA });
    const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts', 'signed-artifacts');

    // WHEN
    new SecureFunction(stack, 'Handler', {
      code: lambda.Code.fromBucket(bucket, 'signed/handler.zip'),
      handler: 'index.handler',
      signingProfiles: [profile],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
      AllowedPublishers: {
        SigningProfileVersionArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Profile'), 'ProfileVersionArn'] }],
      },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Code: { S3Bucket: 'signed-artifacts', S3Key: 'signed/handler.zip' },
      CodeSigningConfigArn: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerCodeSigningConfig'), 'CodeSigningConfigArn'],
      },
    });
  });

  test.each([
    [
      'fromBucketV2',
      (stack: Stack) => lambda.Code.fromBucketV2(s3.Bucket.fromBucketName(stack, 'B', 'signed'), 'h.zip'),
    ],
    ['fromCfnParameters', () => lambda.Code.fromCfnParameters()],
  ])('signing profiles accept code from %s', (_name, signedCode) => {
    const { stack } = newStack();
    const profile = new signer.SigningProfile(stack, 'Profile', { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA });

    new SecureFunction(stack, 'Handler', {
      code: signedCode(stack),
      handler: 'index.handler',
      signingProfiles: [profile],
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    });
  });

  test('a function URL always uses IAM authentication', () => {
    const { stack, fn } = build();

    fn.addFunctionUrl();

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
  });

  test('memory, timeout, concurrency, retention, architecture and keys are configurable', () => {
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyEnvKey', { enableKeyRotation: true });

    new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      memorySize: 1024,
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: 3,
      logRetention: logs.RetentionDays.TWO_YEARS,
      architecture: lambda.Architecture.X86_64,
      environmentEncryptionKey: key,
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 120,
      ReservedConcurrentExecutions: 3,
      Architectures: ['x86_64'],
      KmsKeyArn: arnOf('MyEnvKey'),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('runs in a VPC of your own, in its isolated subnets, with your security groups', () => {
    const { stack } = newStack();
    const { vpc, sg } = ownVpc(stack, ec2.SubnetType.PRIVATE_ISOLATED);

    new SecureFunction(stack, 'Handler', { code, handler: 'index.handler', vpc, securityGroups: [sg] });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: Match.arrayWith([ref('MyVpcisolatedSubnet1'), ref('MyVpcisolatedSubnet2')]),
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^MySg'), 'GroupId'] }],
      },
    });
    template.resourceCountIs('AWS::EC2::VPC', 1);
  });

  test('ten functions share one network, one key per purpose, one alarm topic and one dead-letter topic', () => {
    const { stack } = newStack();
    for (let i = 0; i < 10; i++) {
      new SecureFunction(stack, `Handler${i}`, { code, handler: 'index.handler' });
    }

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.resourceCountIs('AWS::Lambda::Function', 11); // ten functions and the network's helper
    const keys = template.findResources('AWS::KMS::Key');
    const purposes = Object.values(keys).map(
      (k) => (k as { Properties: { Description: string } }).Properties.Description,
    );
    expect(purposes).toHaveLength(new Set(purposes).size);
    expect(purposes.length).toBeLessThanOrEqual(3);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 10 + 1 + 1 + 1); // one per function, the helper, flow logs, *-only
  });
});

describe('SecureFunction opt-outs', () => {
  test('vpc: no VPC config, acknowledged with the reason', () => {
    const { stack, fn } = build({
      optOuts: { vpc: { reason: 'Calls only public AWS APIs through IAM', ticket: 'SEC-9' } },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
    template.resourceCountIs('AWS::EC2::VPC', 0);
    expect(fn.isBoundToVpc).toBe(false);
    const acks = acknowledgedRules(stack);
    expect(acks['HIPAA.Security-LambdaInsideVPC']).toBe(
      'Opt-out (optOuts.vpc): Calls only public AWS APIs through IAM (ticket: SEC-9)',
    );
    expect(acks['PCI.DSS.321-LambdaInsideVPC']).toBeDefined();
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('deadLetter: no dead-letter config, acknowledged', () => {
    const { stack, fn } = build({ optOuts: { deadLetter: { reason: 'Only invoked synchronously by API Gateway' } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: Match.absent() });
    expect(fn.deadLetterTopic).toBeUndefined();
    expect(acknowledgedRules(stack)).toHaveProperty('Serverless-LambdaDLQ');
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('concurrencyLimit: no reserved concurrency, acknowledged', () => {
    const { stack } = build({ optOuts: { concurrencyLimit: { reason: 'Load-tested at account concurrency' } } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
    expect(acknowledgedRules(stack)).toHaveProperty(['HIPAA.Security-LambdaConcurrency']);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('codeSigningEnforcement: the config only warns, so unsigned code deploys; acknowledged with the reason', () => {
    // GIVEN
    const { stack } = newStack();
    const profile = new signer.SigningProfile(stack, 'Profile', { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA });

    // WHEN inline code, which CDK never signs
    new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      signingProfiles: [profile],
      optOuts: { codeSigningEnforcement: { reason: 'Signing pipeline not yet in place', ticket: 'SEC-9' } },
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
    });
    expect(acknowledgedRules(stack)).toEqual(
      expect.objectContaining({
        'SecureServerless-LambdaCodeSigningEnforced':
          'Opt-out (optOuts.codeSigningEnforcement): Signing pipeline not yet in place (ticket: SEC-9)',
      }),
    );
    expect(ComplianceGate.check(stack).violations.map((v) => v.ruleId)).not.toContain(
      'SecureServerless-LambdaCodeSigningEnforced',
    );
  });

  test('latestRuntime: an older runtime, acknowledged', () => {
    const { stack } = build({
      runtime: lambda.Runtime.NODEJS_22_X,
      optOuts: { latestRuntime: { reason: 'Native module not yet built for the newest Node.js' } },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
    expect(acknowledgedRules(stack)).toHaveProperty('AwsSolutions-L1');
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('grantInvoke grants exactly the function, not every version and alias', () => {
    const { stack, fn } = build();
    const caller = new SecureFunction(stack, 'Caller', { code, handler: 'index.handler' });

    fn.grantInvoke(caller);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: stack.resolve(fn.functionArn) },
        ]),
      },
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('plaintextEnvironmentVariables: a named variable is accepted and acknowledged; others still refused', () => {
    const clientId = 'Zx9QpL2mVb7RtY4kWc8NhJ3s';
    const { stack } = build({
      environment: { OAUTH_CLIENT_ID: clientId },
      optOuts: {
        plaintextEnvironmentVariables: { OAUTH_CLIENT_ID: { reason: 'Public OAuth client id, not a secret' } },
      },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { OAUTH_CLIENT_ID: clientId } },
    });
    // Only this variable's finding is acknowledged, so a secret added later under another name is still caught.
    expect(acknowledgedRules(stack)['SecureServerless-LambdaPlaintextSecret[OAUTH_CLIENT_ID]']).toBe(
      'Opt-out (optOuts.plaintextEnvironmentVariables.OAUTH_CLIENT_ID): Public OAuth client id, not a secret',
    );
    expect(acknowledgedRules(stack)).not.toHaveProperty('SecureServerless-LambdaPlaintextSecret');
    expect(ComplianceGate.check(stack).violations).toEqual([]);
    expect(() =>
      build({
        environment: { OTHER: clientId },
        optOuts: { plaintextEnvironmentVariables: { OAUTH_CLIENT_ID: { reason: 'x' } } },
      }),
    ).toThrow(/prop "environment\.OTHER"/);
  });

  test('publicSubnet: public subnets of your VPC, acknowledged', () => {
    const { stack } = newStack();
    const { vpc, sg } = ownVpc(stack, ec2.SubnetType.PUBLIC);

    new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [sg],
      optOuts: { publicSubnet: { reason: 'Legacy VPC without private subnets; migration in SEC-12' } },
    });

    expect(acknowledgedRules(stack)).toHaveProperty('SecureServerless-LambdaPublicSubnet');
  });
});

describe('SecureFunction with an EncryptedTable', () => {
  test('grantReadWriteData lands in the function’s managed policy with the key scoped to DynamoDB', () => {
    const { stack, fn } = build();
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    table.grantReadWriteData(fn);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [ref('HandlerServiceRole')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:PutItem']),
            Resource: arnOf('OrdersTable'),
          }),
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
          }),
        ]),
      },
    });
  });
});
