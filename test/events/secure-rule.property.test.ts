import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as fc from 'fast-check';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureRule } from '../../src/events/secure-rule';
import { SecureRuleProps } from '../../src/events/secure-rule-props';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import {
  defined,
  expectNoUnacknowledgedFindings,
  maybe,
  lintSampleEvery,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
  userKey,
  userTopic,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureRule configuration (scheduled, or matching events of the default bus or of a
 * SecureEventBus; named or not; retry policy; own dead-letter key and alarm topic; the dead-letter opt-out), with
 * one target (SQS, SNS or Lambda, given its own dead-letter queue or not, added in the props or with addTarget),
 * has zero unacknowledged findings in the six packs and no acknowledgment that matches nothing. One target per
 * configuration keeps it cheap: a Lambda target brings the isolated network, so it is the rarest.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureRule random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

const caseArb = fc.record({
  trigger: fc.constantFrom('schedule', 'defaultBus', 'secureBus'),
  named: fc.boolean(),
  retryAttempts: maybe(fc.integer({ min: 0, max: 185 })),
  maxEventAgeSeconds: maybe(fc.integer({ min: 60, max: 24 * 3600 })),
  ownKey: fc.boolean(),
  ownAlarmTopic: fc.boolean(),
  optOutDeadLetterQueue: fc.boolean(),
  target: fc.constantFrom('sqs', 'sqs', 'sns', 'sns', 'lambda'),
  targetDeadLetterQueue: fc.boolean(),
  viaAddTarget: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

describe('SecureRule property', () => {
  afterAll(() => {
    tally.report('SecureRule', tally.count('runs'), `${tally.count('lambda')} with a Lambda target`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec: Case) => {
        const { app, stack } = newPropertyStack();
        const target = (): events.IRuleTarget => {
          // An opt-out with a target that brings its own dead-letter queue is refused (it would be unused).
          const own = spec.targetDeadLetterQueue && !spec.optOutDeadLetterQueue;
          const deadLetterQueue = own ? new SecureQueue(stack, 'TargetDlq') : undefined;
          switch (spec.target) {
            case 'sqs':
              return new targets.SqsQueue(new SecureQueue(stack, 'Work'), { deadLetterQueue });
            case 'sns':
              return new targets.SnsTopic(new SecureTopic(stack, 'Fanout'), { deadLetterQueue });
            default:
              tally.add('lambda');
              return new targets.LambdaFunction(
                new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' }),
                {
                  deadLetterQueue,
                },
              );
          }
        };
        const props: SecureRuleProps = defined({
          ruleName: spec.named ? 'order-placed' : undefined,
          schedule: spec.trigger === 'schedule' ? events.Schedule.cron({ hour: '2', minute: '0' }) : undefined,
          eventPattern: spec.trigger === 'schedule' ? undefined : { source: ['shop'] },
          eventBus: spec.trigger === 'secureBus' ? new SecureEventBus(stack, 'Orders') : undefined,
          retryAttempts: spec.retryAttempts,
          maxEventAge: spec.maxEventAgeSeconds === undefined ? undefined : Duration.seconds(spec.maxEventAgeSeconds),
          encryptionKey: spec.ownKey && !spec.optOutDeadLetterQueue ? userKey(stack, 'DlqKey') : undefined,
          alarmTopic: spec.ownAlarmTopic ? userTopic(stack, 'OnCall') : undefined,
          optOuts: spec.optOutDeadLetterQueue
            ? { deadLetterQueue: { reason: 'The shop re-sends unacknowledged orders every minute' } }
            : undefined,
        });
        if (spec.viaAddTarget) {
          new SecureRule(stack, 'Rule', props).addTarget(target());
        } else {
          new SecureRule(stack, 'Rule', { ...props, targets: [target()] });
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
