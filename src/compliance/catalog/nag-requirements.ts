/**
 * What each cdk-nag control requires, in one sentence, by control (the rule function's name, shared by every
 * pack that checks the same thing). cdk-nag's own `info` texts describe a failure ("The Lambda function is not
 * VPC enabled"); these state what a compliant resource does, so that reports and docs can say what is wanted.
 * Written by hand, grouped by the service folder of cdk-nag's `src/rules`; the catalog test fails when a control
 * of the installed cdk-nag has no text here, or a text here names no control.
 * @internal
 */
export const NAG_REQUIREMENTS: Readonly<Record<string, string>> = {
  // apigw
  APIGWAccessLogging: 'The API Gateway stage writes access logs to a destination, in a log format.',
  APIGWAssociatedWithWAF: 'The API Gateway REST API stage is associated with an AWS WAFv2 web ACL.',
  APIGWAuthorization:
    'Every API Gateway REST method and HTTP API route requires authorization (IAM, Cognito, JWT or a Lambda authorizer); CORS preflight OPTIONS methods are exempt.',
  APIGWCacheEnabledAndEncrypted: 'The API Gateway stage caches responses for all methods and encrypts the cache.',
  APIGWDefaultThrottling: 'The API Gateway stage sets its own rate and burst throttling limits for all methods.',
  APIGWExecutionLoggingEnabled: 'The API Gateway REST API stage writes execution logs (ERROR or INFO) for all methods.',
  APIGWRequestValidation:
    'The API Gateway REST API has a request validator that validates request bodies and parameters.',
  APIGWSSLEnabled: 'The API Gateway REST API stage presents a client certificate to its backend.',
  APIGWStructuredLogging: 'The API Gateway stage writes its access logs in JSON.',
  APIGWXrayEnabled: 'The API Gateway REST API stage has X-Ray tracing enabled.',

  // appsync
  AppSyncGraphQLRequestLogging:
    'The AppSync GraphQL API logs requests, verbose content included, to CloudWatch Logs through a logging role.',
  AppSyncTracing: 'The AppSync API has X-Ray tracing enabled.',

  // autoscaling
  AutoScalingGroupCooldownPeriod: 'The Auto Scaling group has a cooldown period.',
  AutoScalingGroupELBHealthCheckRequired:
    'An Auto Scaling group associated with a load balancer uses ELB health checks.',
  AutoScalingGroupHealthCheck:
    'The Auto Scaling group has health checks that match its setup: ELB health checks when it serves a load balancer.',
  AutoScalingGroupScalingNotifications: 'The Auto Scaling group sends notifications for every scaling event.',
  AutoScalingLaunchConfigPublicIpDisabled:
    'The Auto Scaling launch configuration gives instances private IP addresses only.',

  // cloud9
  Cloud9InstanceNoIngressSystemsManager:
    'The Cloud9 environment runs on a no-ingress EC2 instance that connects through AWS Systems Manager.',

  // cloudfront
  CloudFrontDistributionAccessLogging: 'The CloudFront distribution writes access logs.',
  CloudFrontDistributionGeoRestrictions:
    'The CloudFront distribution restricts viewers by country where the content calls for it.',
  CloudFrontDistributionHttpsViewerNoOutdatedSSL:
    'The CloudFront distribution accepts HTTPS viewer connections with TLS 1.1 or newer only (never SSLv3 or TLSv1).',
  CloudFrontDistributionNoOutdatedSSL:
    'The CloudFront distribution connects to its origins with TLS 1.1 or newer only (never SSLv3 or TLSv1).',
  CloudFrontDistributionS3OriginAccessControl:
    'The CloudFront distribution reaches its S3 origins through an origin access control.',
  CloudFrontDistributionS3OriginAccessIdentity:
    'The CloudFront streaming distribution reaches its S3 origins through an origin access identity.',
  CloudFrontDistributionWAFIntegration: 'The CloudFront distribution is associated with an AWS WAF web ACL.',

  // cloudtrail
  CloudTrailCloudWatchLogsEnabled: 'The CloudTrail trail delivers its events to CloudWatch Logs.',
  CloudTrailEncryptionEnabled: 'The CloudTrail trail encrypts its log files with a KMS key.',
  CloudTrailLogFileValidationEnabled: 'The CloudTrail trail has log file integrity validation enabled.',

  // cloudwatch
  CloudWatchAlarmAction:
    'The CloudWatch alarm has at least one enabled action for its ALARM, INSUFFICIENT_DATA or OK state.',
  CloudWatchLogGroupEncrypted: 'The CloudWatch log group is encrypted with a KMS key (KmsKeyId).',
  CloudWatchLogGroupRetentionPeriod: 'The CloudWatch log group has an explicit retention period.',

  // codebuild
  CodeBuildProjectEnvVarAwsCred:
    'The CodeBuild project keeps AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) out of its plaintext environment variables.',
  CodeBuildProjectKMSEncryptedArtifacts: 'The CodeBuild project encrypts its artifacts with an AWS KMS key.',
  CodeBuildProjectManagedImages:
    'The CodeBuild project builds on an image that CodeBuild provides, or records why it needs a custom image.',
  CodeBuildProjectSourceRepoUrl:
    'A CodeBuild project with a GitHub or Bitbucket source authenticates with OAuth, keeping credentials out of the repository URL.',

  // cognito
  CognitoUserPoolAPIGWAuthorizer: 'The API Gateway method authorizes callers with a Cognito user pool authorizer.',
  CognitoUserPoolMFA: 'The Cognito user pool requires multi-factor authentication.',
  CognitoUserPoolNoUnauthenticatedLogins: 'The Cognito identity pool accepts authenticated identities only.',
  CognitoUserPoolPlusTier: 'The Cognito user pool is on the Plus feature plan.',
  CognitoUserPoolStrongPasswordPolicy:
    'The Cognito user pool requires passwords of at least 8 characters with uppercase, numeric and special characters.',

  // dms
  DMSReplicationNotPublic: 'The DMS replication instance is private (PubliclyAccessible false).',

  // documentdb
  DocumentDBClusterBackupRetentionPeriod:
    'The DocumentDB cluster keeps automated backups for a reasonable minimum retention period.',
  DocumentDBClusterEncryptionAtRest: 'The DocumentDB cluster encrypts its storage at rest.',
  DocumentDBClusterLogExports:
    'The DocumentDB cluster exports authenticate, createIndex and dropCollection events to CloudWatch Logs.',
  DocumentDBClusterNonDefaultPort: 'The DocumentDB cluster listens on a port other than the default.',
  DocumentDBCredentialsInSecretsManager:
    'The DocumentDB cluster takes its master username and password from Secrets Manager.',

  // dynamodb
  DAXEncrypted: 'The DAX cluster has server-side encryption enabled.',
  DynamoDBAutoScalingEnabled:
    'A provisioned-capacity DynamoDB table and its indexes scale read and write capacity automatically.',
  DynamoDBInBackupPlan: 'The DynamoDB table is in an AWS Backup plan.',
  DynamoDBPITREnabled: 'The DynamoDB table has point-in-time recovery enabled.',

  // ec2
  EC2EBSInBackupPlan: 'The EBS volume is in an AWS Backup plan.',
  EC2EBSOptimizedInstance: 'An EC2 instance of a type that supports EBS optimization has it enabled.',
  EC2EBSVolumeEncrypted: 'Every EBS volume the resource creates is encrypted.',
  EC2IMDSv2Enabled: 'The EC2 instance requires IMDSv2 (Instance Metadata Service Version 2) session tokens.',
  EC2InstanceDetailedMonitoringEnabled:
    'The EC2 instance or Auto Scaling launch configuration has detailed monitoring enabled.',
  EC2InstanceNoPublicIp: 'The EC2 instance has private IP addresses only.',
  EC2InstanceProfileAttached: 'The EC2 instance has an instance profile attached.',
  EC2InstanceTerminationProtection: 'An EC2 instance outside an Auto Scaling group has termination protection enabled.',
  EC2InstancesInVPC: 'The EC2 instance runs in a VPC.',
  EC2RestrictedCommonPorts:
    'The security group admits inbound IPv4 TCP traffic on common ports (20, 21, 3306, 3389, 4333) from specific sources only.',
  EC2RestrictedInbound:
    'The security group admits inbound traffic from specific address ranges only, never 0.0.0.0/0 or ::/0.',
  EC2RestrictedSSH: 'The security group admits inbound SSH (port 22) from specific sources only.',
  EC2SecurityGroupDescription: 'The security group has a description.',

  // ecr
  ECROpenAccess: 'The ECR repository policy grants access to named principals only.',

  // ecs
  ECSClusterCloudWatchContainerInsights: 'The ECS cluster has CloudWatch Container Insights enabled.',
  ECSTaskDefinitionContainerLogging: 'Every container of the ECS task definition has a log configuration.',
  ECSTaskDefinitionNoEnvironmentVariables:
    'The containers of the ECS task definition receive their configuration through secrets or files rather than directly specified environment variables.',
  ECSTaskDefinitionUserForHostMode:
    'Every container of an ECS task definition with host networking sets privileged to true and runs as a non-root user.',

  // efs
  EFSEncrypted: 'The EFS file system is encrypted at rest.',
  EFSInBackupPlan: 'The EFS file system is in an AWS Backup plan.',

  // eks
  EKSClusterControlPlaneLogs:
    'The EKS cluster publishes its api, audit, authenticator, controllerManager and scheduler control plane logs.',
  EKSClusterNoEndpointPublicAccess: "The EKS cluster's Kubernetes API server endpoint is private.",

  // elasticache
  ElastiCacheClusterInVPC: 'The ElastiCache cluster runs in a VPC.',
  ElastiCacheClusterNonDefaultPort: 'The ElastiCache cluster listens on a port other than the default.',
  ElastiCacheRedisClusterAutomaticBackup: 'The ElastiCache Redis cluster keeps automatic backups for at least 15 days.',
  ElastiCacheRedisClusterEncryption: 'The ElastiCache Redis cluster encrypts data both in transit and at rest.',
  ElastiCacheRedisClusterMultiAZ: 'The ElastiCache Redis cluster is deployed across multiple Availability Zones.',
  ElastiCacheRedisClusterRedisAuth: 'The ElastiCache Redis cluster authenticates users with Redis AUTH.',

  // elasticbeanstalk
  ElasticBeanstalkEC2InstanceLogsToS3: 'The Elastic Beanstalk environment uploads the logs of its EC2 instances to S3.',
  ElasticBeanstalkEnhancedHealthReportingEnabled:
    'The Elastic Beanstalk environment has enhanced health reporting enabled.',
  ElasticBeanstalkManagedUpdatesEnabled: 'The Elastic Beanstalk environment has managed platform updates enabled.',
  ElasticBeanstalkVPCSpecified: 'The Elastic Beanstalk environment runs in a VPC it names.',

  // elb
  ALBHttpDropInvalidHeaderEnabled: 'The Application Load Balancer drops invalid HTTP headers.',
  ALBHttpToHttpsRedirection: "The Application Load Balancer's HTTP listeners redirect to HTTPS.",
  ALBWAFEnabled: 'The Application Load Balancer is associated with an AWS WAFv2 web ACL.',
  CLBConnectionDraining: 'The Classic Load Balancer has connection draining enabled.',
  CLBNoInboundHttpHttps:
    'HTTP and HTTPS traffic comes in through an Application Load Balancer rather than a Classic Load Balancer.',
  ELBACMCertificateRequired: 'The Classic Load Balancer uses an SSL certificate from AWS Certificate Manager.',
  ELBCrossZoneLoadBalancingEnabled:
    'The Classic Load Balancer spans at least two Availability Zones with cross-zone load balancing enabled.',
  ELBDeletionProtectionEnabled: 'The Application, Network or Gateway Load Balancer has deletion protection enabled.',
  ELBLoggingEnabled: 'The load balancer writes access logs.',
  ELBTlsHttpsListenersOnly: 'Every listener of the Classic Load Balancer uses the SSL or HTTPS protocol.',
  ELBv2ACMCertificateRequired:
    'The Application, Network or Gateway Load Balancer listener uses an SSL certificate from AWS Certificate Manager.',

  // emr
  EMRAuthEC2KeyPairOrKerberos: 'The EMR cluster authenticates with an EC2 key pair or Kerberos.',
  EMREncryptionInTransit: 'The EMR cluster uses a security configuration that encrypts data in transit.',
  EMRKerberosEnabled: 'The EMR cluster has Kerberos authentication enabled.',
  EMRLocalDiskEncryption: 'The EMR cluster uses a security configuration that encrypts local disks.',
  EMRS3AccessLogging: 'The EMR cluster writes its logs to S3.',

  // eventbridge
  EventBusDLQ: 'The EventBridge rule target sends events it fails to deliver to a dead-letter queue.',
  EventBusOpenAccess: 'The event bus policy grants access to named principals or organizations only.',

  // glue
  GlueEncryptedCloudWatchLogs:
    'The Glue crawler or job uses a security configuration that encrypts its CloudWatch logs.',
  GlueJobBookmarkEncrypted: 'The Glue job uses a security configuration that encrypts its job bookmarks.',

  // iam
  IAMGroupHasUsers: 'The IAM group has at least one IAM user.',
  IAMNoInlinePolicy:
    'The IAM group, user or role receives its permissions from managed policies only, never inline policies.',
  IAMNoManagedPolicies:
    'The IAM user, role or group receives its permissions from customer-managed policies, never AWS managed ones.',
  IAMNoWildcardPermissions:
    'The IAM policy grants exact actions on exact resources; each wildcard it keeps is acknowledged with evidence.',
  IAMPolicyNoStatementsWithAdminAccess:
    'Every Allow statement of the IAM policy limits its actions or its resources (never every action on every resource).',
  IAMPolicyNoStatementsWithFullAccess:
    'Every Allow statement of the IAM policy names specific actions (never "*" or "service:*").',
  IAMUserGroupMembership: 'The IAM user belongs to at least one IAM group.',
  IAMUserNoPolicies:
    'The IAM user receives its permissions through groups or roles; policies attach to groups and roles only.',

  // kinesis
  KinesisDataAnalyticsFlinkCheckpointing: 'The Kinesis Data Analytics Flink application has checkpointing enabled.',
  KinesisDataFirehoseSSE: 'The Kinesis Data Firehose delivery stream has server-side encryption enabled.',
  KinesisDataStreamDefaultKeyWhenSSE:
    'A Kinesis data stream with server-side encryption uses the AWS-managed "aws/kinesis" key.',
  KinesisDataStreamSSE: 'The Kinesis data stream has server-side encryption enabled.',

  // kms
  KMSBackingKeyRotationEnabled: 'The symmetric KMS key rotates its key material automatically.',

  // lambda
  LambdaAsyncFailureDestination:
    'The Lambda function sends failed asynchronous invocations to an on-failure destination.',
  LambdaConcurrency: 'The Lambda function has a function-level concurrency limit (reserved concurrent executions).',
  LambdaDLQ: 'The Lambda function sends failed asynchronous invocations to a dead-letter queue or topic.',
  LambdaDefaultMemorySize: 'The Lambda function sets its memory size explicitly.',
  LambdaDefaultTimeout: 'The Lambda function sets its timeout explicitly.',
  LambdaEventSourceMappingDestination:
    'The Lambda event source mapping sends records that fail processing to an on-failure destination.',
  LambdaFunctionPublicAccessProhibited:
    'Every Lambda permission names a specific principal, or limits principal "*" to a source account, source ARN or organization.',
  LambdaInsideVPC: 'The Lambda function runs in a VPC.',
  LambdaLatestVersion: 'The Lambda function uses the latest runtime version of its language.',
  LambdaStarPermissions:
    'The Lambda function\'s execution role allows specific actions on specific resources (never "*", "service:*" or Resource "*").',
  LambdaTracing: 'The Lambda function has active X-Ray tracing.',

  // lex
  LexBotAliasEncryptedConversationLogs: 'The Lex bot alias encrypts its conversation logs with a KMS key.',

  // mediastore
  MediaStoreCloudWatchMetricPolicy: 'The MediaStore container has a metric policy that sends metrics to CloudWatch.',
  MediaStoreContainerAccessLogging: 'The MediaStore container has access logging enabled.',
  MediaStoreContainerCORSPolicy: 'The MediaStore container defines a CORS policy.',
  MediaStoreContainerHasContainerPolicy: 'The MediaStore container defines a container policy.',
  MediaStoreContainerLifecyclePolicy: 'The MediaStore container defines a lifecycle policy.',
  MediaStoreContainerSSLRequestsOnly: 'The MediaStore container policy requires requests to use SSL.',

  // msk
  MSKBrokerLogging: 'The MSK cluster sends broker logs to CloudWatch Logs, Kinesis Data Firehose or S3.',
  MSKBrokerToBrokerTLS: 'The MSK cluster encrypts traffic between brokers with TLS.',
  MSKClientToBrokerTLS: 'The MSK cluster accepts TLS connections from clients only.',

  // neptune
  NeptuneClusterAutomaticMinorVersionUpgrade: 'The Neptune DB instance has automatic minor version upgrades enabled.',
  NeptuneClusterBackupRetentionPeriod:
    'The Neptune DB cluster keeps automated backups for a reasonable minimum retention period.',
  NeptuneClusterEncryptionAtRest: 'The Neptune DB cluster encrypts its storage at rest.',
  NeptuneClusterIAMAuth: 'The Neptune DB cluster has IAM database authentication enabled.',
  NeptuneClusterMultiAZ: 'The Neptune DB cluster is deployed across multiple Availability Zones.',

  // opensearch
  OpenSearchAllowlistedIPs:
    "Every Allow statement of the OpenSearch Service domain's access policy is limited to allowlisted source IPs.",
  OpenSearchDedicatedMasterNode: 'The OpenSearch Service domain uses dedicated master nodes.',
  OpenSearchEncryptedAtRest: 'The OpenSearch Service domain encrypts data at rest.',
  OpenSearchErrorLogsToCloudWatch:
    'The OpenSearch Service domain streams its error logs (ES_APPLICATION_LOGS) to CloudWatch Logs.',
  OpenSearchInVPCOnly: 'The OpenSearch Service domain runs in a VPC.',
  OpenSearchNoUnsignedOrAnonymousAccess:
    'The OpenSearch Service domain accepts signed requests from authenticated principals only.',
  OpenSearchNodeToNodeEncryption: 'The OpenSearch Service domain encrypts traffic between its nodes.',
  OpenSearchSlowLogsToCloudWatch:
    'The OpenSearch Service domain publishes at least SEARCH_SLOW_LOGS and INDEX_SLOW_LOGS to CloudWatch Logs.',
  OpenSearchZoneAwareness: 'The OpenSearch Service domain has zone awareness enabled.',

  // quicksight
  QuicksightSSLConnections: 'The QuickSight data source connects over SSL.',

  // rds
  AuroraMySQLBacktrack: 'The Aurora MySQL cluster has backtracking enabled.',
  AuroraMySQLLogging: 'The Aurora MySQL serverless cluster exports audit, error, general and slowquery logs.',
  AuroraMySQLPostgresIAMAuth: 'The Aurora MySQL or PostgreSQL cluster has IAM database authentication enabled.',
  RDSAutomaticMinorVersionUpgradeEnabled: 'The RDS DB instance has automatic minor version upgrades enabled.',
  RDSEnhancedMonitoringEnabled: 'The RDS DB instance has enhanced monitoring enabled.',
  RDSInBackupPlan: 'The RDS DB instance is in an AWS Backup plan.',
  RDSInstanceBackupEnabled: 'The RDS DB instance has automated backups enabled.',
  RDSInstanceDeletionProtectionEnabled: 'The RDS DB instance or Aurora cluster has deletion protection enabled.',
  RDSInstancePublicAccess: 'The RDS DB instance is private (PubliclyAccessible false).',
  RDSLoggingEnabled: 'The RDS DB instance or Aurora cluster exports every log type of its engine to CloudWatch Logs.',
  RDSMultiAZSupport: 'The non-Aurora RDS DB instance has Multi-AZ deployment enabled.',
  RDSNonDefaultPort: 'The RDS DB instance or Aurora cluster listens on a port other than its engine default.',
  RDSRestrictedInbound:
    'The RDS DB security group admits inbound traffic from specific address ranges only, never 0.0.0.0/0.',
  RDSStorageEncrypted: 'The RDS DB instance or Aurora cluster encrypts its storage.',

  // redshift
  RedshiftBackupEnabled: 'The Redshift cluster takes automated snapshots and keeps them for 1 to 35 days.',
  RedshiftClusterAuditLogging: 'The Redshift cluster has audit logging enabled.',
  RedshiftClusterConfiguration: 'The Redshift cluster encrypts its data and has audit logging enabled.',
  RedshiftClusterEncryptionAtRest: 'The Redshift cluster encrypts its data at rest.',
  RedshiftClusterInVPC: 'The Redshift cluster runs in a VPC.',
  RedshiftClusterMaintenanceSettings:
    'The Redshift cluster allows version upgrades, keeps automated snapshots and has an explicit maintenance window.',
  RedshiftClusterNonDefaultPort: 'The Redshift cluster listens on a port other than the default.',
  RedshiftClusterNonDefaultUsername: 'The Redshift cluster has a master username other than the default "awsuser".',
  RedshiftClusterPublicAccess: 'The Redshift cluster is private (PubliclyAccessible false).',
  RedshiftClusterUserActivityLogging: 'The Redshift cluster has user activity logging enabled.',
  RedshiftClusterVersionUpgrade: 'The Redshift cluster allows version upgrades.',
  RedshiftEnhancedVPCRoutingEnabled: 'The Redshift cluster has enhanced VPC routing enabled.',
  RedshiftRequireTlsSSL: 'The Redshift cluster requires TLS/SSL for client connections.',

  // s3
  S3BucketLevelPublicAccessProhibited:
    "The S3 bucket's Block Public Access settings block and restrict every kind of public access.",
  S3BucketLoggingEnabled: 'The S3 bucket writes server access logs.',
  S3BucketPublicReadProhibited:
    'The S3 bucket blocks public reads through its Block Public Access configuration and its ACL.',
  S3BucketPublicWriteProhibited:
    'The S3 bucket blocks public writes through its Block Public Access configuration and its ACL.',
  S3BucketReplicationEnabled: 'The S3 bucket replicates its objects to another bucket.',
  S3BucketSSLRequestsOnly: 'The S3 bucket policy requires every request to use SSL (aws:SecureTransport).',
  S3BucketVersioningEnabled: 'The S3 bucket has versioning enabled.',
  S3DefaultEncryptionKMS: 'The S3 bucket encrypts new objects with a KMS key by default.',
  S3WebBucketOAIAccess:
    'The S3 static website bucket is reached only through a CloudFront origin access identity, with a bucket policy limited to getObject and putObject.',

  // sagemaker
  SageMakerEndpointConfigurationKMSKeyConfigured:
    'The SageMaker endpoint configuration encrypts its storage with a KMS key.',
  SageMakerNotebookInVPC: 'The SageMaker notebook instance runs in a VPC.',
  SageMakerNotebookInstanceKMSKeyConfigured:
    'The SageMaker notebook instance encrypts its storage volume with a KMS key.',
  SageMakerNotebookNoDirectInternetAccess: 'The SageMaker notebook instance reaches the internet only through its VPC.',

  // secretsmanager
  SecretsManagerRotationEnabled: 'The secret rotates automatically on a schedule.',
  SecretsManagerUsingKMSKey: 'The secret is encrypted with a customer-managed KMS key.',

  // sns
  SNSEncryptedKMS: 'The SNS topic is encrypted with a KMS key.',
  SNSRedrivePolicy: 'The SNS subscription sends messages it fails to deliver to a dead-letter queue (redrive policy).',
  SNSTopicSSLPublishOnly: 'The SNS topic policy requires publishers to use SSL.',

  // sqs
  SQSQueueDLQ: 'The SQS queue has a dead-letter queue, or is itself a dead-letter queue.',
  SQSQueueSSE: 'The SQS queue has server-side encryption enabled.',
  SQSQueueSSLRequestsOnly: 'The SQS queue policy requires requests to use SSL.',
  SQSRedrivePolicy: 'The SQS queue moves messages that fail processing to a dead-letter queue (redrive policy).',

  // stepfunctions
  StepFunctionStateMachineAllLogsToCloudWatch: 'The Step Functions state machine logs ALL events to CloudWatch Logs.',
  StepFunctionStateMachineXray: 'The Step Functions state machine has X-Ray tracing enabled.',

  // timestream
  TimestreamDatabaseCustomerManagedKey:
    'The Timestream database encrypts data at rest with a customer-managed KMS key.',

  // vpc
  VPCDefaultSecurityGroupClosed: "The VPC's default security group denies all inbound and outbound traffic.",
  VPCFlowLogsEnabled: 'The VPC has an associated flow log.',
  VPCNoNACLs: 'The VPC controls traffic with security groups rather than network ACLs.',
  VPCNoUnrestrictedRouteToIGW:
    "The route table's routes to an internet gateway go to specific destinations only, never 0.0.0.0/0 or ::/0.",
  VPCSubnetAutoAssignPublicIpDisabled: 'The subnet leaves public IP auto-assignment off (MapPublicIpOnLaunch false).',

  // waf
  WAFv2LoggingEnabled: 'The WAFv2 web ACL has logging enabled.',
};
