/**
 * The AWS Config managed rules of SecurityBaseline, each with the control of this library it watches in the
 * account: what the packs check in the template at synth, these rules check on the deployed resources, created by
 * this library or not. Identifiers are AWS Config managed rule identifiers ("List of AWS Config Managed Rules",
 * AWS Config Developer Guide); none takes a required parameter.
 * @internal
 */
export interface ConfigRuleMapping {
  /** The managed rule's source identifier. */
  readonly identifier: string;
  /** The control of this library it corresponds to: a cdk-nag control name, or our rule id. */
  readonly control: string;
}

/** @internal */
export const CONFIG_RULES: readonly ConfigRuleMapping[] = [
  // SecureFunction runs in a VPC (LambdaInsideVPC).
  { identifier: 'LAMBDA_INSIDE_VPC', control: 'LambdaInsideVPC' },
  // SecureFunction's resource policy admits no public principal (LambdaFunctionPublicAccessProhibited).
  { identifier: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', control: 'LambdaFunctionPublicAccessProhibited' },
  // SecureFunction reserves concurrency (LambdaConcurrency).
  { identifier: 'LAMBDA_CONCURRENCY_CHECK', control: 'LambdaConcurrency' },
  // SecureFunction sends failed asynchronous invocations to a dead-letter target (LambdaDLQ).
  { identifier: 'LAMBDA_DLQ_CHECK', control: 'LambdaDLQ' },
  // EncryptedTable has point-in-time recovery (DynamoDBPITREnabled).
  { identifier: 'DYNAMODB_PITR_ENABLED', control: 'DynamoDBPITREnabled' },
  // EncryptedTable is encrypted with a KMS key (our DynamoDBCustomerManagedKey).
  { identifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS', control: 'SecureServerless-DynamoDBCustomerManagedKey' },
  // EncryptedTable is in the stack's backup plan (DynamoDBInBackupPlan).
  { identifier: 'DYNAMODB_IN_BACKUP_PLAN', control: 'DynamoDBInBackupPlan' },
  // SecureBucket accepts only TLS (S3BucketSSLRequestsOnly).
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', control: 'S3BucketSSLRequestsOnly' },
  // SecureBucket blocks public reads (S3BucketPublicReadProhibited).
  { identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', control: 'S3BucketPublicReadProhibited' },
  // SecureBucket blocks public writes (S3BucketPublicWriteProhibited).
  { identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', control: 'S3BucketPublicWriteProhibited' },
  // SecureBucket's Block Public Access settings (S3BucketLevelPublicAccessProhibited).
  { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', control: 'S3BucketLevelPublicAccessProhibited' },
  // SecureBucket encrypts with SSE-KMS (S3DefaultEncryptionKMS).
  { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', control: 'S3DefaultEncryptionKMS' },
  // SecureBucket is versioned (S3BucketVersioningEnabled).
  { identifier: 'S3_BUCKET_VERSIONING_ENABLED', control: 'S3BucketVersioningEnabled' },
  // SecureBucket writes server access logs (S3BucketLoggingEnabled).
  { identifier: 'S3_BUCKET_LOGGING_ENABLED', control: 'S3BucketLoggingEnabled' },
  // SecureTopic is encrypted with a KMS key (SNSEncryptedKMS).
  { identifier: 'SNS_ENCRYPTED_KMS', control: 'SNSEncryptedKMS' },
  // SecureApi's stages log execution (APIGWExecutionLoggingEnabled).
  { identifier: 'API_GW_EXECUTION_LOGGING_ENABLED', control: 'APIGWExecutionLoggingEnabled' },
  // SecureApi's stages trace with X-Ray (APIGWXrayEnabled).
  { identifier: 'API_GW_XRAY_ENABLED', control: 'APIGWXrayEnabled' },
  // SecureApi's stages are behind a WAF web ACL (APIGWAssociatedWithWAF).
  { identifier: 'API_GW_ASSOCIATED_WITH_WAF', control: 'APIGWAssociatedWithWAF' },
  // Every log group of the library is encrypted with the stack's logs key (CloudWatchLogGroupEncrypted).
  { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', control: 'CloudWatchLogGroupEncrypted' },
  // Every log group of the library has a retention period (CloudWatchLogGroupRetentionPeriod).
  { identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK', control: 'CloudWatchLogGroupRetentionPeriod' },
  // Every key of the library rotates (KMSBackingKeyRotationEnabled).
  { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', control: 'KMSBackingKeyRotationEnabled' },
  // No policy of the library allows `*` on `*` (IAMPolicyNoStatementsWithAdminAccess).
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS', control: 'IAMPolicyNoStatementsWithAdminAccess' },
  // No policy of the library allows a whole service (IAMPolicyNoStatementsWithFullAccess).
  { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS', control: 'IAMPolicyNoStatementsWithFullAccess' },
  // Every grant lands in a customer-managed policy (IAMNoInlinePolicy).
  { identifier: 'IAM_NO_INLINE_POLICY_CHECK', control: 'IAMNoInlinePolicy' },
  // The isolated network closes the VPC's default security group (VPCDefaultSecurityGroupClosed).
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', control: 'VPCDefaultSecurityGroupClosed' },
  // SecureStateMachine logs its executions (StepFunctionStateMachineAllLogsToCloudWatch).
  {
    identifier: 'STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED',
    control: 'StepFunctionStateMachineAllLogsToCloudWatch',
  },
  // The baseline's own trail stays encrypted, validated and delivered to CloudWatch Logs (the CloudTrail controls).
  { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', control: 'CloudTrailEncryptionEnabled' },
  { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', control: 'CloudTrailLogFileValidationEnabled' },
  { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED', control: 'CloudTrailCloudWatchLogsEnabled' },
];
