// The fulfilment workflow's first step: reads the order and reserves its items; the workflow then marks it RESERVED.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function handler(event: {
  readonly id: string;
}): Promise<{ readonly id: string; readonly units: number }> {
  const order = await client.send(
    new GetItemCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { pk: { S: `ORDER#${event.id}` }, sk: { S: 'ORDER' } },
    }),
  );
  if (!order.Item?.items?.S) {
    // Thrown, not returned: the workflow's retry and catch apply, and the execution shows the failure.
    throw new Error(`order ${event.id} not found`);
  }
  const items = JSON.parse(order.Item.items.S) as Array<{ quantity: number; sku: string }>;
  return { id: event.id, units: items.reduce((sum, item) => sum + item.quantity, 0) };
}
