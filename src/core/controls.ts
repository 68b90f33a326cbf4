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
  /** SecureApi: the stage is associated with a WAF web ACL. */
  apiWaf: rulesOfControl('APIGWAssociatedWithWAF'),
} as const satisfies { readonly [control: string]: readonly string[] };
