// POST /orders: stores a new order of the signed-in customer, starts its fulfilment workflow and announces it on
// the order event bus.
import { randomUUID } from 'crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ApiEvent, ApiResult, customerOf, json } from './http';

const dynamodb = new DynamoDBClient({});
const events = new EventBridgeClient({});
const workflows = new SFNClient({});

export async function handler(event: ApiEvent): Promise<ApiResult> {
  // API Gateway validated the body against the NewOrder model; the customer comes from the token, not the body.
  const { items } = JSON.parse(event.body ?? '{}') as { items: Array<{ quantity: number; sku: string }> };
  const customerId = customerOf(event);
  const customer = await dynamodb.send(
    new GetItemCommand({ TableName: process.env.CUSTOMERS_TABLE, Key: { customerId: { S: customerId } } }),
  );
  if (!customer.Item) {
    return json(422, { message: 'unknown customer' });
  }
  const id = randomUUID();
  await dynamodb.send(
    new PutItemCommand({
      TableName: process.env.ORDERS_TABLE,
      Item: {
        pk: { S: `ORDER#${id}` },
        sk: { S: 'ORDER' },
        customerId: { S: customerId },
        items: { S: JSON.stringify(items) },
        status: { S: 'PLACED' },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  // The execution's name is the order id: Step Functions starts one execution per name, so a retry cannot fulfil
  // the order twice.
  await workflows.send(
    new StartExecutionCommand({
      stateMachineArn: process.env.FULFILMENT_WORKFLOW,
      name: id,
      input: JSON.stringify({ id }),
    }),
  );
  await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: process.env.EVENT_BUS,
          Source: 'orders',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify({ id, customerId }),
        },
      ],
    }),
  );
  return json(201, { id });
}
