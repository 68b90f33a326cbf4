import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as fc from 'fast-check';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { SecureTopicProps } from '../../src/topic/secure-topic-props';
import {
  defined,
  expectNoUnacknowledgedFindings,
  lintSampleEvery,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
  userKey,
  userTopic,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureTopic configuration (named or not, display name, own key, own alarm topic) with any
 * mix of what a topic is used for (a Lambda subscription, an SQS subscription, a publishing function, CloudWatch
 * alarms and an EventBridge-style service publishing) has zero unacknowledged findings in the six packs and no
 * acknowledgment that matches nothing.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureTopic random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

const topicSpecArb = fc.record(
  {
    named: fc.boolean(),
    displayName: fc.constantFrom('Order events', 'Alarms of the shop', 'x'.repeat(100)),
    ownKey: fc.boolean(),
    ownAlarmTopic: fc.boolean(),
  },
  { requiredKeys: ['named', 'ownKey'] },
);

/** True a quarter of the time: a function brings the isolated network, the costliest part of a configuration. */
const sometimes = fc.constantFrom(false, false, false, true);

const caseArb = fc.record({
  topic: topicSpecArb,
  lambdaSubscription: sometimes,
  queueSubscription: fc.boolean(),
  publisher: sometimes,
  alarms: fc.boolean(),
  servicePublisher: fc.boolean(),
});

type TopicSpec = typeof topicSpecArb extends fc.Arbitrary<infer T> ? T : never;

function topicProps(stack: ReturnType<typeof newPropertyStack>['stack'], spec: TopicSpec): SecureTopicProps {
  return defined({
    topicName: spec.named ? 'order-events' : undefined,
    displayName: spec.displayName,
    encryptionKey: spec.ownKey ? userKey(stack, 'TopicKey') : undefined,
    alarmTopic: spec.ownAlarmTopic ? userTopic(stack, 'OnCall') : undefined,
  });
}

describe('SecureTopic property', () => {
  afterAll(() => {
    tally.report('SecureTopic', tally.count('runs'), `${tally.count('subscriptions')} subscriptions`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const topic = new SecureTopic(stack, 'Events', topicProps(stack, spec.topic));
        if (spec.lambdaSubscription) {
          topic.addSubscription(
            new subscriptions.LambdaSubscription(
              new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' }),
            ),
          );
          tally.add('subscriptions');
        }
        if (spec.queueSubscription) {
          topic.addSubscription(new subscriptions.SqsSubscription(new SecureQueue(stack, 'Orders')));
          tally.add('subscriptions');
        }
        if (spec.publisher) {
          topic.grantPublish(new SecureFunction(stack, 'Publisher', { code, handler: 'index.handler' }));
        }
        if (spec.alarms) {
          topic.allowCloudWatchAlarms();
          new cloudwatch.Alarm(stack, 'Errors', {
            metric: topic.metricNumberOfNotificationsFailed(),
            threshold: 1,
            evaluationPeriods: 1,
          }).addAlarmAction(new actions.SnsAction(topic));
        }
        if (spec.servicePublisher) {
          topic.allowServicePublish(
            'events.amazonaws.com',
            stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'nightly-*' }),
          );
        }
        expectNoUnacknowledgedFindings(app, spec);
        corpus.sample(app);
        tally.add('runs');
      }),
      propertyParameters(),
    );
  });

  test('cfn-lint finds no error in a sample of the configurations above', () => {
    corpus.expectValid();
  });
});
