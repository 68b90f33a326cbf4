import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { ComplianceGate } from '../../src';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { lintTemplates } from '../support/cfn-lint';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const MESSAGING_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsMessagingKey'), 'Arn'] };
const ALARMS_OF_ACCOUNT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:123456789012:alarm:*']],
};
const TOPICS_OF_ACCOUNT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:us-east-1:123456789012:*']] };

function build(): { stack: Stack; topic: SecureTopic } {
  const { stack } = newStack();
  return { stack, topic: new SecureTopic(stack, 'Events') };
}

function keyStatements(stack: Stack): any[] {
  const keys = Template.fromStack(stack).findResources('AWS::KMS::Key');
  return Object.values(keys).flatMap((k: any) => k.Properties.KeyPolicy.Statement);
}

describe('SecureTopic defaults', () => {
  test('encrypted with the stack messaging key, TLS only, and no service may publish', () => {
    // WHEN
    const { stack, topic } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: MESSAGING_KEY });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^EventsTopic') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    expect(topic.alarms).toEqual([]);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });
});

describe('SecureTopic publishers', () => {
  test('grantPublish: sns:Publish on the topic, kms:GenerateDataKey and kms:Decrypt only through SNS', () => {
    // GIVEN
    const { stack, topic } = build();
    const role = new iam.Role(stack, 'Publisher', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    topic.grantPublish(role);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Publisher') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: Match.stringLikeRegexp('^EventsTopic') } },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: MESSAGING_KEY,
            Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('a SecureFunction granted to publish gets the SNS interface endpoint and no KMS endpoint', () => {
    const { stack, topic } = build();

    topic.grantPublish(new SecureFunction(stack, 'Publisher', { code, handler: 'index.handler' }));

    const services = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint')).map(
      (e: any) => e.Properties.ServiceName,
    );
    expect(services).toContain('com.amazonaws.us-east-1.sns');
    expect(services).not.toContain('com.amazonaws.us-east-1.kms');
  });

  test('an alarm can publish to its topic: topic policy and key policy allow CloudWatch alarms of this account', () => {
    // GIVEN
    const { stack, topic } = build();
    const queue = new SecureQueue(stack, 'Orders');

    // WHEN
    topic.allowCloudWatchAlarms();
    new cloudwatch.Alarm(stack, 'Backlog', {
      metric: queue.metricApproximateNumberOfMessagesVisible(),
      threshold: 100,
      evaluationPeriods: 1,
    }).addAlarmAction(new actions.SnsAction(topic));

    // THEN
    const template = Template.fromStack(stack);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': ALARMS_OF_ACCOUNT },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^EventsTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^EventsTopic') },
            Condition: conditions,
          }),
        ]),
      },
    });
    expect(keyStatements(stack)).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: conditions,
      }),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^EventsTopic') }],
    });
  });

  test('allowServicePublish: the service, for this account and the source ARN, on the topic and the key', () => {
    const { stack, topic } = build();

    topic.allowServicePublish('events.amazonaws.com', 'arn:aws:events:us-east-1:123456789012:rule/nightly');

    const conditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/nightly' },
    };
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: conditions,
          }),
        ]),
      },
    });
    expect(keyStatements(stack)).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Condition: conditions }),
    );
  });
});

describe('SecureTopic with aws-cdk-lib grants and targets', () => {
  test("aws-cdk-lib's topic.grants.publish() is narrowed: no kms:GenerateDataKey*, only through SNS", () => {
    const { stack, topic } = build();
    const role = new iam.Role(stack, 'Publisher', { assumedBy: new iam.AccountRootPrincipal() });

    topic.grants.publish(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Publisher') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: MESSAGING_KEY,
            Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
          },
        ]),
      },
    });
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).not.toContain(
      'GenerateDataKey*',
    );
  });

  test('an EventBridge target may publish and use the key, for this account', () => {
    const { stack, topic } = build();
    const rule = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.cron({ hour: '2', minute: '0' }) });

    rule.addTarget(new targets.SnsTopic(topic));

    const forAccount = { StringEquals: { 'aws:SourceAccount': '123456789012' } };
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: forAccount,
          }),
        ]),
      },
    });
    expect(keyStatements(stack)).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: forAccount,
      }),
    );
  });
});

describe('SecureTopic subscriptions', () => {
  test('a Lambda subscription without a dead-letter queue gets one, encrypted, that SNS may send to', () => {
    // GIVEN
    const { stack, topic } = build();
    const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });

    // WHEN
    topic.addSubscription(new subscriptions.LambdaSubscription(worker));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: Match.stringLikeRegexp('^EventsTopic') } } },
          }),
        ]),
      },
    });
    expect(keyStatements(stack)).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': TOPICS_OF_ACCOUNT },
        },
      }),
    );
    // The dead-letter queue is encrypted with the topic's key and alarms on its first message.
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: MESSAGING_KEY, RedrivePolicy: Match.absent() });
    expect(topic.alarms).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^TestStack/Events: SNS could not deliver'),
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(dlq, 0) >= 1, 1, 0)' })]),
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('a subscription that brings its own dead-letter queue keeps it', () => {
    const { stack, topic } = build();
    const mine = new SecureQueue(stack, 'MyDeadLetters');
    const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });

    topic.addSubscription(new subscriptions.LambdaSubscription(worker, { deadLetterQueue: mine }));

    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyDeadLettersQueue'), 'Arn'] } },
    });
    expect(topic.alarms).toEqual([]);
  });

  test('an SQS subscription into a SecureQueue on the same key deploys: no key-topic cycle, SNS scoped', () => {
    // GIVEN the flag `cdk init` sets, under which aws-cdk-lib names the topic in the queue key's policy
    const app = new App({ context: { '@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption': true } });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const topic = new SecureTopic(stack, 'Events');
    const queue = new SecureQueue(stack, 'Orders');

    // WHEN
    topic.addSubscription(new subscriptions.SqsSubscription(queue));

    // THEN
    const snsKeyStatements = keyStatements(stack).filter((s) => s.Principal?.Service === 'sns.amazonaws.com');
    expect(snsKeyStatements.map((s) => s.Condition)).toEqual(
      snsKeyStatements.map(() => ({
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': TOPICS_OF_ACCOUNT },
      })),
    );
    expect(snsKeyStatements.length).toBeGreaterThan(0);
    expect(lintTemplates(app.synth().stacks.map((s) => s.templateFullPath))).toEqual([]);
  });
});
