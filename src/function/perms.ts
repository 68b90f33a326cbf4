/**
 * IAM action lists of SecureFunction, in one place. What every function needs to run (its log group, keys,
 * dead-letter topic, X-Ray, VPC) is in `core/execution-permissions.ts`; Secrets Manager secrets are read
 * through `secret.grantRead()`.
 */

/** Reading an SSM SecureString parameter. */
export const PARAMETER_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'];
