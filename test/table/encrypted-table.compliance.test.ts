import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { EncryptedTable } from '../../src';
import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('EncryptedTable compliance', () => {
  const corpus = new TemplateCorpus('EncryptedTable compliance');

  const cases: Array<[string, (table: ReturnType<typeof newStack>) => void]> = [
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

  test.each(cases)('%s has no unacknowledged finding in the five cdk-nag packs', (_name, build) => {
    // GIVEN
    const fixture = newStack();
    build(fixture);

    // THEN
    expect(nagFindings(fixture.app)).toEqual([]);
    corpus.add(fixture.app);
  });

  test.each(cases)('%s passes the AWS Control Tower proactive controls (cfn-guard)', (_name, build) => {
    // GIVEN
    const fixture = newStack();
    build(fixture);

    // THEN
    expect(controlTowerFailures(fixture.app)).toEqual([]);
  });

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

  test('cfn-lint finds no error in the templates above (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
});
