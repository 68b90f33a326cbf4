import { check, resource, UNRELATED } from './support';
import { LogGroupCustomerManagedKey } from '../../../src/compliance/rules/logs/LogGroupCustomerManagedKey';
import { LogGroupRetention } from '../../../src/compliance/rules/logs/LogGroupRetention';

const logGroup = (properties: Record<string, unknown> = {}) => resource('Logs', 'AWS::Logs::LogGroup', properties);

describe('LogGroupCustomerManagedKey', () => {
  test('compliant: a customer-managed key', () => {
    expect(check(LogGroupCustomerManagedKey, logGroup({ KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }))).toBe(
      'compliant',
    );
  });

  test('non-compliant: no key', () => {
    expect(check(LogGroupCustomerManagedKey, logGroup({ RetentionInDays: 365 }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LogGroupCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});

describe('LogGroupRetention', () => {
  test('compliant: a retention period', () => {
    expect(check(LogGroupRetention, logGroup({ RetentionInDays: 365 }))).toBe('compliant');
  });

  test('non-compliant: kept forever', () => {
    expect(check(LogGroupRetention, logGroup())).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LogGroupRetention, UNRELATED)).toBe('not-applicable');
  });
});
