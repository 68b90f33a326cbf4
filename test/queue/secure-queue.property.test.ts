import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as fc from 'fast-check';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureQueueProps } from '../../src/queue/secure-queue-props';
import { SecureTopic } from '../../src/topic/secure-topic';
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
 * Property: every valid SecureQueue configuration (standard or FIFO, named or not, own key, retention,
 * visibility, redrive count, alarm threshold and topic, the dead-letter opt-out), with producers, a consumer
 * through an event source mapping and a SecureTopic subscription, has zero unacknowledged findings in the six
 * packs and no acknowledgment that matches nothing.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureQueue random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');

const queueSpecArb = fc.record(
  {
    fifo: fc.boolean(),
    named: fc.boolean(),
    contentBasedDeduplication: fc.boolean(),
    ownKey: fc.boolean(),
    ownAlarmTopic: fc.boolean(),
    retentionHours: fc.integer({ min: 1, max: 14 * 24 }),
    deadLetterRetentionHours: fc.integer({ min: 1, max: 14 * 24 }),
    visibilityMinutes: fc.integer({ min: 0, max: 12 * 60 }),
    maxReceiveCount: fc.integer({ min: 1, max: 1000 }),
    ageMinutes: fc.integer({ min: 1, max: 59 }),
    optOutDeadLetterQueue: fc.boolean(),
  },
  { requiredKeys: ['fifo', 'named', 'optOutDeadLetterQueue'] },
);

const caseArb = fc.record({
  queue: queueSpecArb,
  producer: fc.boolean(),
  consumer: fc.boolean(),
  subscribed: fc.boolean(),
});

type QueueSpec = typeof queueSpecArb extends fc.Arbitrary<infer T> ? T : never;

function queueProps(stack: ReturnType<typeof newPropertyStack>['stack'], spec: QueueSpec): SecureQueueProps {
  return defined({
    fifo: spec.fifo,
    queueName: spec.named ? `orders${spec.fifo ? '.fifo' : ''}` : undefined,
    contentBasedDeduplication: spec.fifo ? spec.contentBasedDeduplication : undefined,
    encryptionKey: spec.ownKey ? userKey(stack, 'QueueKey') : undefined,
    alarmTopic: spec.ownAlarmTopic ? userTopic(stack, 'OnCall') : undefined,
    retentionPeriod: spec.retentionHours === undefined ? undefined : Duration.hours(spec.retentionHours),
    visibilityTimeout: spec.visibilityMinutes === undefined ? undefined : Duration.minutes(spec.visibilityMinutes),
    ...(spec.optOutDeadLetterQueue
      ? { optOuts: { deadLetterQueue: { reason: 'Re-sent by the producer every minute' } } }
      : {
          maxReceiveCount: spec.maxReceiveCount,
          deadLetterRetentionPeriod:
            spec.deadLetterRetentionHours === undefined ? undefined : Duration.hours(spec.deadLetterRetentionHours),
        }),
    oldestMessageAgeThreshold: spec.ageMinutes === undefined ? undefined : Duration.minutes(spec.ageMinutes),
  });
}

describe('SecureQueue property', () => {
  afterAll(() => {
    tally.report('SecureQueue', tally.count('runs'), `${tally.count('mappings')} event source mappings`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const queue = new SecureQueue(stack, 'Orders', queueProps(stack, spec.queue));
        if (spec.producer) {
          queue.grantSendMessages(new SecureFunction(stack, 'Producer', { code, handler: 'index.handler' }));
        }
        // A mapping's function must time out within the queue's visibility timeout (Lambda refuses it otherwise).
        // A queue without a dead-letter queue leaves the mapping's destination finding to the user: not generated.
        const visibility = spec.queue.visibilityMinutes ?? 3;
        if (spec.consumer && visibility >= 1 && !spec.queue.optOutDeadLetterQueue) {
          const consumer = new SecureFunction(stack, 'Consumer', {
            code,
            handler: 'index.handler',
            timeout: Duration.seconds(Math.min(visibility * 60, 900)),
          });
          consumer.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));
          tally.add('mappings');
        }
        if (spec.subscribed && !spec.queue.fifo) {
          new SecureTopic(stack, 'Events').addSubscription(new subscriptions.SqsSubscription(queue));
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
