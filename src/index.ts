// The public API, named one by one: everything else under src/ is internal.

// Constructs
export { SecureFunction } from './function/secure-function';
export type { SecureFunctionOptOuts, SecureFunctionProps } from './function/secure-function-props';
export type { FunctionBundle } from './function/bundling';
export { FunctionSecret } from './function/function-secret';
export { SecureApi } from './api/secure-api';
export type { ApiCache, ApiThrottling, SecureApiOptOuts, SecureApiProps } from './api/secure-api-props';
export { SecureHttpApi } from './httpapi/secure-http-api';
export type { SecureHttpApiProps } from './httpapi/secure-http-api-props';
export { EncryptedTable } from './table/encrypted-table';
export type { AutoScaledCapacity, EncryptedTableOptOuts, EncryptedTableProps } from './table/encrypted-table-props';
export { SecureQueue } from './queue/secure-queue';
export type { SecureQueueOptOuts, SecureQueueProps } from './queue/secure-queue-props';
export { SecureTopic } from './topic/secure-topic';
export type { SecureTopicProps } from './topic/secure-topic-props';
export { SecureStateMachine } from './statemachine/secure-state-machine';
export type { SecureStateMachineOptOuts, SecureStateMachineProps } from './statemachine/secure-state-machine-props';
export { SecureBucket } from './bucket/secure-bucket';
export type { SecureBucketOptOuts, SecureBucketProps } from './bucket/secure-bucket-props';
export { SecureUserPool } from './auth/secure-user-pool';
export type {
  SecureUserPoolClientOptOuts,
  SecureUserPoolOptOuts,
  SecureUserPoolProps,
} from './auth/secure-user-pool-props';
export { SecureEventBus } from './events/secure-event-bus';
export type { SecureEventBusProps } from './events/secure-event-bus-props';
export { SecureRule } from './events/secure-rule';
export type { SecureRuleOptOuts, SecureRuleProps } from './events/secure-rule-props';
export { SecurityBaseline } from './baseline/security-baseline';
export { ConfigRecorderRole, FindingSeverity, SecurityHubStandard } from './baseline/security-baseline-props';
export type {
  BaselineCloudTrailOptions,
  BaselineConfigOptions,
  BaselineFindingsOptions,
  BaselineGuardDutyOptions,
  BaselineSecurityHubOptions,
  SecurityBaselineOptOuts,
  SecurityBaselineProps,
} from './baseline/security-baseline-props';
export { GuardHook, GuardHookFailureMode } from './guard/guard-hook';
export type { GuardHookProps } from './guard/guard-hook';
export { IsolatedNetwork } from './network/isolated-network';
export type { IsolatedNetworkProps } from './network/isolated-network';
export { ManagedPolicyRole } from './core/managed-policy-role';
export type { ManagedPolicyRoleProps } from './core/managed-policy-role';
export { StackDefaults } from './core/stack-defaults';
export type { StackDefaultsOptOuts, StackDefaultsProps } from './core/stack-defaults';

// Opt-outs, decisions and errors
export type { OptOut } from './core/opt-out';
export { ComplianceDecisions } from './compliance/decisions';
export type { ComplianceDecisionOptions } from './compliance/decisions';
export { SecureErrorCode } from './core/errors';

// The compliance gate
export { ComplianceGate } from './compliance/gate';
export type { ComplianceGateOptions } from './compliance/gate';
export type { ComplianceCheckOptions } from './compliance/options';
export { ALL_PACKS, CompliancePack, DecisionOrigin, Severity, VulnerabilitySeverity } from './compliance/vocabulary';
export type {
  ComplianceAcknowledgment,
  ComplianceResult,
  ComplianceViolation,
  DependencySummary,
  PackSummary,
} from './compliance/result';
export type { ComplianceReportFiles } from './compliance/report-files';
export { SecureServerlessChecks } from './compliance/secure-serverless-checks';
