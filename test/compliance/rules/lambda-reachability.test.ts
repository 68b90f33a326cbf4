import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { resource, templateOf } from './support';
import { OrdersServiceStack } from '../../../examples/app';
import { EncryptedTable, SecureFunction } from '../../../src';
import { RuleOutcome, TemplateContext } from '../../../src/compliance/rules';
import { LambdaServiceReachable } from '../../../src/compliance/rules/lambda/LambdaServiceReachable';

/**
 * LambdaServiceReachable on templates synthesized from plain aws-cdk-lib: a function in a VPC, granted access to
 * services, with and without the endpoints or the NAT route that reach them.
 */

const ENV = { account: '123456789012', region: 'eu-west-1' };
const code = lambda.Code.fromInline('exports.handler = async () => {};');

/** The stack's template, as the rules receive it. */
function contextOf(stack: Stack): TemplateContext {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  return templateOf(...Object.entries(resources).map(([id, r]) => resource(id, r.Type, r.Properties ?? {})));
}

/** The rule's outcome for the function `fn` of its stack. */
function outcomeOf(fn: lambda.Function): RuleOutcome {
  const stack = Stack.of(fn);
  const template = contextOf(stack);
  const logicalId = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).logicalId);
  return LambdaServiceReachable.check(template.resources.get(logicalId)!, template);
}

/** A stack with a VPC of isolated subnets only (no NAT, no internet gateway) and a function in it. */
function isolatedFunction(): { stack: Stack; vpc: ec2.Vpc; fn: lambda.Function } {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const fn = new lambda.Function(stack, 'Fn', {
    code,
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  return { stack, vpc, fn };
}

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('LambdaServiceReachable', () => {
  test('non-compliant: a function in isolated subnets granted SQS, without an SQS endpoint', () => {
    // GIVEN
    const { stack, fn } = isolatedFunction();
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['sqs']);
  });

  test('compliant: the same function with an SQS interface endpoint (private DNS) in the VPC', () => {
    // GIVEN
    const { stack, vpc, fn } = isolatedFunction();
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS });

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('non-compliant: an SQS interface endpoint without private DNS does not count', () => {
    // GIVEN
    const { stack, vpc, fn } = isolatedFunction();
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS, privateDnsEnabled: false });

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['sqs']);
  });

  test('compliant: a function in PRIVATE_WITH_EGRESS subnets (default route through a NAT gateway)', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test("compliant: DynamoDB granted, with the DynamoDB gateway endpoint on the subnets' route tables", () => {
    // GIVEN
    const { stack, vpc, fn } = isolatedFunction();
    // grantReadWriteData also grants dynamodb:GetRecords on the table's ARN: a Streams action that needs no
    // streams endpoint, since it authorizes nothing on a table.
    new dynamodb.Table(stack, 'Table', { partitionKey }).grantReadWriteData(fn);
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('non-compliant: DynamoDB granted, without the gateway endpoint', () => {
    // GIVEN
    const { stack, fn } = isolatedFunction();
    new dynamodb.Table(stack, 'Table', { partitionKey }).grantReadWriteData(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['dynamodb']);
  });

  test('non-compliant: a gateway endpoint on other route tables does not serve the subnets', () => {
    // GIVEN
    const { stack, vpc, fn } = isolatedFunction();
    new dynamodb.Table(stack, 'Table', { partitionKey }).grantReadData(fn);
    const otherTable = new ec2.CfnRouteTable(stack, 'OtherRouteTable', { vpcId: vpc.vpcId });
    new ec2.CfnVPCEndpoint(stack, 'DynamoDbElsewhere', {
      vpcId: vpc.vpcId,
      serviceName: ec2.GatewayVpcEndpointAwsService.DYNAMODB.name,
      routeTableIds: [otherTable.ref],
    });

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['dynamodb']);
  });

  test('compliant: an SqsEventSource alone (Lambda polls the queue and decrypts with its key)', () => {
    // GIVEN
    const { stack, fn } = isolatedFunction();
    const key = new kms.Key(stack, 'Key');
    const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });
    fn.addEventSource(new SqsEventSource(queue));

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('non-compliant: code that receives from a queue other than its event source needs the endpoint', () => {
    // GIVEN
    const { stack, fn } = isolatedFunction();
    fn.addEventSource(new SqsEventSource(new sqs.Queue(stack, 'Source')));
    new sqs.Queue(stack, 'Other').grantConsumeMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['sqs']);
  });

  test('compliant: a dead-letter queue, which Lambda writes to', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      vpc,
      deadLetterQueue: new sqs.Queue(stack, 'DeadLetters'),
    });

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('compliant: KMS granted only through another service (kms:ViaService)', () => {
    // GIVEN
    const { stack, vpc, fn } = isolatedFunction();
    new kms.Key(stack, 'Key').grantDecrypt(
      new kms.ViaServicePrincipal('secretsmanager.eu-west-1.amazonaws.com', fn.role!),
    );
    vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('non-compliant: KMS and SQS granted directly, neither with an endpoint', () => {
    // GIVEN
    const { stack, fn } = isolatedFunction();
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);
    new kms.Key(stack, 'Key').grantEncryptDecrypt(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toEqual(['sqs', 'kms']);
  });

  test('compliant: the execution role holds only what Lambda itself uses (logs, network interfaces)', () => {
    // GIVEN
    const { fn } = isolatedFunction();

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('compliant');
  });

  test('not applicable: a function outside a VPC', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('not-applicable');
  });

  test('not applicable: imported subnets, whose routes the template does not show', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('not-applicable');
  });

  test('not applicable: an imported execution role', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      vpc,
      role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/app'),
    });

    // WHEN / THEN
    expect(outcomeOf(fn)).toBe('not-applicable');
  });
});

describe('LambdaServiceReachable on what our constructs produce', () => {
  test('every function of the example app is compliant (SecureFunctions granted EncryptedTables, the network helper)', () => {
    // GIVEN
    const stack = new OrdersServiceStack(new App(), 'OrdersService', { env: ENV });
    const template = contextOf(stack);

    // WHEN
    const functions = [...template.resources.values()].filter((r) => r.type === 'AWS::Lambda::Function');
    const outcomes = functions.map((fn) => [fn.logicalId, LambdaServiceReachable.check(fn, template)]);

    // THEN
    expect(functions.length).toBeGreaterThanOrEqual(3);
    expect(outcomes).toEqual(functions.map((fn) => [fn.logicalId, 'compliant']));
  });

  test('a SecureFunction granted a queue, with its interface endpoint, is compliant', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const fn = new SecureFunction(stack, 'Handler', {
      code,
      handler: 'index.handler',
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
    });
    new EncryptedTable(stack, 'Table', { partitionKey }).grantReadWriteData(fn);
    new sqs.Queue(stack, 'Queue').grantSendMessages(fn);

    // WHEN / THEN
    expect(outcomeOf(fn.function)).toBe('compliant');
  });
});
