import { check, resource, UNRELATED } from './support';
import { SqsCustomerManagedKey } from '../../../src/compliance/rules/sqs/SqsCustomerManagedKey';

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
