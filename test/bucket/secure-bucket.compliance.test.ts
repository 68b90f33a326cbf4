import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { SecureBucket } from '../../src/bucket/secure-bucket';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { userKey } from '../support/arbitraries';
import { ComplianceCase, complianceTests, controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

/**
 * The stack's access log bucket fails two AWS Control Tower controls, which cfn-guard cannot see acknowledged, and
 * nothing else does: CT.S3.PR.10 wants SSE-KMS, but S3 server access logging delivers only to SSE-S3 buckets; CT.S3.PR.2
 * wants access logs, but a log bucket logging into itself would log every delivery again, without end ("Enabling
 * Amazon S3 server access logging", S3 User Guide).
 */
const LOG_BUCKET_FAILURES = [
  's3_bucket_default_encryption_kms_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
  's3_bucket_logging_enabled_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
];

describe('SecureBucket compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default bucket', ({ stack }) => new SecureBucket(stack, 'Uploads'), LOG_BUCKET_FAILURES],
    [
      'a named bucket with its own key and 30 days of noncurrent versions',
      ({ stack }) =>
        new SecureBucket(stack, 'Uploads', {
          bucketName: 'acme-uploads-prod',
          encryptionKey: userKey(stack, 'BucketKey'),
          noncurrentVersionExpiration: Duration.days(30),
        }),
      LOG_BUCKET_FAILURES,
    ],
    [
      'a bucket without access logs (optOuts.accessLogs)',
      ({ stack }) =>
        new SecureBucket(stack, 'Uploads', {
          optOuts: { accessLogs: { reason: 'CloudTrail data events record every object request' } },
        }),
      // The opt-out's own weakening: CT.S3.PR.2 wants access logs, and cfn-guard has no acknowledgment.
      ['s3_bucket_logging_enabled_check at UploadsBucketC4B27CC7'],
    ],
    [
      'two buckets, a function granted read and put that is notified, a queue and a topic notified',
      ({ stack }) => {
        const uploads = new SecureBucket(stack, 'Uploads');
        const reports = new SecureBucket(stack, 'Reports');
        const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });
        uploads.grantRead(worker, 'in/*');
        reports.grantPut(worker);
        uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(worker), { prefix: 'in/' });
        uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(new SecureQueue(stack, 'Q')), {
          prefix: 'archive/',
        });
        reports.addEventNotification(s3.EventType.OBJECT_REMOVED, new s3n.SnsDestination(new SecureTopic(stack, 'T')));
      },
      LOG_BUCKET_FAILURES,
    ],
  ];

  complianceTests('SecureBucket compliance', cases);

  test('the same bucket built from plain aws-cdk-lib fails, so the checks above can fail', () => {
    // GIVEN an SSE-KMS bucket without TLS-only policy, versioning, access logs or notifications in the bucket
    const fixture = newStack();
    const plain = new s3.Bucket(fixture.stack, 'Plain', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: new kms.Key(fixture.stack, 'Key', { enableKeyRotation: true }),
    });
    plain.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.SqsDestination(new SecureQueue(fixture.stack, 'Orders')),
    );

    // THEN
    const findings = nagFindings(fixture.app);
    expect(findings).toEqual(
      expect.arrayContaining([
        'error SecureServerless-S3TlsOnly at TestStack/Plain/Resource',
        'error AwsSolutions-S1 at TestStack/Plain/Resource',
        'error AwsSolutions-S10 at TestStack/Plain/Resource',
        'error HIPAA.Security-S3BucketVersioningEnabled at TestStack/Plain/Resource',
        // aws-cdk-lib's notifications custom resource: a plain function with an AWS-managed policy.
        expect.stringMatching(/^error SecureServerless-LambdaDeadLetter at TestStack\/BucketNotificationsHandler/),
        expect.stringMatching(/^error HIPAA.Security-IAMNoInlinePolicy at TestStack\/Plain\/Notifications/),
      ]),
    );
    expect(controlTowerFailures(fixture.app)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^s3_bucket_versioning_enabled_check at Plain/)]),
    );
  });
});
