import { App, CustomResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ComplianceGate, DecisionOrigin, IsolatedNetwork, IsolatedNetworkProps } from '../../src';
import { HELPER_HANDLER_CODE } from '../../src/network/handler';
import { controlTowerFailures, nagFindings, newStack } from '../support/compliance';

function build(props?: IsolatedNetworkProps): { app: App; stack: Stack; network: IsolatedNetwork } {
  const { app, stack } = newStack();
  const network = new IsolatedNetwork(stack, 'Net', props);
  return { app, stack, network };
}

function userSecurityGroup(stack: Stack, network: IsolatedNetwork, id = 'UserSg'): ec2.SecurityGroup {
  return new ec2.SecurityGroup(stack, id, { vpc: network.vpc, allowAllOutbound: false });
}

function logicalId(stack: Stack, construct: Construct): string {
  const child = construct.node.defaultChild as ec2.CfnSecurityGroup;
  return stack.getLogicalId(child);
}

/** Every egress rule of `sg`, inline or as a separate resource, resolved. */
function egressRules(stack: Stack, sg: ec2.SecurityGroup): Array<Record<string, unknown>> {
  const template = Template.fromStack(stack).toJSON();
  const id = logicalId(stack, sg);
  const inline = (template.Resources[id].Properties.SecurityGroupEgress ?? []) as Array<Record<string, unknown>>;
  const separate = Object.values(
    template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
  )
    .filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress')
    .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [id, 'GroupId'] }))
    .map((r) => r.Properties);
  return [...inline, ...separate];
}

/** Every ingress rule of `sg` that lives in a separate resource (the only kind this library creates). */
function ingressRules(stack: Stack, sg: ec2.ISecurityGroup): Array<Record<string, unknown>> {
  const template = Template.fromStack(stack).toJSON();
  const id = stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup);
  return Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
    .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress')
    .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [id, 'GroupId'] }))
    .map((r) => r.Properties);
}

function endpointSecurityGroup(endpoint: ec2.InterfaceVpcEndpoint): ec2.ISecurityGroup {
  return endpoint.connections.securityGroups[0];
}

const helperArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetHelperFunction'), 'Arn'] };
const logsKeyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsLogsKey'), 'Arn'] };

describe('IsolatedNetwork defaults', () => {
  test('only isolated subnets in two AZs: no public subnet, internet gateway, NAT or route', () => {
    // WHEN
    const { stack, network } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
    expect(network.vpc.isolatedSubnets).toHaveLength(2);
    expect(network.vpc.publicSubnets).toHaveLength(0);
    expect(network.vpc.privateSubnets).toHaveLength(0);
    expect(new Set(network.vpc.isolatedSubnets.map((s) => s.availabilityZone)).size).toBe(2);
    expect(network.subnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  });

  test('gateway endpoints for S3 and DynamoDB on both isolated route tables, no interface endpoint but EC2', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    const routeTables = [
      { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet1RouteTable') },
      { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet2RouteTable') },
    ];
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] },
        RouteTableIds: routeTables,
      });
    }
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 2);
    // The helper's own way to EC2 is the only interface endpoint until one is asked for.
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.ec2',
      PrivateDnsEnabled: true,
    });
  });

  test('flow logs of all traffic go to a log group encrypted with the stack logs key, kept one year', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: { Ref: Match.stringLikeRegexp('^NetVpc') },
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('^NetFlowLogs') },
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetFlowLogRole'), 'Arn'] },
    });
    const flowLogGroups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: logsKeyArn, RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    expect(Object.keys(flowLogGroups)).toEqual(expect.arrayContaining([expect.stringMatching(/^NetFlowLogs/)]));
  });

  test('the flow-log role holds only its own customer-managed policy, assumable by this account only', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent(), Policies: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:vpc-flow-log/*']],
                },
              },
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NetFlowLogRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetFlowLogs'), 'Arn'] },
          },
        ],
      },
    });
  });

  test("aws-cdk-lib's own default-security-group helper is not used", () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    // One function (ours), no CustomResourceProvider (a raw AWS::Lambda::Function of CDK's "Custom::" kind).
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    expect(JSON.stringify(template.toJSON())).not.toContain('CustomVpcRestrictDefaultSGCustomResourceProvider');
  });

  test('closes the default security group with a custom resource under the VPC that the packs recognise', () => {
    const { stack, network } = build();

    // THEN: the construct the HIPAA/NIST/PCI rule looks for
    const restrict = network.vpc.node.findChild('RestrictDefaultSecurityGroupCustomResource');
    expect(restrict).toBeInstanceOf(CustomResource);
    expect(restrict.node.path).toBe('TestStack/Net/Vpc/RestrictDefaultSecurityGroupCustomResource');
    // AND: it is served directly by the helper, with the VPC's default group
    Template.fromStack(stack).hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      ServiceToken: helperArn,
      DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetVpc'), 'DefaultSecurityGroup'] },
    });
  });

  test('CloudFormation waits 5 minutes for the helper (its 2-minute timeout plus start-up), not the default hour', () => {
    // WHEN
    const { stack } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', { ServiceToken: helperArn, ServiceTimeout: '300' });
    template.hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: HELPER_HANDLER_CODE }, Timeout: 120 });
  });

  test('the default-group custom resource also looks up the S3 and DynamoDB prefix lists; its attributes are the ids', () => {
    const { stack, network } = build();

    Template.fromStack(stack).hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      ServiceToken: helperArn,
      S3ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      DynamoDbServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
    });
    expect(stack.resolve(network.s3PrefixListId)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^NetVpcRestrictDefaultSecurityGroupCustomResource/), 'S3PrefixListId'],
    });
    expect(stack.resolve(network.dynamoDbPrefixListId)).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^NetVpcRestrictDefaultSecurityGroupCustomResource/),
        'DynamoDbPrefixListId',
      ],
    });
  });

  test('the helper is a hardened function in the isolated subnets', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: lambda.Runtime.NODEJS_24_X.name,
      Handler: 'index.handler',
      Code: { ZipFile: HELPER_HANDLER_CODE },
      MemorySize: 256,
      Timeout: 120,
      ReservedConcurrentExecutions: 2,
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: { Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsDeadLetterTopic') } },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^NetHelperLogGroup') } },
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet1Subnet') },
          { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet2Subnet') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^NetHelperSecurityGroup'), 'GroupId'] }],
      },
    });
    const helperLogGroups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: logsKeyArn, RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    expect(Object.keys(helperLogGroups)).toEqual(expect.arrayContaining([expect.stringMatching(/^NetHelperLogGroup/)]));
  });

  test('the helper role has exact actions: revoke only on the default group, describes alone on "*"', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NetHelperRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'sns:Publish',
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsDeadLetterTopic') },
          },
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetHelperLogGroup'), 'Arn'] },
          },
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsMessagingKey'), 'Arn'] },
          },
          { Action: ['ec2:DescribePrefixLists', 'ec2:DescribeSecurityGroups'], Effect: 'Allow', Resource: '*' },
          {
            Action: ['ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress'],
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ec2:us-east-1:123456789012:security-group/',
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetVpc'), 'DefaultSecurityGroup'] },
                ],
              ],
            },
          },
        ],
      },
    });
    // The network-interface and X-Ray actions come from the stack's shared policy.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NetHelperRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface', 'xray:PutTraceSegments']) }),
        ],
      },
    });
  });

  test('acknowledges exactly two rules, IAM5 for the describe actions and open HTTPS egress of the helper, with reasons', () => {
    const { stack } = build();

    const acknowledgments = ComplianceGate.check(stack).acknowledgments.filter((a) =>
      a.constructPath.startsWith('TestStack/Net'),
    );
    expect(acknowledgments).toEqual([
      expect.objectContaining({
        ruleIds: ['SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0]'],
        origin: DecisionOrigin.LIBRARY,
        constructPath: 'TestStack/Net/Helper/SecurityGroup',
        reason: expect.stringMatching(/^The helper is what looks up the S3 prefix-list id/),
      }),
      expect.objectContaining({
        ruleIds: ['AwsSolutions-IAM5[Resource::*]'],
        origin: DecisionOrigin.LIBRARY,
        constructPath: 'TestStack/Net/Helper/Role/Policy',
        reason: expect.stringMatching(
          /^ec2:DescribePrefixLists and ec2:DescribeSecurityGroups support no resource-level/,
        ),
      }),
    ]);
  });

  test('the helper reaches only HTTPS: anywhere (isolated: the endpoints) and the EC2 endpoint, which admits it', () => {
    const { stack, network } = build();
    const helperSg = network.node.findChild('Helper').node.findChild('SecurityGroup') as ec2.SecurityGroup;
    const ec2Endpoint = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.EC2);

    expect(stack.resolve(egressRules(stack, helperSg))).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({
        DestinationSecurityGroupId: {
          'Fn::GetAtt': [logicalId(stack, endpointSecurityGroup(ec2Endpoint) as ec2.SecurityGroup), 'GroupId'],
        },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
    expect(stack.resolve(ingressRules(stack, endpointSecurityGroup(ec2Endpoint)))).toEqual([
      expect.objectContaining({
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, helperSg), 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
  });

  test('the custom resources wait for the helper, its policies and every endpoint it needs', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    for (const type of ['Custom::VpcRestrictDefaultSG']) {
      template.hasResource(type, {
        DependsOn: Match.arrayWith([
          // (sorted, as CloudFormation templates list them)
          Match.stringLikeRegexp('^NetEndpointsec2Endpoint'),
          Match.stringLikeRegexp('^NetEndpointsec2SecurityGroupfrom'),
          Match.stringLikeRegexp('^NetHelperFunction'),
          Match.stringLikeRegexp('^NetHelperRolePolicy'),
          Match.stringLikeRegexp('^NetHelperSecurityGroupto'),
          Match.stringLikeRegexp('^NetVpcDynamoDB'),
          Match.stringLikeRegexp('^NetVpcS3'),
          Match.stringLikeRegexp('^SecureServerlessDefaultsStarOnlyPolicy'),
        ]),
      });
    }
  });

  test('maxAzs and flowLogRetention are passed through', () => {
    const { stack, network } = build({ maxAzs: 3, flowLogRetention: logs.RetentionDays.THREE_MONTHS });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    expect(network.vpc.isolatedSubnets).toHaveLength(3);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: logsKeyArn, RetentionInDays: 90 });
  });
});

describe('IsolatedNetwork.of', () => {
  test('creates the network once per stack, under the stack, and returns it to every caller', () => {
    // GIVEN
    const { stack } = newStack();
    const nested = new Construct(new Construct(stack, 'A'), 'B');

    // WHEN
    const first = IsolatedNetwork.of(stack);
    const second = IsolatedNetwork.of(nested);

    // THEN
    expect(second).toBe(first);
    expect(first.node.path).toBe('TestStack/SecureServerlessNetwork');
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
  });

  test('each stack gets its own network', () => {
    const { app, stack } = newStack();
    const other = new Stack(app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });

    expect(IsolatedNetwork.of(other)).not.toBe(IsolatedNetwork.of(stack));
    expect(IsolatedNetwork.of(other).node.path).toBe('Other/SecureServerlessNetwork');
  });
});

describe('IsolatedNetwork.interfaceEndpoint', () => {
  test('creates one endpoint per service, with private DNS in the isolated subnets, and returns it again', () => {
    const { stack, network } = build();

    // WHEN
    const first = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    const again = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    const other = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SQS);

    // THEN
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.EC2)).toBe(
      network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.EC2),
    );
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 3);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.secretsmanager',
      PrivateDnsEnabled: true,
      SubnetIds: [
        { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet1Subnet') },
        { Ref: Match.stringLikeRegexp('^NetVpcIsolatedSubnet2Subnet') },
      ],
      SecurityGroupIds: [
        { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetEndpointssecretsmanagerSecurityGroup'), 'GroupId'] },
      ],
    });
  });

  test("a new endpoint's security group admits nobody and sends nothing", () => {
    const { stack, network } = build();

    const endpoint = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);

    const sg = endpointSecurityGroup(endpoint) as ec2.SecurityGroup;
    expect(ingressRules(stack, sg)).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^TestStack/Net/Endpoints/secretsmanager: '),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
  });
});

describe('IsolatedNetwork security group rules', () => {
  test('allowGatewayEndpoints: egress HTTPS to the S3 and DynamoDB prefix lists, nothing else', () => {
    // GIVEN
    const { stack, network } = build();
    const sg = userSecurityGroup(stack, network);

    // WHEN (twice: no duplicate rule)
    network.allowGatewayEndpoints(sg);
    network.allowGatewayEndpoints(sg);

    // THEN the rules live inside the security group (no AWS::EC2::SecurityGroupEgress resource per rule)
    expect(stack.resolve(egressRules(stack, sg))).toEqual([
      {
        Description: 'HTTPS to S3 through the gateway endpoint',
        DestinationPrefixListId: {
          'Fn::GetAtt': [expect.stringMatching(/^NetVpcRestrictDefaultSecurityGroupCustomResource/), 'S3PrefixListId'],
        },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      },
      {
        Description: 'HTTPS to DynamoDB through the gateway endpoint',
        DestinationPrefixListId: {
          'Fn::GetAtt': [
            expect.stringMatching(/^NetVpcRestrictDefaultSecurityGroupCustomResource/),
            'DynamoDbPrefixListId',
          ],
        },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      },
    ]);
    expect(
      Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupEgress')).filter(
        (r) =>
          JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, sg), 'GroupId'] }),
      ),
    ).toEqual([]);
    expect(ingressRules(stack, sg)).toEqual([]);
  });

  test('allowInterfaceEndpoint: egress HTTPS to the endpoint group, and ingress HTTPS on it from the caller only', () => {
    // GIVEN
    const { stack, network } = build();
    const sg = userSecurityGroup(stack, network);

    // WHEN
    network.allowInterfaceEndpoint(sg, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    network.allowInterfaceEndpoint(sg, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);

    // THEN
    const endpoint = network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    const endpointSg = endpointSecurityGroup(endpoint) as ec2.SecurityGroup;
    expect(stack.resolve(egressRules(stack, sg))).toEqual([
      {
        Description: 'HTTPS to the secretsmanager interface endpoint',
        DestinationSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, endpointSg), 'GroupId'] },
        GroupId: { 'Fn::GetAtt': [logicalId(stack, sg), 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      },
    ]);
    expect(stack.resolve(ingressRules(stack, endpointSg))).toEqual([
      {
        Description: 'HTTPS from TestStack/UserSg',
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, sg), 'GroupId'] },
        GroupId: { 'Fn::GetAtt': [logicalId(stack, endpointSg), 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      },
    ]);
  });

  test('two callers of one endpoint are admitted one by one, and neither can reach anywhere else', () => {
    const { stack, network } = build();
    const a = userSecurityGroup(stack, network, 'A');
    const b = userSecurityGroup(stack, network, 'B');

    network.allowGatewayEndpoints(a);
    network.allowInterfaceEndpoint(a, ec2.InterfaceVpcEndpointAwsService.SQS);
    network.allowInterfaceEndpoint(b, ec2.InterfaceVpcEndpointAwsService.SQS);

    const endpointSg = endpointSecurityGroup(network.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.SQS));
    expect(
      stack.resolve(ingressRules(stack, endpointSg)).map((r: Record<string, unknown>) => r.SourceSecurityGroupId),
    ).toEqual([{ 'Fn::GetAtt': [logicalId(stack, a), 'GroupId'] }, { 'Fn::GetAtt': [logicalId(stack, b), 'GroupId'] }]);
    for (const sg of [a, b]) {
      for (const rule of egressRules(stack, sg)) {
        expect(rule).not.toHaveProperty('CidrIp');
        expect(rule).not.toHaveProperty('CidrIpv6');
        expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      }
    }
    expect(egressRules(stack, a)).toHaveLength(3);
    expect(egressRules(stack, b)).toHaveLength(1);
  });
});

describe('IsolatedNetwork compliance', () => {
  const cases: Array<[string, (stack: Stack) => void]> = [
    ['the default network', (stack) => IsolatedNetwork.of(stack)],
    [
      'a network with an interface endpoint and a security group using it and the gateway endpoints',
      (stack) => {
        const network = IsolatedNetwork.of(stack);
        const sg = userSecurityGroup(stack, network);
        network.allowGatewayEndpoints(sg);
        network.allowInterfaceEndpoint(sg, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
      },
    ],
    [
      'a network over three AZs with two years of flow logs',
      (stack) => new IsolatedNetwork(stack, 'Net', { maxAzs: 3, flowLogRetention: logs.RetentionDays.TWO_YEARS }),
    ],
  ];

  test.each(cases)('%s has no unacknowledged finding in the five cdk-nag packs', (_name, buildNetwork) => {
    // GIVEN
    const { app, stack } = newStack();
    buildNetwork(stack);

    // THEN
    expect(nagFindings(app)).toEqual([]);
  });

  test.each(cases)('%s passes the AWS Control Tower proactive controls (cfn-guard)', (_name, buildNetwork) => {
    const { app, stack } = newStack();
    buildNetwork(stack);

    expect(controlTowerFailures(app)).toEqual([]);
  });

  test('flow logs kept less than a year fail Control Tower CT.CLOUDWATCH.PR.2, as documented on flowLogRetention', () => {
    const { app, stack } = newStack();
    new IsolatedNetwork(stack, 'Net', { flowLogRetention: logs.RetentionDays.THREE_MONTHS });

    expect(nagFindings(app)).toEqual([]);
    expect(controlTowerFailures(app)).toEqual([
      expect.stringMatching(/^cloudwatch_log_group_retention_period_check at NetFlowLogs/),
    ]);
  });

  test('an environment-agnostic stack passes both too', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const network = IsolatedNetwork.of(stack);
    network.allowGatewayEndpoints(userSecurityGroup(stack, network));

    expect(nagFindings(app)).toEqual([]);
    expect(controlTowerFailures(app)).toEqual([]);
  });

  test("a plain VPC with aws-cdk-lib's default-group helper fails both, so the checks above can fail", () => {
    const { app, stack } = newStack();
    new ec2.Vpc(stack, 'Plain', { restrictDefaultSecurityGroup: true });

    expect(nagFindings(app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-VPC7 at TestStack/Plain/Resource',
        'error HIPAA.Security-VPCFlowLogsEnabled at TestStack/Plain/Resource',
      ]),
    );
    expect(controlTowerFailures(app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^subnet_auto_assign_public_ip_disabled_check at PlainPublicSubnet1/),
        expect.stringMatching(/^lambda_inside_vpc_check at CustomVpcRestrictDefaultSGCustomResourceProvider/),
      ]),
    );
  });
});

/** The helper's inline code, run against fakes of the AWS SDK and of `https`. */
describe('IsolatedNetwork helper handler', () => {
  interface Put {
    url: string;
    body: Record<string, unknown>;
    headers: Record<string, unknown>;
  }
  interface Harness {
    calls: Array<{ command: string; input: Record<string, unknown> }>;
    puts: Put[];
    logs: string[];
    invoke(request: Record<string, unknown>): Promise<void>;
  }

  function harness(
    answers: { [command: string]: (input: Record<string, unknown>) => unknown },
    statusCodes: number[] = [200],
    remainingMs = 120_000,
  ): Harness {
    const calls: Harness['calls'] = [];
    const puts: Put[] = [];
    const logLines: string[] = [];
    const commandNames = [
      'DescribeSecurityGroupsCommand',
      'RevokeSecurityGroupIngressCommand',
      'RevokeSecurityGroupEgressCommand',
      'DescribePrefixListsCommand',
    ];
    const sdk: Record<string, unknown> = {
      EC2Client: class {
        async send(command: { name: string; input: Record<string, unknown> }): Promise<unknown> {
          calls.push({ command: command.name, input: command.input });
          const answer = answers[command.name];
          if (!answer) {
            throw new Error(`unexpected ${command.name}`);
          }
          return answer(command.input);
        }
      },
    };
    for (const name of commandNames) {
      sdk[name] = class {
        public readonly name = name;
        constructor(public readonly input: Record<string, unknown>) {}
      };
    }
    const https = {
      request(url: string, options: { headers: Record<string, unknown> }, callback: (answer: unknown) => void) {
        const listeners: Record<string, (...args: unknown[]) => void> = {};
        return {
          on(name: string, listener: (...args: unknown[]) => void) {
            listeners[name] = listener;
          },
          destroy(error: Error) {
            listeners.error?.(error);
          },
          end(body: string) {
            puts.push({ url, body: JSON.parse(body), headers: options.headers });
            const statusCode = statusCodes[Math.min(puts.length - 1, statusCodes.length - 1)];
            const answerListeners: Record<string, () => void> = {};
            callback({
              statusCode,
              resume() {},
              on(name: string, listener: () => void) {
                answerListeners[name] = listener;
              },
            });
            setImmediate(() => answerListeners.end?.());
          },
        };
      },
    };
    const module = { exports: {} as { handler?: (event: unknown, context: unknown) => Promise<void> } };
    const fakeRequire = (id: string): unknown => ({ https: https, '@aws-sdk/client-ec2': sdk })[id];
    const fakeConsole = { log: (line: string) => logLines.push(line) };
    new Function('require', 'exports', 'module', 'console', HELPER_HANDLER_CODE)(
      fakeRequire,
      module.exports,
      module,
      fakeConsole,
    );
    const context = { logStreamName: '2024/01/01/[$LATEST]abc', getRemainingTimeInMillis: () => remainingMs };
    return { calls, puts, logs: logLines, invoke: (request) => module.exports.handler!(request, context) };
  }

  const responseUrl =
    'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=secret';
  function cfnRequest(
    resourceType: string,
    requestType: string,
    properties: Record<string, unknown>,
    physicalId?: string,
  ) {
    return {
      RequestType: requestType,
      ResourceType: resourceType,
      ResponseURL: responseUrl,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/TestStack/guid',
      RequestId: 'request-1',
      LogicalResourceId: 'Resource1',
      PhysicalResourceId: physicalId,
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:...', ...properties },
    };
  }
  const defaultGroup = {
    GroupId: 'sg-123',
    GroupName: 'default',
    IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-123', UserId: '123456789012' }] }],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  };

  const S3 = 'com.amazonaws.us-east-1.s3';
  const DYNAMODB = 'com.amazonaws.us-east-1.dynamodb';
  const properties = { DefaultSecurityGroupId: 'sg-123', S3ServiceName: S3, DynamoDbServiceName: DYNAMODB };
  const prefixLists = () => ({
    PrefixLists: [
      { PrefixListName: DYNAMODB, PrefixListId: 'pl-02cd2c6b' },
      { PrefixListName: S3, PrefixListId: 'pl-63a5400a' },
    ],
  });
  const lookUp = {
    command: 'DescribePrefixListsCommand',
    input: { Filters: [{ Name: 'prefix-list-name', Values: [S3, DYNAMODB] }] },
  };

  test('Create revokes exactly the rules the default group has, returns both prefix-list ids, answers SUCCESS', async () => {
    // GIVEN
    const h = harness({
      DescribeSecurityGroupsCommand: () => ({ SecurityGroups: [defaultGroup] }),
      RevokeSecurityGroupIngressCommand: () => ({ Return: true }),
      RevokeSecurityGroupEgressCommand: () => ({ Return: true }),
      DescribePrefixListsCommand: prefixLists,
    });

    // WHEN
    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', properties));

    // THEN
    expect(h.calls).toEqual([
      { command: 'DescribeSecurityGroupsCommand', input: { GroupIds: ['sg-123'] } },
      {
        command: 'RevokeSecurityGroupIngressCommand',
        input: { GroupId: 'sg-123', IpPermissions: defaultGroup.IpPermissions },
      },
      {
        command: 'RevokeSecurityGroupEgressCommand',
        input: { GroupId: 'sg-123', IpPermissions: defaultGroup.IpPermissionsEgress },
      },
      lookUp,
    ]);
    expect(h.puts).toEqual([
      {
        url: responseUrl,
        headers: { 'content-type': '', 'content-length': expect.any(Number) },
        body: {
          Status: 'SUCCESS',
          Reason: '',
          PhysicalResourceId: 'sg-123',
          StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/TestStack/guid',
          RequestId: 'request-1',
          LogicalResourceId: 'Resource1',
          NoEcho: false,
          Data: { S3PrefixListId: 'pl-63a5400a', DynamoDbPrefixListId: 'pl-02cd2c6b' },
        },
      },
    ]);
    // The pre-signed response URL is a credential: never logged.
    expect(h.logs.join('\n')).not.toContain('X-Amz-Signature');
  });

  test('Update of an already closed group calls no revoke, and looks the prefix lists up again', async () => {
    const h = harness({
      DescribeSecurityGroupsCommand: () => ({
        SecurityGroups: [{ ...defaultGroup, IpPermissions: [], IpPermissionsEgress: [] }],
      }),
      DescribePrefixListsCommand: prefixLists,
    });

    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Update', properties, 'sg-123'));

    expect(h.calls.map((c) => c.command)).toEqual(['DescribeSecurityGroupsCommand', 'DescribePrefixListsCommand']);
    expect(h.puts[0].body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'sg-123',
      Data: { S3PrefixListId: 'pl-63a5400a', DynamoDbPrefixListId: 'pl-02cd2c6b' },
    });
  });

  test('Delete is a no-op success', async () => {
    const h = harness({});

    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Delete', properties, 'sg-123'));

    expect(h.calls).toEqual([]);
    expect(h.puts.map((p) => [p.body.Status, p.body.PhysicalResourceId])).toEqual([['SUCCESS', 'sg-123']]);
  });

  test('refuses to touch a group that is not a default group', async () => {
    const h = harness({
      DescribeSecurityGroupsCommand: () => ({ SecurityGroups: [{ ...defaultGroup, GroupName: 'app' }] }),
    });

    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', properties));

    expect(h.calls.map((c) => c.command)).toEqual(['DescribeSecurityGroupsCommand']);
    expect(h.puts[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'Error: sg-123 is not the default security group of a VPC (log stream 2024/01/01/[$LATEST]abc)',
      PhysicalResourceId: '2024/01/01/[$LATEST]abc',
    });
  });

  test('a missing prefix list, an EC2 error, an unknown type and a missing property are answered FAILED', async () => {
    const closed = { SecurityGroups: [{ ...defaultGroup, IpPermissions: [], IpPermissionsEgress: [] }] };
    const missingList = harness({
      DescribeSecurityGroupsCommand: () => closed,
      DescribePrefixListsCommand: () => ({ PrefixLists: [] }),
    });
    const h = harness({
      DescribeSecurityGroupsCommand: () => {
        const error = new Error('You are not authorized to perform this operation.');
        error.name = 'UnauthorizedOperation';
        throw error;
      },
    });

    await missingList.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', properties));
    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Update', properties, 'sg-1'));
    await h.invoke(cfnRequest('Custom::Other', 'Create', {}));
    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', {}));

    expect(missingList.puts[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(
        new RegExp(`^Error: No AWS-managed prefix list is named ${S3.replace(/\./g, '\\.')} `),
      ),
    });
    expect(h.puts.map((p) => [p.body.Status, p.body.PhysicalResourceId, p.body.Reason])).toEqual([
      ['FAILED', 'sg-1', expect.stringMatching(/^UnauthorizedOperation: You are not authorized/)],
      ['FAILED', '2024/01/01/[$LATEST]abc', expect.stringMatching(/^Error: Unsupported resource type Custom::Other /)],
      [
        'FAILED',
        '2024/01/01/[$LATEST]abc',
        expect.stringMatching(/^Error: Missing resource property DefaultSecurityGroupId /),
      ],
    ]);
  });

  test('answers FAILED while 40 s of its timeout remain for the answer when EC2 never answers', async () => {
    // GIVEN EC2 that never answers, and 41 s left before the function times out
    const h = harness({ DescribeSecurityGroupsCommand: () => new Promise(() => {}) }, [200], 41_000);

    // WHEN
    const started = Date.now();
    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', properties));

    // THEN after 1 s, not after Lambda's timeout
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(h.puts.map((p) => p.body.Status)).toEqual(['FAILED']);
    expect(h.puts[0].body.Reason).toMatch(/^Error: No answer from EC2 within 1 s/);
  });

  test('answers FAILED for a request without properties', async () => {
    const h = harness({});

    await h.invoke({ ...cfnRequest('Custom::VpcRestrictDefaultSG', 'Create', {}), ResourceProperties: undefined });

    expect(h.puts.map((p) => [p.body.Status, p.body.Reason])).toEqual([
      ['FAILED', expect.stringMatching(/^Error: Missing resource property DefaultSecurityGroupId/)],
    ]);
  });

  test('retries the response when the response URL does not answer 2xx', async () => {
    const h = harness({}, [503, 200]);

    await h.invoke(cfnRequest('Custom::VpcRestrictDefaultSG', 'Delete', properties, 'sg-123'));

    expect(h.puts).toHaveLength(2);
    expect(h.puts[1].body).toMatchObject({ Status: 'SUCCESS' });
  });
});
