import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ComplianceGate } from '../../src';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureRule } from '../../src/events/secure-rule';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const arn = (resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:us-east-1:123456789012:${resource}`]],
});
/** The conditions of EventBridge's principal acting for the rule `ruleResource` (`rule/<bus>/<name>`). */
const forRule = (ruleResource: string) => ({
  StringEquals: { 'aws:SourceAccount': '123456789012' },
  ArnLike: { 'aws:SourceArn': arn(ruleResource) },
});
const ruleDeadLetter = (prefix: string) => ({
  Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}DeadLetterQueue`), 'Arn'] },
});
const DEFAULT_RETRY = { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 };

describe('SecureRule', () => {
  test('a nightly schedule invoking a SecureFunction: a dead-letter queue and the default retry policy', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = new SecureFunction(stack, 'Report', { code, handler: 'index.handler' });

    // WHEN
    const rule = new SecureRule(stack, 'Nightly', {
      ruleName: 'nightly-report',
      schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
      targets: [new targets.LambdaFunction(fn)],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'nightly-report',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportFunction'), 'Arn'] },
          Id: 'Target0',
          DeadLetterConfig: ruleDeadLetter('Nightly'),
          RetryPolicy: DEFAULT_RETRY,
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyRule'), 'Arn'] },
    });
    expect(rule.deadLetterQueue).toBeDefined();
    expect(rule.alarms).toHaveLength(1);
  });

  test("the rule's dead-letter queue lets EventBridge send for this rule, and its key lets it use the key", () => {
    // GIVEN
    const { stack } = newStack();
    const fn = new SecureFunction(stack, 'Report', { code, handler: 'index.handler' });

    // WHEN
    new SecureRule(stack, 'Nightly', {
      ruleName: 'nightly-report',
      schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
      targets: [new targets.LambdaFunction(fn)],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyDeadLetterQueue'), 'Arn'] },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyRule'), 'Arn'] } },
            },
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
            Condition: forRule('rule/nightly-report'),
          },
        ]),
      },
    });
  });

  test('a rule on a SecureEventBus with SQS, SNS and Lambda targets: each gets the DLQ and retry policy', () => {
    // GIVEN
    const { stack } = newStack();
    const bus = new SecureEventBus(stack, 'Orders', { eventBusName: 'orders' });
    const queue = new SecureQueue(stack, 'Work');
    const topic = new SecureTopic(stack, 'Fanout');
    const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });

    // WHEN
    new SecureRule(stack, 'Placed', {
      ruleName: 'order-placed',
      eventBus: bus,
      eventPattern: { source: ['shop'], detailType: ['OrderPlaced'] },
      targets: [new targets.SqsQueue(queue), new targets.SnsTopic(topic), new targets.LambdaFunction(fn)],
    });

    // THEN
    const template = Template.fromStack(stack);
    const target = (id: string) => ({ Id: id, DeadLetterConfig: ruleDeadLetter('Placed'), RetryPolicy: DEFAULT_RETRY });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^OrdersBus') },
      EventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced'] },
      Targets: [
        Match.objectLike(target('Target0')),
        Match.objectLike(target('Target1')),
        Match.objectLike(target('Target2')),
      ],
    });
    template.resourceCountIs('AWS::SQS::Queue', 2 + 1 + 1); // Work + its DLQ, the rule's DLQ, the bus's DLQ
  });

  test('an SQS target that is a SecureQueue: its policy and its key name this rule and account', () => {
    // GIVEN
    const { stack } = newStack();
    const bus = new SecureEventBus(stack, 'Orders', { eventBusName: 'orders' });
    const queue = new SecureQueue(stack, 'Work', {
      encryptionKey: new kms.Key(stack, 'WorkKey', { enableKeyRotation: true }),
    });

    // WHEN
    new SecureRule(stack, 'Placed', {
      ruleName: 'order-placed',
      eventBus: bus,
      eventPattern: { source: ['shop'] },
      targets: [new targets.SqsQueue(queue)],
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^WorkQueue') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: forRule('rule/orders/order-placed'),
          }),
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
            Condition: forRule('rule/orders/order-placed'),
          },
        ]),
      },
    });
  });

  test('an SNS target that is a SecureTopic: its policy and its key name this rule and account', () => {
    // GIVEN
    const { stack } = newStack();
    const topic = new SecureTopic(stack, 'Fanout');

    // WHEN
    new SecureRule(stack, 'Placed', {
      ruleName: 'order-placed',
      eventPattern: { source: ['shop'] },
      targets: [new targets.SnsTopic(topic)],
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: forRule('rule/order-placed'),
          }),
        ]),
      },
    });
  });

  test("the user's own deadLetterQueue and retry policy are kept; a SecureQueue DLQ's key lets EventBridge in", () => {
    // GIVEN
    const { stack } = newStack();
    const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
    const mine = new SecureQueue(stack, 'MyDlq', {
      encryptionKey: new kms.Key(stack, 'DlqKey', { enableKeyRotation: true }),
    });

    // WHEN
    const rule = new SecureRule(stack, 'Placed', { ruleName: 'order-placed', eventPattern: { source: ['shop'] } });
    rule.addTarget(new targets.LambdaFunction(fn, { deadLetterQueue: mine, retryAttempts: 3 }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyDlqQueue'), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 3 },
        }),
      ],
    });
    expect(rule.deadLetterQueue).toBeUndefined();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Condition: forRule('rule/order-placed') }),
        ]),
      },
    });
  });

  test('addTarget applies the same defaults, and retryAttempts and maxEventAge set them', () => {
    // GIVEN
    const { stack } = newStack();
    const rule = new SecureRule(stack, 'Placed', {
      eventPattern: { source: ['shop'] },
      retryAttempts: 20,
      maxEventAge: Duration.hours(6),
    });

    // WHEN
    rule.addTarget(new targets.SqsQueue(new SecureQueue(stack, 'Work')));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Name: Match.stringLikeRegexp('^TestStack-Placed-'),
      Targets: [
        Match.objectLike({
          DeadLetterConfig: ruleDeadLetter('Placed'),
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
  });

  test('optOuts.deadLetterQueue: no dead-letter queue, the retry policy stays, the decision is recorded', () => {
    // GIVEN
    const { app, stack } = newStack();
    const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });

    // WHEN
    const rule = new SecureRule(stack, 'Placed', {
      eventPattern: { source: ['shop'] },
      targets: [new targets.LambdaFunction(fn)],
      optOuts: { deadLetterQueue: { reason: 'The shop re-sends unacknowledged orders every minute' } },
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ DeadLetterConfig: Match.absent(), RetryPolicy: DEFAULT_RETRY })],
    });
    expect(rule.deadLetterQueue).toBeUndefined();
    expect(rule.alarms).toEqual([]);
    const acknowledged = ComplianceGate.check(app).acknowledgments.filter(
      (a) => a.constructPath === 'TestStack/Placed',
    );
    expect(acknowledged).toEqual([
      expect.objectContaining({
        ruleIds: expect.arrayContaining([
          'Serverless-EventBusDLQ',
          'SecureServerless-EventBridgeTargetDeadLetterQueue',
        ]),
        optOut: 'optOuts.deadLetterQueue',
        accepted: 2,
      }),
    ]);
  });
});
