import { check, resource, UNRELATED } from './support';
import { SnsCustomerManagedKey } from '../../../src/compliance/rules/sns/SnsCustomerManagedKey';

const topic = (properties: Record<string, unknown> = {}) => resource('Topic', 'AWS::SNS::Topic', properties);

describe('SnsCustomerManagedKey', () => {
  test('compliant: a customer-managed key, by reference or by alias', () => {
    expect(check(SnsCustomerManagedKey, topic({ KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }))).toBe('compliant');
    expect(check(SnsCustomerManagedKey, topic({ KmsMasterKeyId: 'alias/alarms' }))).toBe('compliant');
  });

  test('non-compliant: no encryption', () => {
    expect(check(SnsCustomerManagedKey, topic())).toBe('non-compliant');
  });

  test('non-compliant: the AWS-managed key, by alias or alias ARN', () => {
    expect(check(SnsCustomerManagedKey, topic({ KmsMasterKeyId: 'alias/aws/sns' }))).toBe('non-compliant');
    expect(
      check(SnsCustomerManagedKey, topic({ KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:alias/aws/sns' })),
    ).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(SnsCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});
