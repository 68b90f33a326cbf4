import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { EncryptedTable } from '../../src';
import { ComplianceCase, complianceTests, controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('EncryptedTable compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default table', ({ stack }) => new EncryptedTable(stack, 'Orders', { partitionKey })],
    [
      'a table with a global secondary index',
      ({ stack }) =>
        new EncryptedTable(stack, 'Orders', { partitionKey }).addGlobalSecondaryIndex({
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
        }),
    ],
    [
      'a provisioned table with an auto-scaled index',
      ({ stack }) =>
        new EncryptedTable(stack, 'Orders', {
          partitionKey,
          provisionedCapacity: { minReadCapacity: 1, maxReadCapacity: 20, minWriteCapacity: 1, maxWriteCapacity: 10 },
        }).addGlobalSecondaryIndex({
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
        }),
    ],
    [
      'three tables sharing the stack defaults',
      ({ stack }) => ['A', 'B', 'C'].forEach((id) => new EncryptedTable(stack, id, { partitionKey })),
    ],
  ];

  complianceTests('EncryptedTable compliance', cases);

  test('the same table built from plain aws-cdk-lib fails both, so the checks above can fail', () => {
    // GIVEN
    const fixture = newStack();
    new dynamodb.Table(fixture.stack, 'Plain', { partitionKey });

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'warning AwsSolutions-DDB3 at TestStack/Plain/Resource',
        'error HIPAA.Security-DynamoDBInBackupPlan at TestStack/Plain/Resource',
      ]),
    );
    expect(controlTowerFailures(fixture.app)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^dynamodb_table_encrypted_kms_check at Plain/)]),
    );
  });
});
