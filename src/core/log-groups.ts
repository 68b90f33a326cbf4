import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { validateLogRetention } from './validate';

/** One year: what PCI DSS 10.7 asks for, and long enough for HIPAA and NIST 800-53 audits. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * Creates a log group as every construct of this library wants it: encrypted with a customer-managed key,
 * with a retention period, and retained when it is removed or the stack is deleted (logs are audit evidence),
 * but deleted when the create that made it rolls back (`RetainExceptOnCreate`): a failed first deploy then
 * leaves nothing behind to collide with the retry.
 * @internal
 */
export function createEncryptedLogGroup(
  scope: Construct,
  id: string,
  encryptionKey: kms.IKey,
  retention: logs.RetentionDays | undefined,
  retentionProp: string,
): logs.LogGroup {
  validateLogRetention(scope, retentionProp, retention);
  return new logs.LogGroup(scope, id, {
    encryptionKey,
    retention: retention ?? DEFAULT_LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
}
