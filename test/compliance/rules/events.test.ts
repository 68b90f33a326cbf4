import { check, resource, UNRELATED } from './support';
import { EventBridgeTargetDeadLetterQueue } from '../../../src/compliance/rules/events/EventBridgeTargetDeadLetterQueue';
import { EventBusCustomerManagedKey } from '../../../src/compliance/rules/events/EventBusCustomerManagedKey';
import { SqsDeadLetterQueue } from '../../../src/compliance/rules/sqs/SqsDeadLetterQueue';

const rule = (targets: unknown[]) => resource('Rule', 'AWS::Events::Rule', { Targets: targets });
const bus = (properties: Record<string, unknown> = {}) =>
  resource('Bus', 'AWS::Events::EventBus', { Name: 'orders', ...properties });
const dlq = { Arn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } };

describe('EventBridgeTargetDeadLetterQueue', () => {
  test('compliant: every target has a dead-letter queue, or the rule has no targets', () => {
    expect(check(EventBridgeTargetDeadLetterQueue, rule([{ Id: 'a', Arn: 'x', DeadLetterConfig: dlq }]))).toBe(
      'compliant',
    );
    expect(check(EventBridgeTargetDeadLetterQueue, rule([]))).toBe('compliant');
  });

  test('non-compliant: a target without DeadLetterConfig, or with an empty one (an escape hatch removed it)', () => {
    expect(
      check(
        EventBridgeTargetDeadLetterQueue,
        rule([
          { Id: 'a', Arn: 'x', DeadLetterConfig: dlq },
          { Id: 'b', Arn: 'y' },
        ]),
      ),
    ).toBe('non-compliant');
    expect(check(EventBridgeTargetDeadLetterQueue, rule([{ Id: 'a', Arn: 'x', DeadLetterConfig: {} }]))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(EventBridgeTargetDeadLetterQueue, UNRELATED)).toBe('not-applicable');
  });
});

describe('EventBusCustomerManagedKey', () => {
  test('compliant: a customer-managed key', () => {
    expect(check(EventBusCustomerManagedKey, bus({ KmsKeyIdentifier: { 'Fn::GetAtt': ['Key', 'Arn'] } }))).toBe(
      'compliant',
    );
  });

  test('non-compliant: no key (EventBridge-owned), or an AWS-managed alias', () => {
    expect(check(EventBusCustomerManagedKey, bus())).toBe('non-compliant');
    expect(check(EventBusCustomerManagedKey, bus({ KmsKeyIdentifier: 'alias/aws/events' }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(EventBusCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});

describe('SqsDeadLetterQueue counts the dead-letter queues of EventBridge', () => {
  const queue = resource('Dlq', 'AWS::SQS::Queue', {});

  test("compliant: a queue that a rule's target or a bus uses as its dead-letter queue", () => {
    expect(check(SqsDeadLetterQueue, queue, rule([{ Id: 'a', Arn: 'x', DeadLetterConfig: dlq }]))).toBe('compliant');
    expect(check(SqsDeadLetterQueue, queue, bus({ DeadLetterConfig: dlq }))).toBe('compliant');
  });

  test('non-compliant: a rule or bus whose dead-letter queue is another queue', () => {
    const other = { Arn: { 'Fn::GetAtt': ['Other', 'Arn'] } };
    expect(check(SqsDeadLetterQueue, queue, rule([{ Id: 'a', Arn: 'x', DeadLetterConfig: other }]))).toBe(
      'non-compliant',
    );
    expect(check(SqsDeadLetterQueue, queue, bus({ DeadLetterConfig: other }))).toBe('non-compliant');
  });
});
