// Consumes the upload queue: each message is an S3 event for an invoice uploaded to the uploads bucket. Failed
// records are reported one by one (partial batch response), so the others are not processed again.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const s3 = new S3Client({});
const dynamodb = new DynamoDBClient({});

interface SqsEvent {
  readonly Records: ReadonlyArray<{ readonly messageId: string; readonly body: string }>;
}

interface S3Notification {
  readonly Records?: ReadonlyArray<{
    readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
  }>;
}

export async function handler(event: SqsEvent): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records) {
    try {
      const notification = JSON.parse(record.body) as S3Notification;
      for (const { s3: object } of notification.Records ?? []) {
        const key = decodeURIComponent(object.object.key.replace(/\+/g, ' '));
        const orderId = /^invoices\/([A-Za-z0-9-]{1,64})\.pdf$/.exec(key)?.[1];
        if (!orderId) {
          continue;
        }
        const invoice = await s3.send(new GetObjectCommand({ Bucket: object.bucket.name, Key: key }));
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: process.env.ORDERS_TABLE,
            Key: { pk: { S: `ORDER#${orderId}` }, sk: { S: 'ORDER' } },
            UpdateExpression: 'SET invoiceBytes = :bytes',
            ExpressionAttributeValues: { ':bytes': { N: String(invoice.ContentLength ?? 0) } },
          }),
        );
      }
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
