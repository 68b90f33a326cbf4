import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { ComplianceGate } from '../../src';
import { describeDecision } from '../../src/compliance/decisions';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureQueueProps } from '../../src/queue/secure-queue-props';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
const MESSAGING_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsMessagingKey'), 'Arn'] };
const VIA_SQS = { StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } };

function build(props: SecureQueueProps = {}): { stack: Stack; queue: SecureQueue } {
  const { stack } = newStack();
  const queue = new SecureQueue(stack, 'Orders', props);
  return { stack, queue };
}

function fn(stack: Stack, id = 'Worker'): SecureFunction {
  return new SecureFunction(stack, id, { code, handler: 'index.handler' });
}

/** Every acknowledged rule id, with the decision's text, and the construct path it was recorded on. */
function acknowledgments(stack: Stack): Array<{ ruleId: string; path: string; text: string }> {
  return ComplianceGate.check(stack).acknowledgments.flatMap((a) =>
    a.ruleIds.map((ruleId) => ({ ruleId, path: a.constructPath, text: describeDecision(a) })),
  );
}

/** The statements of the managed policy of `fn`'s role. */
function policyStatements(stack: Stack, role: string): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${role}ServiceRole`) }] },
  });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('SecureQueue defaults', () => {
  test('the queue and its dead-letter queue are encrypted with the stack messaging key and TLS only', () => {
    // WHEN
    const { stack, queue } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: MESSAGING_KEY });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    for (const id of ['OrdersQueue', 'OrdersDeadLetterQueue']) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: Match.stringLikeRegexp(`^${id}[0-9A-F]{8}$`) }],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${id}`), 'Arn'] },
            },
          ],
        },
      });
    }
    expect(queue.encryptionType).toBe('KMS');
    expect(queue.fifo).toBe(false);
    expect(queue.deadLetterQueue).toBeInstanceOf(SecureQueue);
    expect(queue.deadLetterQueue!.encryptionKey.keyArn).toBe(queue.encryptionKey.keyArn);
  });

  test('redrive after 3 receives; 4 days retention, 14 days in the dead-letter queue, 3 minutes visibility', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDeadLetterQueue'), 'Arn'] },
        maxReceiveCount: 3,
      },
      MessageRetentionPeriod: 4 * 24 * 3600,
      VisibilityTimeout: 180,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.absent(),
      RedriveAllowPolicy: { redrivePermission: 'allowAll' },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test('a named queue names its dead-letter queue, which accepts only that queue', () => {
    const { stack } = build({ queueName: 'orders' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orders' });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'orders-dlq',
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:us-east-1:123456789012:orders']] },
        ],
      },
    });
  });

  test('one alarm, to the stack alarm topic, on any dead-lettered message or an oldest message of 15 minutes', () => {
    const { stack, queue } = build();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsAlarmTopic') }],
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(FILL(age, 0) >= 900, 1, 0) + IF(FILL(dlq, 0) >= 1, 1, 0)' }),
        Match.objectLike({
          Id: 'age',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'ApproximateAgeOfOldestMessage', Namespace: 'AWS/SQS' }),
            Stat: 'Maximum',
          }),
        }),
        Match.objectLike({
          Id: 'dlq',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateNumberOfMessagesVisible',
              Dimensions: [
                {
                  Name: 'QueueName',
                  Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDeadLetterQueue'), 'QueueName'] },
                },
              ],
            },
          }),
        }),
      ]),
    });
    expect(queue.alarms).toHaveLength(1);
    expect(queue.deadLetterQueue!.alarms).toEqual([]);
  });

  test("the dead-letter queue's own missing redrive is the library's exception, with the reason", () => {
    const { stack } = build();

    const acks = acknowledgments(stack);
    expect(acks).toEqual([
      {
        ruleId: 'Serverless-SQSRedrivePolicy',
        path: 'TestStack/Orders/DeadLetterQueue/Queue',
        text: expect.stringMatching(/dead-letter queue of TestStack\/Orders: .* alarm of TestStack\/Orders fires/),
      },
    ]);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('a FIFO queue gets a FIFO dead-letter queue', () => {
    const { stack, queue } = build({ fifo: true, queueName: 'orders.fifo', contentBasedDeduplication: true });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'orders.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orders-dlq.fifo', FifoQueue: true });
    expect(queue.fifo).toBe(true);
    expect(queue.deadLetterQueue!.fifo).toBe(true);
  });

  test('a name ending in .fifo makes a FIFO queue', () => {
    const { queue } = build({ queueName: 'orders.fifo' });

    expect(queue.fifo).toBe(true);
  });
});

describe('SecureQueue props', () => {
  test('your own key, retention, visibility, redrive count, alarm threshold and topic', () => {
    // GIVEN
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'OnCall', { masterKey: key, enforceSSL: true });

    // WHEN
    new SecureQueue(stack, 'Orders', {
      encryptionKey: key,
      retentionPeriod: Duration.days(1),
      deadLetterRetentionPeriod: Duration.days(7),
      visibilityTimeout: Duration.minutes(10),
      maxReceiveCount: 5,
      oldestMessageAgeThreshold: Duration.hours(1),
      alarmTopic: topic,
    });

    // THEN
    const template = Template.fromStack(stack);
    const myKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] };
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: myKey, VisibilityTimeout: 600 });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 86_400,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 7 * 86_400 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OnCall') }],
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('>= 3600, 1, 0') })]),
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
  });
});

describe('SecureQueue opt-outs', () => {
  test('optOuts.deadLetterQueue: no dead-letter queue, the redrive controls acknowledged with the reason', () => {
    // WHEN
    const { stack, queue } = build({
      optOuts: {
        deadLetterQueue: {
          reason: 'Messages are idempotent pings; a failure is retried by the sender',
          ticket: 'SEC-9',
        },
      },
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.absent() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(age, 0) >= 900, 1, 0)' })]),
    });
    expect(queue.deadLetterQueue).toBeUndefined();
    const text =
      'Opt-out (optOuts.deadLetterQueue): Messages are idempotent pings; a failure is retried by the sender (ticket: SEC-9)';
    expect(acknowledgments(stack)).toEqual(
      expect.arrayContaining([
        { ruleId: 'AwsSolutions-SQS3', path: 'TestStack/Orders', text },
        { ruleId: 'SecureServerless-SqsDeadLetterQueue', path: 'TestStack/Orders', text },
        { ruleId: 'Serverless-SQSRedrivePolicy', path: 'TestStack/Orders', text },
      ]),
    );
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });
});

describe('SecureQueue grants', () => {
  test('grantSendMessages: the send actions on the queue, kms:GenerateDataKey and kms:Decrypt through SQS', () => {
    // GIVEN
    const { stack, queue } = build();
    const producer = fn(stack, 'Producer');

    // WHEN
    queue.grantSendMessages(producer);

    // THEN
    expect(policyStatements(stack, 'Producer')).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersQueue/), 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SecureServerlessDefaultsMessagingKey/), 'Arn'] },
          Condition: VIA_SQS,
        },
      ]),
    );
  });

  test('grantConsumeMessages: the consume actions, and only kms:Decrypt through SQS', () => {
    const { stack, queue } = build();
    const consumer = fn(stack, 'Consumer');

    queue.grantConsumeMessages(consumer);

    const statements = policyStatements(stack, 'Consumer');
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: [
            'sqs:ChangeMessageVisibility',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
          ],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersQueue/), 'Arn'] },
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: expect.anything(), Condition: VIA_SQS },
      ]),
    );
  });

  test('grantPurge: no key permission at all', () => {
    const { stack, queue } = build();
    const admin = fn(stack, 'Admin');

    queue.grantPurge(admin);

    const statements = policyStatements(stack, 'Admin');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersQueue/), 'Arn'] },
    });
    expect(statements.filter((s) => s.Condition?.StringEquals?.['kms:ViaService']?.startsWith('sqs.'))).toEqual([]);
  });

  test('grant: the producer key actions for SendMessage, the consumer one for ReceiveMessage, none otherwise', () => {
    const { stack, queue } = build();
    const role = (id: string) => new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
    const sender = role('Sender');
    const reader = role('Reader');
    const inspector = role('Inspector');

    queue.grant(sender, 'sqs:SendMessage');
    queue.grant(reader, 'sqs:ReceiveMessage', 'sqs:DeleteMessage');
    queue.grant(inspector, 'sqs:GetQueueAttributes');

    const template = Template.fromStack(stack);
    const keyStatement = (actions: string | string[]) => ({
      Effect: 'Allow',
      Action: actions,
      Resource: MESSAGING_KEY,
      Condition: VIA_SQS,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Sender') }],
      PolicyDocument: { Statement: Match.arrayWith([keyStatement(['kms:Decrypt', 'kms:GenerateDataKey'])]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: { Statement: Match.arrayWith([keyStatement('kms:Decrypt')]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Inspector') }],
      PolicyDocument: {
        Statement: [Match.objectLike({ Action: 'sqs:GetQueueAttributes' })],
      },
    });
  });

  test("aws-cdk-lib's queue.grants.sendMessages() is narrowed too: no kms:Encrypt, kms:ReEncrypt* or wildcard", () => {
    const { stack, queue } = build();
    const producer = fn(stack, 'Producer');

    queue.grants.sendMessages(producer);

    const kmsActions = policyStatements(stack, 'Producer')
      .filter(
        (s) =>
          JSON.stringify(s.Resource).includes('MessagingKey') &&
          s.Condition?.StringEquals?.['kms:ViaService'] === 'sqs.us-east-1.amazonaws.com',
      )
      .flatMap((s) => [s.Action].flat());
    expect(kmsActions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    const all = JSON.stringify(policyStatements(stack, 'Producer'));
    expect(all).not.toMatch(/kms:Encrypt|ReEncrypt|GenerateDataKey\*/);
  });

  test('a granted function gets the SQS interface endpoint and no KMS endpoint', () => {
    const { stack, queue } = build();

    queue.grantSendMessages(fn(stack, 'Producer'));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.us-east-1.sqs' });
    expect(
      Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e: any) => e.Properties.ServiceName),
    ).not.toContain('com.amazonaws.us-east-1.kms');
  });
});

describe('SecureQueue with aws-cdk-lib integrations', () => {
  test('an SqsEventSource with partial batch responses, acknowledged for its destination rule by the redrive', () => {
    // GIVEN
    const { stack, queue } = build();
    const worker = fn(stack);

    // WHEN
    worker.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersQueue'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(acknowledgments(stack)).toContainEqual({
      ruleId: 'Serverless-LambdaEventSourceMappingDestination',
      path: expect.stringMatching(/^TestStack\/Worker\/SqsEventSource:TestStackOrders\w+\/Resource$/),
      text: expect.stringMatching(
        /no on-failure destination; the queue's redrive policy moves every message .* to its dead-letter queue TestStack\/Orders\/DeadLetterQueue/,
      ),
    });
    // Lambda's poller consumes: no SQS interface endpoint for the function's code.
    expect(JSON.stringify(template.findResources('AWS::EC2::VPCEndpoint'))).not.toContain('.sqs');
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('a mapping of a plain lambda.Function is acknowledged too', () => {
    const { stack, queue } = build();
    const plain = new lambda.Function(stack, 'Plain', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });

    plain.addEventSource(new SqsEventSource(queue));

    expect(acknowledgments(stack).map((a) => a.ruleId)).toContain('Serverless-LambdaEventSourceMappingDestination');
  });

  test('a queue without a dead-letter queue gives its mapping no acknowledgment', () => {
    const { stack, queue } = build({ optOuts: { deadLetterQueue: { reason: 'Replayed from the ledger' } } });
    const worker = fn(stack);

    worker.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));

    expect(acknowledgments(stack).map((a) => a.ruleId)).not.toContain('Serverless-LambdaEventSourceMappingDestination');
    expect(ComplianceGate.check(stack).violations.map((v) => v.ruleId)).toContain(
      'Serverless-LambdaEventSourceMappingDestination',
    );
  });

  test('an SNS subscription (for its topic) and an EventBridge target (for this account) may send and use the key', () => {
    // GIVEN
    const { stack, queue } = build();
    const topic = new sns.Topic(stack, 'Events', { masterKey: queue.encryptionKey, enforceSSL: true });
    const rule = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.cron({ hour: '2', minute: '0' }) });

    // WHEN
    topic.addSubscription(new subscriptions.SqsSubscription(queue));
    rule.addTarget(new targets.SqsQueue(queue));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^OrdersQueue') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: Match.stringLikeRegexp('^Events') } } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  test('metrics of aws-cdk-lib work on the queue', () => {
    const { stack, queue } = build();

    const metric = queue.metricApproximateNumberOfMessagesVisible();

    expect(metric.namespace).toBe('AWS/SQS');
    expect(stack.resolve(metric.dimensions)).toEqual({
      QueueName: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersQueue/), 'QueueName'] },
    });
  });
});
