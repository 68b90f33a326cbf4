/**
 * IAM action lists of EncryptedTable, in one place. Each list is the narrowest set for its purpose; no
 * list contains a wildcard action (AwsSolutions-IAM5).
 */

/** Item reads. No stream actions: those belong on the stream ARN, not on the table. */
export const READ_DATA_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];

/** Item writes. */
export const WRITE_DATA_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/**
 * Reading items of a table encrypted with a customer-managed key needs `kms:Decrypt` on that key: DynamoDB
 * calls KMS on the caller's behalf to decrypt the table key. Scoped to calls made through DynamoDB.
 */
export const KEY_READ_ACTIONS = ['kms:Decrypt'];

/**
 * Writing items also needs the caller to be allowed to encrypt with the key and to generate data keys.
 * Listed without wildcards (aws-cdk-lib grants `kms:ReEncrypt*` and `kms:GenerateDataKey*`, which
 * AwsSolutions-IAM5 flags and DynamoDB does not need).
 */
export const KEY_WRITE_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The key actions that `tableActions` need on a table encrypted with a customer-managed key: those of writing
 * when any action writes items, else those of reading.
 */
export function keyActionsFor(tableActions: readonly string[]): string[] {
  return tableActions.some((action) => WRITE_DATA_ACTIONS.includes(action)) ? KEY_WRITE_ACTIONS : KEY_READ_ACTIONS;
}

/** The condition under which a table's user may use its key: only through DynamoDB, in the table's region. */
export function viaDynamoDb(region: string): { [operator: string]: { [key: string]: string } } {
  return { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } };
}

/**
 * What AWS Backup needs to back up one table with DynamoDB's native on-demand backups or AWS Backup's
 * advanced DynamoDB backups, on the table itself.
 */
export const BACKUP_TABLE_ACTIONS = [
  'dynamodb:CreateBackup',
  'dynamodb:DescribeTable',
  'dynamodb:ListTagsOfResource',
  'dynamodb:StartAwsBackupJob',
];

/**
 * What AWS Backup needs on the table's backups: to watch a backup job and to delete recovery points when the
 * plan's retention expires. Backup ARNs are only known once a backup exists, so these need
 * `<tableArn>/backup/*`, the narrowest resource IAM allows.
 */
export const BACKUP_RECOVERY_POINT_ACTIONS = ['dynamodb:DeleteBackup', 'dynamodb:DescribeBackup'];

/** What AWS Backup needs on the table's key (and the vault's key) to read the table and write encrypted recovery points. */
export const BACKUP_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'];

/**
 * AWS Backup also creates grants on those keys for the backup and copy jobs it runs. Granted only with
 * `kms:GrantIsForAWSResource`, which the key policy requires anyway.
 */
export const BACKUP_KEY_GRANT_ACTIONS = ['kms:CreateGrant'];
