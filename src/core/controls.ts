/**
 * The compliance rules each security control of this library satisfies. An opt-out of a control
 * acknowledges exactly these rules on the construct, with the opt-out's reason; nothing else is silenced.
 *
 * Rule ids of cdk-nag's packs are written as the packs report them (`<pack>-<rule>`). Ids that start with
 * `SecureServerless-` belong to this library's own rules: the acknowledgment records the decision in the
 * compliance report even where no cdk-nag pack checks the control.
 * @internal
 */
export const CONTROL_RULES = {
  /** EncryptedTable: the table is encrypted with a customer-managed KMS key. */
  tableCustomerManagedKey: ['SecureServerless-DynamoDBCustomerManagedKey'],
  /** EncryptedTable: point-in-time recovery is on. */
  tablePointInTimeRecovery: [
    'AwsSolutions-DDB3',
    'HIPAA.Security-DynamoDBPITREnabled',
    'NIST.800.53.R5-DynamoDBPITREnabled',
    'SecureServerless-DynamoDBPointInTimeRecovery',
  ],
  /** EncryptedTable: deletion protection is on and the table is retained when the stack is deleted. */
  tableDeletionProtection: ['SecureServerless-DynamoDBDeletionProtection'],
  /** EncryptedTable: the table is in an AWS Backup plan. */
  tableBackup: ['HIPAA.Security-DynamoDBInBackupPlan', 'NIST.800.53.R5-DynamoDBInBackupPlan'],
  /** SecureFunction: the function runs in a VPC. */
  functionVpc: [
    'HIPAA.Security-LambdaInsideVPC',
    'NIST.800.53.R5-LambdaInsideVPC',
    'PCI.DSS.321-LambdaInsideVPC',
    'SecureServerless-LambdaInsideVpc',
  ],
  /** SecureFunction: the function does not run in a public subnet. */
  functionPublicSubnet: ['SecureServerless-LambdaPublicSubnet'],
  /** SecureFunction: failed asynchronous invocations go to a dead-letter target. */
  functionDeadLetter: [
    'HIPAA.Security-LambdaDLQ',
    'NIST.800.53.R5-LambdaDLQ',
    'Serverless-LambdaDLQ',
    'SecureServerless-LambdaDeadLetter',
  ],
  /** SecureFunction: reserved concurrency limits the function. */
  functionConcurrencyLimit: [
    'HIPAA.Security-LambdaConcurrency',
    'NIST.800.53.R5-LambdaConcurrency',
    'SecureServerless-LambdaConcurrency',
  ],
  /** SecureFunction: the code signing config blocks code that is not signed by a trusted profile. */
  functionCodeSigningEnforcement: ['SecureServerless-LambdaCodeSigningEnforced'],
  /** SecureFunction: no environment variable holds a plaintext secret. */
  functionNoPlaintextSecret: ['SecureServerless-LambdaPlaintextSecret'],
  /** SecureFunction: the runtime is the latest of its family. */
  functionLatestRuntime: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'],
  /** SecureApi: every method is authorized. */
  apiMethodAuthorization: ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'SecureServerless-ApiMethodAuthorization'],
  /** SecureApi: the stage is associated with a WAF web ACL. */
  apiWaf: ['AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF', 'PCI.DSS.321-APIGWAssociatedWithWAF'],
} as const;
