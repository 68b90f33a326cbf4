/**
 * IAM action lists of SecureQueue, in one place. No list contains a wildcard action (AwsSolutions-IAM5).
 *
 * Key permissions follow "Amazon SQS Key management" (SQS Developer Guide, Configuring AWS KMS permissions): a
 * producer of an encrypted queue needs `kms:GenerateDataKey` and `kms:Decrypt` on the queue's key, a consumer
 * `kms:Decrypt`. SQS makes those calls on the caller's behalf, so every key statement for a role carries a
 * `kms:ViaService` condition for `sqs.<region>.amazonaws.com` (AWS KMS Developer Guide, "kms:ViaService"): the role
 * cannot use the key outside SQS. aws-cdk-lib's queue grants give `kms:Decrypt`, `kms:Encrypt`, `kms:ReEncrypt*`
 * and `kms:GenerateDataKey*` without that condition.
 */

/** Sending messages (what aws-cdk-lib's `grantSendMessages` gives on the queue). */
export const SEND_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];

/** Receiving and deleting messages (what aws-cdk-lib's `grantConsumeMessages` gives on the queue). */
export const CONSUME_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];

/** Purging the queue. SQS deletes the messages without decrypting them: no key permission. */
export const PURGE_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'];

/** A producer's key permissions: SQS generates a data key for each message (and reuses it, which needs Decrypt). */
export const KEY_PRODUCER_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** A consumer's key permissions: SQS decrypts the data key of each message it returns. */
export const KEY_CONSUMER_ACTIONS = ['kms:Decrypt'];

/** SQS actions that write messages, and so need the producer's key permissions. */
export const SENDING_ACTIONS = ['sqs:SendMessage', 'sqs:SendMessageBatch'];

/** SQS actions that return message bodies, and so need the consumer's key permissions. */
export const RECEIVING_ACTIONS = ['sqs:ReceiveMessage'];
