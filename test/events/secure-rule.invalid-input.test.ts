import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureRule } from '../../src/events/secure-rule';
import { SecureRuleProps } from '../../src/events/secure-rule-props';
import { SecureQueue } from '../../src/queue/secure-queue';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  optOutCases,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Nightly';
const nightly = events.Schedule.cron({ hour: '2', minute: '0' });
const pattern: events.EventPattern = { source: ['shop'] };
const withProps = (props: SecureRuleProps) => () => new SecureRule(newStack().stack, 'Nightly', props);
const scheduled = (props: Partial<SecureRuleProps>) => withProps({ schedule: nightly, ...props });

describe('SecureRule fails when', () => {
  const cases: InvalidInputCase[] = [
    // the trigger
    ['neither schedule nor eventPattern is given', withProps({}), E.INVALID_PROP, 'schedule'],
    [
      'both schedule and eventPattern are given',
      withProps({ schedule: nightly, eventPattern: pattern }),
      E.CONFLICTING_PROPS,
      'eventPattern',
    ],
    [
      'a scheduled rule is given an eventBus',
      () => {
        const { stack } = newStack();
        new SecureRule(stack, 'Nightly', { schedule: nightly, eventBus: new SecureEventBus(stack, 'Bus') });
      },
      E.CONFLICTING_PROPS,
      'eventBus',
    ],

    // ruleName and description
    ['ruleName is empty', scheduled({ ruleName: '' }), E.INVALID_PROP, 'ruleName'],
    ['ruleName has a space', scheduled({ ruleName: 'nightly report' }), E.INVALID_PROP, 'ruleName'],
    ['ruleName has a slash', scheduled({ ruleName: 'reports/nightly' }), E.INVALID_PROP, 'ruleName'],
    ['ruleName is longer than 64 characters', scheduled({ ruleName: 'r'.repeat(65) }), E.INVALID_PROP, 'ruleName'],
    [
      'description is longer than 512 characters',
      scheduled({ description: 'd'.repeat(513) }),
      E.INVALID_PROP,
      'description',
    ],

    // the retry policy
    ...([-1, 186, 2.5, NaN] as const).map((value): InvalidInputCase => [
      `retryAttempts is ${value}`,
      scheduled({ retryAttempts: value }),
      E.INVALID_PROP,
      'retryAttempts',
    ]),
    [
      'maxEventAge is below 60 seconds',
      scheduled({ maxEventAge: Duration.seconds(59) }),
      E.INVALID_PROP,
      'maxEventAge',
    ],
    ['maxEventAge is above 24 hours', scheduled({ maxEventAge: Duration.hours(25) }), E.INVALID_PROP, 'maxEventAge'],
    [
      'maxEventAge is not whole seconds',
      scheduled({ maxEventAge: Duration.millis(61_500) }),
      E.INVALID_PROP,
      'maxEventAge',
    ],

    // the dead-letter opt-out
    [
      'encryptionKey is given with optOuts.deadLetterQueue',
      () => {
        const { stack } = newStack();
        new SecureRule(stack, 'Nightly', {
          schedule: nightly,
          encryptionKey: new kms.Key(stack, 'K', { enableKeyRotation: true }),
          optOuts: { deadLetterQueue: { reason: 'Re-run by hand' } },
        });
      },
      E.CONFLICTING_PROPS,
      'encryptionKey',
    ],
    [
      'optOuts.deadLetterQueue is given, but the only target brings its own dead-letter queue',
      () => {
        const { app, stack } = newStack();
        const rule = new SecureRule(stack, 'Nightly', {
          schedule: nightly,
          optOuts: { deadLetterQueue: { reason: 'Re-run by hand' } },
        });
        rule.addTarget(
          new targets.SqsQueue(new SecureQueue(stack, 'Work'), { deadLetterQueue: new SecureQueue(stack, 'Dlq') }),
        );
        app.synth();
      },
      E.CONFLICTING_PROPS,
      'optOuts.deadLetterQueue',
    ],
    ...optOutCases('optOuts.deadLetterQueue', (optOut) => scheduled({ optOuts: { deadLetterQueue: optOut as any } })),
  ];
  testInvalidInputs(cases, PATH);
});

describe('SecureRule skips the checks of a token, with a warning', () => {
  const cases: TokenCase[] = [
    [
      'ruleName is a token',
      (stack) => new SecureRule(stack, 'Nightly', { schedule: nightly, ruleName: Lazy.string({ produce: () => 'n' }) }),
      'ruleName',
    ],
    [
      'description is a token',
      (stack) =>
        new SecureRule(stack, 'Nightly', { schedule: nightly, description: Lazy.string({ produce: () => 'd' }) }),
      'description',
    ],
    [
      'retryAttempts is a token',
      (stack) =>
        new SecureRule(stack, 'Nightly', { schedule: nightly, retryAttempts: Token.asNumber({ Ref: 'Retries' }) }),
      'retryAttempts',
    ],
    [
      'maxEventAge is a token',
      (stack) =>
        new SecureRule(stack, 'Nightly', {
          schedule: nightly,
          maxEventAge: Duration.seconds(Token.asNumber({ Ref: 'Age' })),
        }),
      'maxEventAge',
    ],
  ];
  testTokenWarnings(cases, (): Stack => newStack().stack, PATH);
});
