// Stores a new order for a known customer.
const { randomUUID } = require('crypto');
const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});

exports.handler = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body || '{}');
  } catch {
    return { statusCode: 400, body: JSON.stringify({ message: 'body is not JSON' }) };
  }
  const customer = await client.send(
    new GetItemCommand({ TableName: process.env.CUSTOMERS_TABLE, Key: { customerId: { S: String(order.customerId) } } }),
  );
  if (!customer.Item) {
    return { statusCode: 422, body: JSON.stringify({ message: 'unknown customer' }) };
  }
  const id = randomUUID();
  await client.send(
    new PutItemCommand({
      TableName: process.env.ORDERS_TABLE,
      Item: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' }, customerId: { S: String(order.customerId) }, status: { S: 'PLACED' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ id }) };
};
