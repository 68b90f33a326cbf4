import { check, resource, UNRELATED } from './support';
import { SnsCustomerManagedKey } from '../../../src/compliance/rules/sns/SnsCustomerManagedKey';
import { SnsTlsOnly } from '../../../src/compliance/rules/sns/SnsTlsOnly';

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

describe('SnsTlsOnly', () => {
  const TLS_DENY = {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'sns:Publish',
    Resource: { Ref: 'Topic' },
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const topicPolicy = (statement: Record<string, unknown>, topics: unknown[] = [{ Ref: 'Topic' }]) =>
    resource('Policy', 'AWS::SNS::TopicPolicy', { Topics: topics, PolicyDocument: { Statement: [statement] } });

  test('compliant: a topic policy denies sns:Publish without TLS to everyone (as enforceSSL writes it)', () => {
    expect(check(SnsTlsOnly, topic({ KmsMasterKeyId: 'alias/k' }), topicPolicy(TLS_DENY))).toBe('compliant');
    expect(check(SnsTlsOnly, topic(), topicPolicy({ ...TLS_DENY, Action: 'sns:*' }))).toBe('compliant');
  });

  test('non-compliant: an encrypted topic without a TLS-only policy (cdk-nag counts it as compliant)', () => {
    expect(check(SnsTlsOnly, topic({ KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }))).toBe('non-compliant');
  });

  test("non-compliant: the policy is another topic's, or its deny was weakened", () => {
    expect(check(SnsTlsOnly, topic(), topicPolicy(TLS_DENY, [{ Ref: 'Other' }]))).toBe('non-compliant');
    expect(check(SnsTlsOnly, topic(), topicPolicy({ ...TLS_DENY, Action: 'sns:Subscribe' }))).toBe('non-compliant');
    expect(check(SnsTlsOnly, topic(), topicPolicy({ ...TLS_DENY, Principal: { Service: 'x' } }))).toBe('non-compliant');
    expect(check(SnsTlsOnly, topic(), topicPolicy({ ...TLS_DENY, Effect: 'Allow' }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(SnsTlsOnly, UNRELATED)).toBe('not-applicable');
  });
});
