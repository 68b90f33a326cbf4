import { check, resource, UNRELATED } from './support';
import { DynamoDBCustomerManagedKey } from '../../../src/compliance/rules/dynamodb/DynamoDBCustomerManagedKey';
import { DynamoDBDeletionProtection } from '../../../src/compliance/rules/dynamodb/DynamoDBDeletionProtection';
import { DynamoDBPointInTimeRecovery } from '../../../src/compliance/rules/dynamodb/DynamoDBPointInTimeRecovery';

const KEY_ARN = { 'Fn::GetAtt': ['Key', 'Arn'] };
const table = (properties: Record<string, unknown> = {}) =>
  resource('Table', 'AWS::DynamoDB::Table', {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    ...properties,
  });
const globalTable = (properties: Record<string, unknown>) =>
  resource('GlobalTable', 'AWS::DynamoDB::GlobalTable', {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    ...properties,
  });

describe('DynamoDBCustomerManagedKey', () => {
  test('compliant: KMS with a customer-managed key', () => {
    const subject = table({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN } });
    expect(check(DynamoDBCustomerManagedKey, subject)).toBe('compliant');
  });

  test('compliant: a global table with a key for every replica', () => {
    const subject = globalTable({
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [{ Region: 'eu-west-1', SSESpecification: { KMSMasterKeyId: KEY_ARN } }],
    });
    expect(check(DynamoDBCustomerManagedKey, subject)).toBe('compliant');
  });

  test('non-compliant: the AWS-owned key (default) or the AWS-managed key (KMS without a key id)', () => {
    expect(check(DynamoDBCustomerManagedKey, table())).toBe('non-compliant');
    expect(check(DynamoDBCustomerManagedKey, table({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } }))).toBe(
      'non-compliant',
    );
    expect(check(DynamoDBCustomerManagedKey, table({ SSESpecification: { SSEEnabled: false } }))).toBe('non-compliant');
  });

  test('non-compliant: the AWS-managed key named by its alias', () => {
    const byAlias = (key: unknown) =>
      table({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key } });
    expect(check(DynamoDBCustomerManagedKey, byAlias('alias/aws/dynamodb'))).toBe('non-compliant');
    expect(check(DynamoDBCustomerManagedKey, byAlias('arn:aws:kms:eu-west-1:111122223333:alias/aws/dynamodb'))).toBe(
      'non-compliant',
    );
    expect(check(DynamoDBCustomerManagedKey, byAlias('alias/orders'))).toBe('compliant');
  });

  test('non-compliant: a global table replica on alias/aws/dynamodb', () => {
    const subject = globalTable({
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [{ Region: 'eu-west-1', SSESpecification: { KMSMasterKeyId: 'alias/aws/dynamodb' } }],
    });
    expect(check(DynamoDBCustomerManagedKey, subject)).toBe('non-compliant');
  });

  test('non-compliant: a global table with a replica on the AWS-managed key', () => {
    const subject = globalTable({
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [{ Region: 'eu-west-1', SSESpecification: { KMSMasterKeyId: KEY_ARN } }, { Region: 'us-east-1' }],
    });
    expect(check(DynamoDBCustomerManagedKey, subject)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(DynamoDBCustomerManagedKey, UNRELATED)).toBe('not-applicable');
  });
});

describe('DynamoDBDeletionProtection', () => {
  test('compliant: deletion protection on', () => {
    expect(check(DynamoDBDeletionProtection, table({ DeletionProtectionEnabled: true }))).toBe('compliant');
    const subject = globalTable({ Replicas: [{ Region: 'eu-west-1', DeletionProtectionEnabled: true }] });
    expect(check(DynamoDBDeletionProtection, subject)).toBe('compliant');
  });

  test('non-compliant: off, unset, or off on one replica', () => {
    expect(check(DynamoDBDeletionProtection, table())).toBe('non-compliant');
    expect(check(DynamoDBDeletionProtection, table({ DeletionProtectionEnabled: false }))).toBe('non-compliant');
    const subject = globalTable({
      Replicas: [
        { Region: 'eu-west-1', DeletionProtectionEnabled: true },
        { Region: 'us-east-1', DeletionProtectionEnabled: false },
      ],
    });
    expect(check(DynamoDBDeletionProtection, subject)).toBe('non-compliant');
  });

  test('non-compliant: a value that depends on a parameter cannot be proven', () => {
    const subject = table({ DeletionProtectionEnabled: { 'Fn::If': ['IsProd', true, false] } });
    expect(check(DynamoDBDeletionProtection, subject)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(DynamoDBDeletionProtection, UNRELATED)).toBe('not-applicable');
  });
});

describe('DynamoDBPointInTimeRecovery', () => {
  const pitr = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } };

  test('compliant: point-in-time recovery on, on the table or on every replica', () => {
    expect(check(DynamoDBPointInTimeRecovery, table(pitr))).toBe('compliant');
    const subject = globalTable({
      Replicas: [
        { Region: 'eu-west-1', ...pitr },
        { Region: 'us-east-1', ...pitr },
      ],
    });
    expect(check(DynamoDBPointInTimeRecovery, subject)).toBe('compliant');
  });

  test('non-compliant: off, unset, or off on one replica', () => {
    expect(check(DynamoDBPointInTimeRecovery, table())).toBe('non-compliant');
    const off = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } };
    expect(check(DynamoDBPointInTimeRecovery, table(off))).toBe('non-compliant');
    const subject = globalTable({ Replicas: [{ Region: 'eu-west-1', ...pitr }, { Region: 'us-east-1' }] });
    expect(check(DynamoDBPointInTimeRecovery, subject)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(DynamoDBPointInTimeRecovery, UNRELATED)).toBe('not-applicable');
  });
});
