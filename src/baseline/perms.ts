/**
 * IAM and KMS action lists of SecurityBaseline, in one place. No list contains a wildcard action
 * (AwsSolutions-IAM5, our IamWildcardAction).
 */

/** The service principals that deliver audit data into the baseline's bucket and key. */
export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';
export const CONFIG_PRINCIPAL = 'config.amazonaws.com';

/**
 * What CloudTrail needs of the trail's bucket ("Amazon S3 bucket policy for CloudTrail", CloudTrail User Guide):
 * it reads the bucket's ACL before it delivers, then writes log and digest files.
 */
export const TRAIL_BUCKET_ACL_ACTIONS = ['s3:GetBucketAcl'];
export const TRAIL_BUCKET_WRITE_ACTIONS = ['s3:PutObject'];

/**
 * What CloudTrail needs of the trail's key ("Configure AWS KMS key policies for CloudTrail"): a data key per log
 * file (the guide's `kms:GenerateDataKey*`; CloudTrail calls `GenerateDataKey`), and the key's description,
 * which it reads when the trail is created or updated.
 */
export const TRAIL_KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey'];
export const TRAIL_KEY_DESCRIBE_ACTIONS = ['kms:DescribeKey'];

/**
 * What CloudTrail's role needs of the trail's log group ("Sending events to CloudWatch Logs", CloudTrail User
 * Guide): a log stream of its own, then the events.
 */
export const TRAIL_LOGS_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * What AWS Config, through its service-linked role, needs of the delivery bucket ("Permissions for the Amazon S3
 * Bucket for the AWS Config Delivery Channel", AWS Config Developer Guide): it checks the bucket's ACL and that
 * the bucket exists, then writes configuration snapshots and history files.
 */
export const CONFIG_BUCKET_ACL_ACTIONS = ['s3:GetBucketAcl'];
export const CONFIG_BUCKET_LIST_ACTIONS = ['s3:ListBucket'];
export const CONFIG_BUCKET_WRITE_ACTIONS = ['s3:PutObject'];

/**
 * What AWS Config needs of the delivery bucket's key ("Permissions for the KMS Key", AWS Config Developer Guide):
 * a data key per object, and decryption for multipart uploads.
 */
export const CONFIG_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];
