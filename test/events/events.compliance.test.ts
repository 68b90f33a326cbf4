import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureRule } from '../../src/events/secure-rule';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { ComplianceCase, complianceTests, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const nightly = events.Schedule.cron({ hour: '2', minute: '0' });

describe('SecureEventBus and SecureRule compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default event bus', ({ stack }) => new SecureEventBus(stack, 'Orders')],
    [
      'a nightly schedule invoking a SecureFunction',
      ({ stack }) =>
        new SecureRule(stack, 'Nightly', {
          schedule: nightly,
          targets: [
            new targets.LambdaFunction(new SecureFunction(stack, 'Report', { code, handler: 'index.handler' })),
          ],
        }),
    ],
    [
      'a rule on a SecureEventBus with SQS, SNS and Lambda targets, and a publisher',
      ({ stack }) => {
        const bus = new SecureEventBus(stack, 'Orders');
        const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
        new SecureRule(stack, 'Placed', {
          eventBus: bus,
          eventPattern: { source: ['shop'] },
          targets: [
            new targets.SqsQueue(new SecureQueue(stack, 'Work')),
            new targets.SnsTopic(new SecureTopic(stack, 'Fanout')),
            new targets.LambdaFunction(fn),
          ],
        });
        bus.grantPutEventsTo(new SecureFunction(stack, 'Publisher', { code, handler: 'index.handler' }));
      },
    ],
    [
      "a target with the user's own SecureQueue as dead-letter queue",
      ({ stack }) => {
        const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
        const rule = new SecureRule(stack, 'Placed', { eventPattern: { source: ['shop'] } });
        rule.addTarget(new targets.LambdaFunction(fn, { deadLetterQueue: new SecureQueue(stack, 'MyDlq') }));
      },
    ],
    [
      'a rule whose targets opted out of the dead-letter queue',
      ({ stack }) =>
        new SecureRule(stack, 'Placed', {
          eventPattern: { source: ['shop'] },
          targets: [new targets.SqsQueue(new SecureQueue(stack, 'Work'))],
          optOuts: { deadLetterQueue: { reason: 'The shop re-sends unacknowledged orders every minute' } },
        }),
    ],
  ];

  complianceTests('SecureEventBus and SecureRule compliance', cases);

  test('the same rule built from plain aws-cdk-lib fails, so the checks above can fail', () => {
    // GIVEN a bus without a customer-managed key, and a rule whose Lambda target has no dead-letter queue
    const fixture = newStack();
    const bus = new events.EventBus(fixture.stack, 'Plain');
    new events.Rule(fixture.stack, 'PlainRule', {
      eventBus: bus,
      eventPattern: { source: ['shop'] },
      targets: [
        new targets.LambdaFunction(new SecureFunction(fixture.stack, 'Handler', { code, handler: 'index.handler' })),
      ],
    });

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'error Serverless-EventBusDLQ at TestStack/PlainRule/Resource',
        'error SecureServerless-EventBridgeTargetDeadLetterQueue at TestStack/PlainRule/Resource',
        'error SecureServerless-EventBusCustomerManagedKey at TestStack/Plain/Resource',
      ]),
    );
  });
  test('escape hatches that cdk-nag cannot see fail our template rules', () => {
    // GIVEN a SecureRule and a SecureEventBus whose templates lose the dead-letter queue and the key by overrides
    const fixture = newStack();
    const bus = new SecureEventBus(fixture.stack, 'Orders');
    const rule = new SecureRule(fixture.stack, 'Placed', {
      eventBus: bus,
      eventPattern: { source: ['shop'] },
      targets: [new targets.SqsQueue(new SecureQueue(fixture.stack, 'Work'))],
    });

    // WHEN
    (rule.rule.node.defaultChild as events.CfnRule).addDeletionOverride('Properties.Targets.0.DeadLetterConfig');
    (bus.eventBus.node.defaultChild as events.CfnEventBus).addDeletionOverride('Properties.KmsKeyIdentifier');

    // THEN
    const findings = nagFindings(fixture.app);
    expect(findings).toEqual(
      expect.arrayContaining([
        'error SecureServerless-EventBridgeTargetDeadLetterQueue at TestStack/Placed/Rule/Resource',
        'error SecureServerless-EventBusCustomerManagedKey at TestStack/Orders/Bus/Resource',
      ]),
    );
    expect(findings.filter((f) => f.includes('Serverless-EventBusDLQ') && !f.includes('SecureServerless'))).toEqual([]);
  });
});
