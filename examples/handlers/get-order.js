// Reads one order by id. The AWS SDK v3 ships with the Node.js runtime.
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});

exports.handler = async (event) => {
  const id = event.pathParameters && event.pathParameters.id;
  if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) {
    return { statusCode: 400, body: JSON.stringify({ message: 'invalid order id' }) };
  }
  const result = await client.send(
    new GetItemCommand({ TableName: process.env.ORDERS_TABLE, Key: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' } } }),
  );
  return result.Item
    ? { statusCode: 200, body: JSON.stringify({ id, status: result.Item.status && result.Item.status.S }) }
    : { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };
};
