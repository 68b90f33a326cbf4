import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What Step Functions calls with the state machine's role to deliver its logs to CloudWatch Logs (aws-cdk-lib
 * adds these for `logs`); CloudWatch Logs' log-delivery API has no resource-level permissions.
 * @internal
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
];

/**
 * What Step Functions calls with the state machine's role to send X-Ray traces (aws-cdk-lib adds these for
 * `tracingEnabled`): X-Ray has no resource-level permissions.
 * @internal
 */
export const TRACING_ACTIONS = [
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/**
 * What a caller needs of the state machine's key, for the calls whose answer Step Functions decrypts for it
 * (`StartSyncExecution`, `DescribeExecution`, `GetExecutionHistory`): Step Functions calls KMS on the caller's
 * behalf. `StartExecution`, `RedriveExecution`, `StopExecution` and the task-token calls need nothing of the key
 * ("Required permissions for API callers", Step Functions Developer Guide). The state machine's own role gets
 * `kms:Decrypt` and `kms:GenerateDataKey` from aws-cdk-lib.
 * @internal
 */
export const KEY_CALLER_ACTIONS = ['kms:Decrypt'];

/**
 * The actions of a state machine's role that AWS offers only on `*`: log delivery and X-Ray.
 * @internal
 */
export const STATE_MACHINE_STAR_ONLY_ACTIONS = [...LOG_DELIVERY_ACTIONS, ...TRACING_ACTIONS];

/**
 * `statement` with `kms:GenerateDataKey*` narrowed to `kms:GenerateDataKey`: aws-cdk-lib's `SqsSendMessage` and
 * `SnsPublish` tasks ask for the wildcard on the queue's or topic's key, of which SQS and SNS call only
 * `kms:GenerateDataKey` (`kms:GenerateDataKeyPair*` and `kms:GenerateDataKeyWithoutPlaintext` are never used by
 * them). Any other statement is returned as it is.
 * @internal
 */
export function withoutDataKeyWildcard(statement: iam.PolicyStatement): iam.PolicyStatement {
  if (!statement.actions.includes('kms:GenerateDataKey*')) {
    return statement;
  }
  const json = statement.toStatementJson();
  const actions = [
    ...new Set(statement.actions.map((a) => (a === 'kms:GenerateDataKey*' ? 'kms:GenerateDataKey' : a))),
  ];
  return iam.PolicyStatement.fromJson({ ...json, Action: actions });
}
