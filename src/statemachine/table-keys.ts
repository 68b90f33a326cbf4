import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import * as tablePerms from '../table/perms';

/**
 * The key statements that a task's DynamoDB statement needs and aws-cdk-lib does not add: `DynamoGetItem`,
 * `DynamoPutItem`, `DynamoUpdateItem` and `DynamoDeleteItem` (and `CallAwsService` on a table) grant the item
 * action on the table only, and DynamoDB refuses the item call of a principal that may not use the table's
 * customer-managed key. For each table of the app that the statement names and that has a key, one statement:
 * the key actions of reading or writing (EncryptedTable's own lists), through DynamoDB only.
 *
 * A table is recognised by the ARN the tasks build (`Stack.formatArn` of the table's name) or by its `tableArn`.
 * @internal
 */
export function tableKeyStatements(scope: Construct, statement: iam.PolicyStatement): iam.PolicyStatement[] {
  const tableActions = statement.actions.filter((action) => action.startsWith('dynamodb:'));
  if (tableActions.length === 0 || statement.effect !== iam.Effect.ALLOW) {
    return [];
  }
  const stack = Stack.of(scope);
  const resolved = new Set(statement.resources.map((resource) => JSON.stringify(stack.resolve(resource))));
  const keys = new Map<string, kms.IKey>();
  for (const table of encryptedTables(scope)) {
    const arns = [
      table.tableArn,
      stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: table.tableName }),
    ];
    if (arns.some((arn) => resolved.has(JSON.stringify(stack.resolve(arn))))) {
      keys.set(table.encryptionKey.node.path, table.encryptionKey);
    }
  }
  return [...keys.values()].map(
    (key) =>
      new iam.PolicyStatement({
        actions: tablePerms.keyActionsFor(tableActions),
        resources: [key.keyArn],
        conditions: tablePerms.viaDynamoDb(stack.region),
      }),
  );
}

type KeyedTable = (dynamodb.Table | dynamodb.TableV2) & { readonly encryptionKey: kms.IKey };

/** The tables of the app that have a customer-managed key. */
function encryptedTables(scope: Construct): KeyedTable[] {
  return scope.node.root.node
    .findAll()
    .filter(
      (c): c is KeyedTable =>
        (c instanceof dynamodb.Table || c instanceof dynamodb.TableV2) && c.encryptionKey !== undefined,
    );
}
