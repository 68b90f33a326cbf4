import { check, resource, UNRELATED } from './support';
import { SqsCustomerManagedKey } from '../../../src/compliance/rules/sqs/SqsCustomerManagedKey';
import { SqsDeadLetterQueue } from '../../../src/compliance/rules/sqs/SqsDeadLetterQueue';
import { SqsTlsOnly } from '../../../src/compliance/rules/sqs/SqsTlsOnly';

const queue = (properties: Record<string, unknown> = {}) => resource('Queue', 'AWS::SQS::Queue', properties);

describe('SqsCustomerManagedKey', () => {
  test('compliant: a customer-managed key', () => {
    expect(check(SqsCustomerManagedKey, queue({ KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }))).toBe('compliant');
  });

  test('non-compliant: no encryption, or SQS-managed encryption', () => {
    expect(check(SqsCustomerManagedKey, queue())).toBe('non-compliant');
    expect(check(SqsCustomerManagedKey, queue({ SqsManagedSseEnabled: true }))).toBe('non-compliant');
  });

  test('non-compliant: the AWS-managed key alias/aws/sqs', () => {
    expect(check(SqsCustomerManagedKey, queue({ KmsMasterKeyId: 'alias/aws/sqs' }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(SqsCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});

/** A queue policy for `queues` with `statement`. */
const queuePolicy = (statement: Record<string, unknown>, queues: unknown[] = [{ Ref: 'Queue' }]) =>
  resource('Policy', 'AWS::SQS::QueuePolicy', { Queues: queues, PolicyDocument: { Statement: [statement] } });
const TLS_DENY = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'sqs:*',
  Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('SqsTlsOnly', () => {
  test('compliant: a queue policy denies sqs:* without TLS to everyone (as enforceSSL writes it)', () => {
    expect(check(SqsTlsOnly, queue(), queuePolicy(TLS_DENY))).toBe('compliant');
    expect(check(SqsTlsOnly, queue(), queuePolicy({ ...TLS_DENY, Action: '*', Principal: '*' }))).toBe('compliant');
    expect(
      check(SqsTlsOnly, queue(), queuePolicy({ ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': false } } })),
    ).toBe('compliant');
  });

  test('non-compliant: no queue policy, or one for another queue', () => {
    expect(check(SqsTlsOnly, queue())).toBe('non-compliant');
    expect(check(SqsTlsOnly, queue(), queuePolicy(TLS_DENY, [{ Ref: 'Other' }]))).toBe('non-compliant');
  });

  test('non-compliant: the deny was weakened (Allow, one principal, one action, another condition)', () => {
    const weakened = [
      { ...TLS_DENY, Effect: 'Allow' },
      { ...TLS_DENY, Principal: { AWS: 'arn:aws:iam::123456789012:root' } },
      { ...TLS_DENY, Action: 'sqs:ReceiveMessage' },
      { ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpc': 'v' } } },
      { ...TLS_DENY, Condition: undefined },
    ];
    for (const statement of weakened) {
      expect(check(SqsTlsOnly, queue(), queuePolicy(statement))).toBe('non-compliant');
    }
  });

  test('not applicable to other resources', () => {
    expect(check(SqsTlsOnly, UNRELATED)).toBe('not-applicable');
  });
});

describe('SqsDeadLetterQueue', () => {
  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

  test('compliant: a redrive policy with a dead-letter target', () => {
    expect(
      check(SqsDeadLetterQueue, queue({ RedrivePolicy: { deadLetterTargetArn: arnOf('Dlq'), maxReceiveCount: 3 } })),
    ).toBe('compliant');
  });

  test("compliant: the queue is another queue's, a subscription's or a function's dead-letter queue", () => {
    const dlq = resource('Dlq', 'AWS::SQS::Queue');
    const source = resource('Source', 'AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: arnOf('Dlq') } });
    const fn = resource('Fn', 'AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: arnOf('Dlq') } });
    const sub = resource('Sub', 'AWS::SNS::Subscription', { RedrivePolicy: { deadLetterTargetArn: arnOf('Dlq') } });
    expect(check(SqsDeadLetterQueue, dlq, source)).toBe('compliant');
    expect(check(SqsDeadLetterQueue, dlq, fn)).toBe('compliant');
    expect(check(SqsDeadLetterQueue, dlq, sub)).toBe('compliant');
  });

  test('non-compliant: no redrive policy and no queue redrives to it', () => {
    expect(check(SqsDeadLetterQueue, queue())).toBe('non-compliant');
    expect(check(SqsDeadLetterQueue, queue({ RedrivePolicy: { maxReceiveCount: 3 } }))).toBe('non-compliant');
    const other = resource('Source', 'AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: arnOf('Elsewhere') } });
    expect(check(SqsDeadLetterQueue, queue(), other)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(SqsDeadLetterQueue, UNRELATED)).toBe('not-applicable');
  });
});
