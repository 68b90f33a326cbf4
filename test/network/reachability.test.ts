import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { EncryptedTable, IsolatedNetwork, SecureFunction, SecureFunctionProps } from '../../src';
import { nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function fnIn(stack: Stack, id = 'Handler', props: Partial<SecureFunctionProps> = {}): SecureFunction {
  return new SecureFunction(stack, id, { code, handler: 'index.handler', ...props });
}

const serviceName = (name: string) => `com.amazonaws.us-east-1.${name}`;
const endpointGroup = (name: string) => ({
  'Fn::GetAtt': [
    Match.stringLikeRegexp(`^SecureServerlessNetworkEndpoints${name.replace(/[^A-Za-z0-9]/g, '')}SecurityGroup`),
    'GroupId',
  ],
});
const groupOf = (prefix: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}SecurityGroup`), 'GroupId'] });

/** The interface endpoints of the template, by service name. */
function interfaceEndpoints(template: Template): string[] {
  return Object.values(
    template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }),
  )
    .map((r) => (r.Properties.ServiceName as string).replace('com.amazonaws.us-east-1.', ''))
    .sort();
}

/** Synthesizes the stack's app and returns the error it fails with. */
function synthError(stack: Stack): string {
  try {
    Template.fromStack(stack);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('SecureFunction reaches what it is granted', () => {
  test('plain grants of SQS, SNS, Secrets Manager and KMS: HTTPS to one endpoint per service, with private DNS', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const queue = new sqs.Queue(stack, 'Queue');
    const topic = new sns.Topic(stack, 'Topic');
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });

    // WHEN
    queue.grantSendMessages(fn);
    topic.grantPublish(fn);
    secret.grantRead(fn);
    key.grantDecrypt(fn);

    // THEN
    const template = Template.fromStack(stack);
    for (const name of ['sqs', 'sns', 'secretsmanager', 'kms']) {
      template.resourcePropertiesCountIs(
        'AWS::EC2::VPCEndpoint',
        { ServiceName: serviceName(name), VpcEndpointType: 'Interface', PrivateDnsEnabled: true },
        1,
      );
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: groupOf('Handler'),
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        DestinationSecurityGroupId: endpointGroup(name),
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: endpointGroup(name),
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: groupOf('Handler'),
      });
    }
    // The network's helper reaches EC2; nothing else was asked for.
    expect(interfaceEndpoints(template)).toEqual(['ec2', 'kms', 'secretsmanager', 'sns', 'sqs']);
  });

  test('EventBridge and Step Functions grants: the events and states endpoints', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const bus = new events.EventBus(stack, 'Bus');
    const machine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Pass')),
    });

    // WHEN
    bus.grantPutEventsTo(fn);
    machine.grantStartExecution(fn);

    // THEN
    const template = Template.fromStack(stack);
    expect(interfaceEndpoints(template)).toEqual(['ec2', 'events', 'states']);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupOf('Handler'),
      DestinationSecurityGroupId: endpointGroup('states'),
    });
  });

  test('an EncryptedTable grant adds no interface endpoint: DynamoDB is a gateway endpoint, its key is used through DynamoDB', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    // WHEN
    table.grantReadWriteData(fn);

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2']);
  });

  test("a plain Table's grantReadData adds no DynamoDB Streams endpoint: its stream actions are on the table ARN", () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const table = new dynamodb.Table(stack, 'Plain', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    // WHEN
    table.grantReadData(fn);

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2']);
  });

  test("secret.grantRead with the secret's own key adds no KMS endpoint: Secrets Manager calls KMS", () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const key = new kms.Key(stack, 'SecretKey', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });

    // WHEN
    secret.grantRead(fn);

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2', 'secretsmanager']);
  });

  test('an SqsEventSource alone adds no SQS endpoint: Lambda polls the queue', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const queue = new sqs.Queue(stack, 'Queue');

    // WHEN
    fn.addEventSource(new eventSources.SqsEventSource(queue));

    // THEN the poller's permissions are there, and no endpoint for them
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:ReceiveMessage']) })]),
      },
    });
    expect(interfaceEndpoints(template)).toEqual(['ec2']);
  });

  test('a grant to the code after an event source on the same queue still opens the SQS endpoint', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const queue = new sqs.Queue(stack, 'Queue');
    fn.addEventSource(new eventSources.SqsEventSource(queue));

    // WHEN
    queue.grantSendMessages(fn);

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2', 'sqs']);
  });

  test('two functions granted SQS share one endpoint, each let in by its own rule', () => {
    // GIVEN
    const { stack } = newStack();
    const queue = new sqs.Queue(stack, 'Queue');

    // WHEN
    queue.grantSendMessages(fnIn(stack, 'A'));
    queue.grantConsumeMessages(fnIn(stack, 'B'));

    // THEN
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: serviceName('sqs') }, 1);
    for (const fn of ['A', 'B']) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: endpointGroup('sqs'),
        FromPort: 443,
        SourceSecurityGroupId: groupOf(fn),
      });
    }
  });

  test('interfaceEndpoints: [SQS] and an SQS grant make one SQS endpoint and one rule', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack, 'Handler', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS] });

    // WHEN
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // THEN
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: serviceName('sqs') }, 1);
    template.resourcePropertiesCountIs(
      'AWS::EC2::SecurityGroupEgress',
      { GroupId: groupOf('Handler'), DestinationSecurityGroupId: endpointGroup('sqs') },
      1,
    );
  });

  test('a kms:ViaService statement opens no KMS endpoint', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });

    // WHEN
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } },
      }),
    );

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2']);
  });

  test('a security group of the user in the shared network is let through to the endpoints it needs', () => {
    // GIVEN
    const { stack } = newStack();
    const network = IsolatedNetwork.of(stack);
    const mine = new ec2.SecurityGroup(stack, 'Mine', { vpc: network.vpc, allowAllOutbound: false });
    const fn = fnIn(stack, 'Handler', { securityGroups: [mine] });

    // WHEN
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'GroupId'] },
      FromPort: 443,
      DestinationSecurityGroupId: endpointGroup('sqs'),
    });
  });

  test('a function in a VPC of your own is not checked: your VPC, your routes', () => {
    // GIVEN
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'MyVpc', {
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const sg = new ec2.SecurityGroup(stack, 'MySg', { vpc });
    const fn = fnIn(stack, 'Handler', { vpc, securityGroups: [sg] });

    // WHEN
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['route53:ListHostedZones'], resources: ['*'] }));
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  test('with minimizePolicies (cdk init turns it on), merged statements of grants and execution permissions pass', () => {
    // GIVEN
    const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': true } });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const fn = fnIn(stack);
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });

    // WHEN
    key.grantDecrypt(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [fn.logGroup.logGroupArn] }),
    );

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2', 'kms', 'logs']);
  });

  test('a function granted SQS, SNS, Secrets Manager and KMS has no unacknowledged finding in the five cdk-nag packs', () => {
    // GIVEN resources of another team (imported, so that only the function and its network are checked)
    const { app, stack } = newStack();
    const fn = fnIn(stack);
    const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:123456789012:${resource}`;

    // WHEN
    sqs.Queue.fromQueueArn(stack, 'Queue', arn('sqs', 'orders')).grantSendMessages(fn);
    sns.Topic.fromTopicArn(stack, 'Topic', arn('sns', 'events')).grantPublish(fn);
    secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', arn('secretsmanager', 'secret:db-AbCdEf')).grantRead(
      fn,
    );
    kms.Key.fromKeyArn(stack, 'Key', arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab')).grantDecrypt(fn);

    // THEN
    expect(interfaceEndpoints(Template.fromStack(stack))).toEqual(['ec2', 'kms', 'secretsmanager', 'sns', 'sqs']);
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('SecureFunction reachability fails synth', () => {
  test('fails when the role may call a service that no VPC endpoint serves', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);

    // WHEN
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['route53:ChangeResourceRecordSets'], resources: ['*'] }));

    // THEN
    const message = synthError(stack);
    expect(message).toContain(
      '[CSS002] TestStack/Handler: prop "vpc": the role allows route53:ChangeResourceRecordSets',
    );
    expect(message).toContain('no VPC endpoint is known for the route53 service');
    expect(message).toContain(
      'Fix: run the function in a VPC of your own with PRIVATE_WITH_EGRESS subnets (vpc, vpcSubnets and securityGroups), or set optOuts.vpc with a reason.',
    );
  });

  test('fails when an imported security group of the user was not let through to an endpoint the role needs', () => {
    // GIVEN
    const { stack } = newStack();
    const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0');
    const fn = fnIn(stack, 'Handler', { securityGroups: [imported] });

    // WHEN
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // THEN
    const message = synthError(stack);
    expect(message).toContain(
      '[CSS002] TestStack/Handler: prop "securityGroups": the role allows calls to sqs, but no security group of the function may reach',
    );
    expect(message).toContain(
      "Fix: call IsolatedNetwork.of(this).allowInterfaceEndpoint(yourSecurityGroup, new ec2.InterfaceVpcEndpointAwsService('sqs')).",
    );
  });

  test('an imported security group let through with allowInterfaceEndpoint passes', () => {
    // GIVEN
    const { stack } = newStack();
    const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0');
    const fn = fnIn(stack, 'Handler', { securityGroups: [imported] });
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN
    IsolatedNetwork.of(stack).allowInterfaceEndpoint(imported, ec2.InterfaceVpcEndpointAwsService.SQS);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: endpointGroup('sqs'),
      SourceSecurityGroupId: 'sg-0123456789abcdef0',
    });
  });

  test('fails when a policy attached to the role outside the grants needs an endpoint', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = fnIn(stack);
    const queue = new sqs.Queue(stack, 'Queue');

    // WHEN
    new iam.ManagedPolicy(stack, 'Extra', {
      roles: [fn.role!],
      statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] })],
    });

    // THEN
    const message = synthError(stack);
    expect(message).toContain('[CSS002] TestStack/Handler: prop "interfaceEndpoints": the role allows calls to sqs');
    expect(message).toContain(
      "Fix: list new ec2.InterfaceVpcEndpointAwsService('sqs') in interfaceEndpoints, or grant the permission to the function itself.",
    );
  });

  test('interfaceEndpoints with a security group of the user: the same group the grants use is let through', () => {
    // GIVEN
    const { stack } = newStack();
    const mine = new ec2.SecurityGroup(stack, 'Mine', { vpc: IsolatedNetwork.of(stack).vpc, allowAllOutbound: false });

    // WHEN
    fnIn(stack, 'Handler', { securityGroups: [mine], interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS] });

    // THEN
    const template = Template.fromStack(stack);
    expect(interfaceEndpoints(template)).toEqual(['ec2', 'sqs']);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: endpointGroup('sqs'),
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine[0-9A-F]{8}$'), 'GroupId'] },
    });
  });

  test('fails when interfaceEndpoints are asked for with imported security groups only', () => {
    // GIVEN
    const { stack } = newStack();
    const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0');

    // THEN
    expect(() =>
      fnIn(stack, 'Handler', {
        securityGroups: [imported],
        interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
      }),
    ).toThrow(
      /^\[CSS002\] TestStack\/Handler: prop "interfaceEndpoints": .*through a security group this app creates.*Fix: /,
    );
  });
});
