import { rulesOfControl } from '../compliance/catalog';

/**
 * The compliance rules each security control of this library satisfies. An opt-out of a control
 * acknowledges exactly these rules on the construct, with the opt-out's reason; nothing else is silenced.
 *
 * Rule ids of cdk-nag's packs are written as the packs report them (`<pack>-<rule>`). Ids that start with
 * `SecureServerless-` belong to this library's own rules: the acknowledgment records the decision in the
 * compliance report even where no cdk-nag pack checks the control.
 *
 * Where an opt-out turns off exactly one cdk-nag control, its list is that control's rules from the catalog
 * (`rulesOfControl`): every pack's rule and our equivalent rule, so a cdk-nag upgrade that adds a pack's rule
 * needs no edit here. Lists written out by hand are either our own rules that no cdk-nag rule matches, or
 * curated on purpose (see their comments).
 * @internal
 */
export const CONTROL_RULES = {
  /** EncryptedTable: the table is encrypted with a customer-managed KMS key. */
  tableCustomerManagedKey: ['SecureServerless-DynamoDBCustomerManagedKey'],
  /** EncryptedTable: point-in-time recovery is on. */
  tablePointInTimeRecovery: rulesOfControl('DynamoDBPITREnabled'),
  /** EncryptedTable: deletion protection is on and the table is retained when the stack is deleted. */
  tableDeletionProtection: ['SecureServerless-DynamoDBDeletionProtection'],
  /** EncryptedTable: the table is in an AWS Backup plan. */
  tableBackup: rulesOfControl('DynamoDBInBackupPlan'),
  /** SecureFunction: the function runs in a VPC. */
  functionVpc: rulesOfControl('LambdaInsideVPC'),
  /** SecureFunction: the function does not run in a public subnet. */
  functionPublicSubnet: ['SecureServerless-LambdaPublicSubnet'],
  /** SecureFunction: failed asynchronous invocations go to a dead-letter target. */
  functionDeadLetter: rulesOfControl('LambdaDLQ'),
  /** SecureFunction: reserved concurrency limits the function. */
  functionConcurrencyLimit: rulesOfControl('LambdaConcurrency'),
  /** SecureFunction: the code signing config blocks code that is not signed by a trusted profile. */
  functionCodeSigningEnforcement: ['SecureServerless-LambdaCodeSigningEnforced'],
  /** SecureFunction: no environment variable holds a plaintext secret. */
  functionNoPlaintextSecret: ['SecureServerless-LambdaPlaintextSecret'],
  /** SecureFunction: the runtime is the latest of its family. */
  functionLatestRuntime: rulesOfControl('LambdaLatestVersion'),
  /**
   * SecureApi: every method is authorized. Curated rather than `rulesOfControl('APIGWAuthorization')`: a
   * SecureApi is a REST API, so our HTTP API route rule (same control) is never weakened by it, while the
   * unauthenticated method also loses its Cognito authorizer, which AwsSolutions-COG4 (another control) checks.
   */
  apiMethodAuthorization: ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'SecureServerless-ApiMethodAuthorization'],
  /**
   * SecureHttpApi: every route is authorized. Curated for the same reason as `apiMethodAuthorization`: an HTTP
   * API route never weakens the REST API method rule of the same control.
   */
  httpApiRouteAuthorization: ['AwsSolutions-APIG4', 'SecureServerless-HttpApiRouteAuthorization'],
  /**
   * SecureStateMachine: execution data (state inputs and outputs) is not written to the logs. No cdk-nag rule
   * checks `IncludeExecutionData`; ours does.
   */
  stateMachineExecutionDataExclusion: ['SecureServerless-StateMachineExecutionDataExcluded'],
  /**
   * SecureQueue: messages that fail processing move to a dead-letter queue. Two cdk-nag controls (the queue has a
   * dead-letter queue; it has a redrive policy) check the same redrive, and the opt-out weakens both.
   */
  queueDeadLetterQueue: [...rulesOfControl('SQSQueueDLQ'), ...rulesOfControl('SQSRedrivePolicy')],
  /** SecureRule: every target sends the events it could not deliver to a dead-letter queue. */
  ruleTargetDeadLetterQueue: rulesOfControl('EventBusDLQ'),
  /** SecureBucket: the bucket writes server access logs. */
  bucketAccessLogs: rulesOfControl('S3BucketLoggingEnabled'),
  /** SecureApi: the stage is associated with a WAF web ACL. */
  apiWaf: rulesOfControl('APIGWAssociatedWithWAF'),
  /** SecureUserPool: MFA is required. */
  userPoolMfa: rulesOfControl('CognitoUserPoolMFA'),
  /** SecureUserPool: passwords of 14+ characters from every class (ours is stricter than AwsSolutions-COG1). */
  userPoolPasswordPolicy: [
    ...rulesOfControl('CognitoUserPoolStrongPasswordPolicy'),
    'SecureServerless-CognitoUserPoolPasswordPolicy',
  ],
  /** SecureUserPool: deletion protection is on and the pool is retained. */
  userPoolDeletionProtection: ['SecureServerless-CognitoUserPoolDeletionProtection'],
  /** SecureUserPool: threat protection in audit mode only (the Plus plan stays, so AwsSolutions-COG8 passes). */
  userPoolThreatProtectionEnforcement: ['SecureServerless-CognitoUserPoolThreatProtection'],
  /** SecureUserPool: no threat protection and the Essentials plan instead of Plus. */
  userPoolThreatProtection: [
    ...rulesOfControl('CognitoUserPoolPlusTier'),
    'SecureServerless-CognitoUserPoolThreatProtection',
  ],
  /** SecureUserPool app clients: only the SRP authentication flow. */
  userPoolClientAuthFlows: ['SecureServerless-CognitoUserPoolClientAuthFlows'],
  /** SecureUserPool app clients: no user existence errors. */
  userPoolClientUserExistenceErrors: ['SecureServerless-CognitoUserPoolClientUserExistenceErrors'],
} as const satisfies { readonly [control: string]: readonly string[] };
