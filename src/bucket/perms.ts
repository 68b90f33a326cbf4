/**
 * IAM action lists of SecureBucket, in one place. No list contains a wildcard action (AwsSolutions-IAM5).
 *
 * aws-cdk-lib's bucket grants give `s3:GetObject*`, `s3:GetBucket*` and `s3:List*` to a reader and
 * `s3:DeleteObject*`, `s3:PutObject*` and `s3:Abort*` to a writer, and `kms:Decrypt`, `kms:Encrypt`,
 * `kms:ReEncrypt*`, `kms:GenerateDataKey*` on the key without a condition. These lists name each action instead.
 *
 * Key permissions follow "Using server-side encryption with AWS KMS keys (SSE-KMS)" (S3 User Guide): uploading an
 * object to an SSE-KMS bucket needs `kms:GenerateDataKey`, downloading it `kms:Decrypt`, and a multipart upload
 * both (S3 decrypts the data key to finish the upload). S3 makes those calls on the caller's behalf, so every key
 * statement for a role carries `kms:ViaService` `s3.<region>.amazonaws.com`: the role cannot use the key outside
 * S3, and needs no route to a KMS endpoint.
 */

/** Reading an object (and its metadata, through HeadObject, which S3 authorizes as GetObject). */
export const READ_ACTIONS = ['s3:GetObject'];

/** Writing an object: PutObject, and the multipart upload calls, which S3 authorizes as PutObject too. */
export const PUT_ACTIONS = ['s3:PutObject'];

/**
 * Deleting an object. On a versioned bucket this adds a delete marker: the data stays as a noncurrent version
 * until the lifecycle rule expires it. Deleting a version (`s3:DeleteObjectVersion`) is not granted.
 */
export const DELETE_ACTIONS = ['s3:DeleteObject'];

/** Reading needs only the key's decryption. */
export const KEY_READ_ACTIONS = ['kms:Decrypt'];

/** Writing needs a data key, and `kms:Decrypt` to complete a multipart upload. */
export const KEY_WRITE_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * What S3 needs of a destination's key to deliver an event notification to an encrypted queue or topic
 * ("Granting permissions to publish event notification messages to a destination", S3 User Guide).
 */
export const NOTIFICATION_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** What S3 needs of a destination queue: sending the notification. */
export const NOTIFICATION_QUEUE_ACTIONS = ['sqs:SendMessage'];

/** What S3's log delivery (`logging.s3.amazonaws.com`) needs of the access log bucket. */
export const LOG_DELIVERY_ACTIONS = ['s3:PutObject'];

/** The replication role on the source bucket: read the replication configuration, list the versions. */
export const REPLICATION_SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];

/**
 * The replication role on the source objects: read each version with its ACL and tags, and (Object Lock is on)
 * its retention and legal hold ("Setting up permissions for live replication", S3 User Guide).
 */
export const REPLICATION_SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectLegalHold',
  's3:GetObjectRetention',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionTagging',
];

/** The replication role on the destination objects: write replicas, delete markers and tags. */
export const REPLICATION_DESTINATION_ACTIONS = ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'];

/** The replication role on the source key (through S3 in the source region): decrypt what it replicates. */
export const REPLICATION_SOURCE_KEY_ACTIONS = ['kms:Decrypt'];

/** The replication role on the destination key (through S3 in the destination region): encrypt the replicas. */
export const REPLICATION_DESTINATION_KEY_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'];
