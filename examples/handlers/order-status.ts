// GET /orders/{id}/status on the mobile HTTP API: the status of one order of the signed-in customer.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ApiEvent, ApiResult, customerOf, json } from './http';

const client = new DynamoDBClient({});

export async function handler(event: ApiEvent): Promise<ApiResult> {
  // HTTP APIs do not validate requests: the handler checks the path parameter itself.
  const id = event.pathParameters?.id;
  if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) {
    return json(400, { message: 'invalid order id' });
  }
  const result = await client.send(
    new GetItemCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' } },
      ProjectionExpression: 'customerId, #status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  if (!result.Item || result.Item.customerId?.S !== customerOf(event)) {
    return json(404, { message: 'not found' });
  }
  return json(200, { id, status: result.Item.status?.S });
}
