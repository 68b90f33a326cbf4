import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureFunction } from '../../src/function/secure-function';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const busArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:us-east-1:123456789012:event-bus/${name}`]],
});

/** The interface endpoints of the template, by service name. */
function interfaceEndpoints(template: Template): string[] {
  return Object.values(
    template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }),
  )
    .map((r) => (r.Properties.ServiceName as string).replace('com.amazonaws.us-east-1.', ''))
    .sort();
}

describe('SecureEventBus', () => {
  test('by default: encrypted with the messaging key, named, with its own dead-letter queue', () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    const bus = new SecureEventBus(stack, 'Orders');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: Match.stringLikeRegexp('^TestStack-Orders-'),
      KmsKeyIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsMessagingKey'), 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDeadLetterQueue'), 'Arn'] } },
    });
    expect(bus.alarms).toHaveLength(1);
    expect(bus.deadLetterQueue).toBeDefined();
  });

  test("the key's policy lets EventBridge use it for this bus only, once (aws-cdk-lib's statement, not ours)", () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    new SecureEventBus(stack, 'Orders', { eventBusName: 'orders' });

    // THEN
    const template = Template.fromStack(stack);
    const statement = {
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '123456789012',
          'aws:SourceArn': busArn('orders'),
          'kms:EncryptionContext:aws:events:event-bus:arn': busArn('orders'),
        },
      },
    };
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([statement]) },
    });
    const key = Object.values(template.findResources('AWS::KMS::Key')).find((k) =>
      JSON.stringify(k).includes('event-bus/orders'),
    )!;
    const forTheBus = (key.Properties.KeyPolicy.Statement as any[]).filter(
      (s) => JSON.stringify(s.Action).includes('DescribeKey') && s.Principal?.Service === 'events.amazonaws.com',
    );
    expect(forTheBus).toHaveLength(1);
  });

  test("the bus's dead-letter queue lets EventBridge send for this bus, and use its key", () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    new SecureEventBus(stack, 'Orders', { eventBusName: 'orders' });

    // THEN
    const template = Template.fromStack(stack);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': busArn('orders') },
    };
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDeadLetterQueue'), 'Arn'] },
            Condition: conditions,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: conditions,
          },
        ]),
      },
    });
  });

  test('an own key, description and dead-letter queue are used as given', () => {
    // GIVEN
    const { stack } = newStack();
    const key = new kms.Key(stack, 'BusKey', { enableKeyRotation: true });
    const queue = new sqs.Queue(stack, 'Mine');

    // WHEN
    const bus = new SecureEventBus(stack, 'Orders', {
      encryptionKey: key,
      deadLetterQueue: queue,
      description: 'Orders',
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusKey'), 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } },
      Description: 'Orders',
    });
    expect(bus.encryptionKey).toBe(key);
    expect(bus.deadLetterQueue).toBe(queue);
    expect(bus.alarms).toEqual([]);
  });

  test('grantPutEventsTo gives events:PutEvents on this bus and no KMS permission', () => {
    // GIVEN
    const { stack } = newStack();
    const bus = new SecureEventBus(stack, 'Orders');
    const role = new iam.Role(stack, 'Publisher', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // WHEN
    bus.grantPutEventsTo(role);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersBus'), 'Arn'] },
          },
        ],
      },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('kms:');
  });

  test('a SecureFunction granted grantPutEventsTo reaches the bus: the events interface endpoint, no kms one', () => {
    // GIVEN
    const { stack } = newStack();
    const bus = new SecureEventBus(stack, 'Orders');
    const fn = new SecureFunction(stack, 'Publisher', { code, handler: 'index.handler' });

    // WHEN
    bus.grantPutEventsTo(fn);

    // THEN
    const template = Template.fromStack(stack);
    expect(interfaceEndpoints(template)).toContain('events');
    expect(interfaceEndpoints(template)).not.toContain('kms');
  });
});
