import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SecureBucket } from '../bucket/secure-bucket';
import { createSecureKey } from '../core/keys';

/**
 * Where the baseline keeps its audit data: one customer-managed key and one SecureBucket encrypted with it, for
 * CloudTrail's log files (under `AWSLogs/<account>/CloudTrail/`) and AWS Config's snapshots and history (under
 * `AWSLogs/<account>/Config/`). The trail and the recorder each add to the key's and the bucket's policies what
 * their service needs, for this account and (CloudTrail) this trail.
 * @internal
 */
export interface AuditStorage {
  readonly key: kms.Key;
  readonly bucket: SecureBucket;
}

/** @internal */
export function createAuditStorage(scope: Construct): AuditStorage {
  const key = createSecureKey(
    scope,
    'AuditKey',
    `Encrypts the CloudTrail log files and AWS Config history of ${Stack.of(scope).stackName}`,
  );
  const bucket = new SecureBucket(scope, 'AuditBucket', { encryptionKey: key });
  return { key, bucket };
}

/** The prefix under which AWS services write this account's files: `AWSLogs/<account>/`. @internal */
export function awsLogsPrefix(scope: Construct): string {
  return `AWSLogs/${Stack.of(scope).account}/`;
}
