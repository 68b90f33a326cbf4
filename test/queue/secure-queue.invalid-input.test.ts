import { CfnParameter, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureQueueProps } from '../../src/queue/secure-queue-props';
import { newStack } from '../support/compliance';
import {
  expectTokenWarning,
  InvalidInputCase,
  optOutCases,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Orders';

function stack(): Stack {
  return newStack().stack;
}

function queue(props: SecureQueueProps = {}, scope: Stack = stack()): SecureQueue {
  return new SecureQueue(scope, 'Orders', props);
}

const withProps = (props: SecureQueueProps) => () => queue(props);
const noDlq = { deadLetterQueue: { reason: 'Replayed from the ledger' } };

/** Cases for a duration prop in whole seconds within `[min, max]`. */
function durationCases(
  prop: 'visibilityTimeout' | 'retentionPeriod' | 'deadLetterRetentionPeriod',
  below: Duration | undefined,
  above: Duration,
): InvalidInputCase[] {
  return [
    ...(below
      ? [[`${prop} is below the minimum`, withProps({ [prop]: below }), E.INVALID_PROP, prop] as InvalidInputCase]
      : []),
    [`${prop} is above the maximum`, withProps({ [prop]: above }), E.INVALID_PROP, prop],
    [`${prop} is not whole seconds`, withProps({ [prop]: Duration.millis(61_500) }), E.INVALID_PROP, prop],
  ];
}

function grantCase(name: string, ...actions: string[]): InvalidInputCase {
  return [
    name,
    () => {
      const scope = stack();
      queue({}, scope).grant(new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }), ...actions);
    },
    actions.some((a) => a.includes('*')) ? E.WEAKENING_WITHOUT_OPT_OUT : E.INVALID_PROP,
    'grant.actions',
  ];
}

describe('SecureQueue fails when', () => {
  const cases: InvalidInputCase[] = [
    // queueName
    ['queueName is empty', withProps({ queueName: '' }), E.INVALID_PROP, 'queueName'],
    ['queueName is whitespace', withProps({ queueName: '  ' }), E.INVALID_PROP, 'queueName'],
    ['queueName has a space', withProps({ queueName: 'my orders' }), E.INVALID_PROP, 'queueName'],
    ['queueName has a dot', withProps({ queueName: 'orders.prod' }), E.INVALID_PROP, 'queueName'],
    ['queueName is longer than 80 characters', withProps({ queueName: 'q'.repeat(81) }), E.INVALID_PROP, 'queueName'],
    [
      "queueName leaves no room for the dead-letter queue's suffix",
      withProps({ queueName: 'q'.repeat(77) }),
      E.INVALID_PROP,
      'queueName',
    ],
    ['a FIFO queue name lacks .fifo', withProps({ fifo: true, queueName: 'orders' }), E.CONFLICTING_PROPS, 'queueName'],
    [
      'a standard queue name ends in .fifo',
      withProps({ fifo: false, queueName: 'orders.fifo' }),
      E.CONFLICTING_PROPS,
      'queueName',
    ],
    [
      'contentBasedDeduplication on a standard queue',
      withProps({ contentBasedDeduplication: true }),
      E.CONFLICTING_PROPS,
      'contentBasedDeduplication',
    ],

    // durations
    ...durationCases('visibilityTimeout', undefined, Duration.hours(13)),
    ...durationCases('retentionPeriod', Duration.seconds(59), Duration.days(15)),
    ...durationCases('deadLetterRetentionPeriod', Duration.seconds(30), Duration.days(14).plus(Duration.seconds(1))),

    // maxReceiveCount
    ...([0, -1, 1001, 2.5, NaN] as const).map((value): InvalidInputCase => [
      `maxReceiveCount is ${value}`,
      withProps({ maxReceiveCount: value }),
      E.INVALID_PROP,
      'maxReceiveCount',
    ]),

    // oldestMessageAgeThreshold
    [
      'oldestMessageAgeThreshold is below a minute',
      withProps({ oldestMessageAgeThreshold: Duration.seconds(30) }),
      E.INVALID_PROP,
      'oldestMessageAgeThreshold',
    ],
    [
      'oldestMessageAgeThreshold is not below the retention period',
      withProps({ retentionPeriod: Duration.hours(1), oldestMessageAgeThreshold: Duration.hours(1) }),
      E.INVALID_PROP,
      'oldestMessageAgeThreshold',
    ],
    [
      'oldestMessageAgeThreshold is a token',
      withProps({ oldestMessageAgeThreshold: Duration.seconds(Token.asNumber({ Ref: 'Age' })) }),
      E.UNRESOLVED_TOKEN,
      'oldestMessageAgeThreshold',
    ],

    // the dead-letter opt-out against the props it makes meaningless
    [
      'maxReceiveCount is given with optOuts.deadLetterQueue',
      withProps({ maxReceiveCount: 5, optOuts: noDlq }),
      E.CONFLICTING_PROPS,
      'maxReceiveCount',
    ],
    [
      'deadLetterRetentionPeriod is given with optOuts.deadLetterQueue',
      withProps({ deadLetterRetentionPeriod: Duration.days(7), optOuts: noDlq }),
      E.CONFLICTING_PROPS,
      'deadLetterRetentionPeriod',
    ],
    ...optOutCases('optOuts.deadLetterQueue', (optOut) => withProps({ optOuts: { deadLetterQueue: optOut as any } })),

    // grant
    grantCase('grant names no action'),
    grantCase('grant names a wildcard action', 'sqs:*'),
    grantCase('grant names a wildcard prefix', 'sqs:Send*'),
    grantCase('grant names an action of another service', 'sns:Publish'),
    grantCase('grant names an empty action', ''),
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureQueue with tokens', () => {
  const cases: TokenCase[] = [
    ['queueName from a parameter', (s) => queue({ queueName: new CfnParameter(s, 'P').valueAsString }, s), 'queueName'],
    [
      'retentionPeriod from a Number parameter',
      (s) =>
        queue({ retentionPeriod: Duration.seconds(new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber) }, s),
      'retentionPeriod',
    ],
    [
      'maxReceiveCount from Lazy.number',
      (s) => queue({ maxReceiveCount: Lazy.number({ produce: () => 4 }) }, s),
      'maxReceiveCount',
    ],
  ];

  testTokenWarnings(cases, stack, PATH);

  test('a token retention is passed to CloudFormation, with a warning', () => {
    const scope = stack();
    queue({ visibilityTimeout: Duration.seconds(Token.asNumber({ Ref: 'Visibility' })) }, scope);

    Template.fromStack(scope).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: { Ref: 'Visibility' } });
    expectTokenWarning(scope, PATH, 'visibilityTimeout');
  });
});
