import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { ComplianceCase, complianceTests, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

describe('SecureTopic compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default topic', ({ stack }) => new SecureTopic(stack, 'Events')],
    [
      'a topic with a Lambda and an SQS subscription, each given a dead-letter queue, and a publisher',
      ({ stack }) => {
        const topic = new SecureTopic(stack, 'Events');
        const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });
        topic.addSubscription(new subscriptions.LambdaSubscription(worker));
        topic.addSubscription(new subscriptions.SqsSubscription(new SecureQueue(stack, 'Orders')));
        topic.grantPublish(new SecureFunction(stack, 'Publisher', { code, handler: 'index.handler' }));
      },
    ],
    [
      'a topic that CloudWatch alarms publish to',
      ({ stack }) => {
        const topic = new SecureTopic(stack, 'OnCall');
        topic.allowCloudWatchAlarms();
        const queue = new SecureQueue(stack, 'Orders', { alarmTopic: topic });
        new cloudwatch.Alarm(stack, 'Backlog', {
          metric: queue.metricApproximateNumberOfMessagesVisible(),
          threshold: 100,
          evaluationPeriods: 1,
        }).addAlarmAction(new actions.SnsAction(topic));
      },
    ],
  ];

  complianceTests('SecureTopic compliance', cases);

  test('the same topic built from plain aws-cdk-lib fails, so the checks above can fail', () => {
    // GIVEN an encrypted topic without a TLS-only policy, whose subscription has no dead-letter queue
    const fixture = newStack();
    const plain = new sns.Topic(fixture.stack, 'Plain', {
      masterKey: new SecureTopic(fixture.stack, 'K').encryptionKey,
    });
    plain.addSubscription(new subscriptions.SqsSubscription(new SecureQueue(fixture.stack, 'Orders')));

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'error SecureServerless-SnsTlsOnly at TestStack/Plain/Resource',
        expect.stringMatching(/^error Serverless-SNSRedrivePolicy at TestStack\/Orders\//),
      ]),
    );
  });
});
