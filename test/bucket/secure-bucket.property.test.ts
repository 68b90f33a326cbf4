import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as fc from 'fast-check';
import { SecureBucket } from '../../src/bucket/secure-bucket';
import { SecureBucketProps } from '../../src/bucket/secure-bucket-props';
import { ManagedPolicyRole } from '../../src/core/managed-policy-role';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import {
  defined,
  expectNoUnacknowledgedFindings,
  lintSampleEvery,
  newPropertyStack,
  optOutArb,
  propertyParameters,
  PropertyTally,
  userKey,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureBucket configuration (named or not, own key, noncurrent-version expiration, the
 * access-log opt-out), with one grant on a key pattern and at most one notification destination (a SecureQueue,
 * SecureTopic or SecureFunction, the function also being the grantee), has zero unacknowledged findings in the six
 * packs and no acknowledgment that matches nothing. Kept cheap: one bucket, one grantee, one destination per
 * configuration (a SecureFunction brings the isolated network, so it is one destination of four).
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureBucket random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

const bucketSpecArb = fc.record(
  {
    named: fc.boolean(),
    ownKey: fc.boolean(),
    noncurrentDays: fc.integer({ min: 1, max: 3650 }),
    optOutAccessLogs: optOutArb,
  },
  { requiredKeys: ['named'] },
);

const caseArb = fc.record({
  bucket: bucketSpecArb,
  grant: fc.constantFrom('none', 'grantRead', 'grantPut', 'grantWrite', 'grantReadWrite', 'grantDelete'),
  pattern: fc.constantFrom('*', 'in/*', 'reports/2026/summary.json'),
  destination: fc.constantFrom('none', 'queue', 'topic', 'function'),
  event: fc.constantFrom(s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED),
  prefix: fc.option(fc.constantFrom('in/', 'uploads/'), { nil: undefined }),
});

type BucketSpec = typeof bucketSpecArb extends fc.Arbitrary<infer T> ? T : never;

function bucketProps(stack: ReturnType<typeof newPropertyStack>['stack'], spec: BucketSpec): SecureBucketProps {
  return defined({
    bucketName: spec.named ? 'acme-property-bucket' : undefined,
    encryptionKey: spec.ownKey ? userKey(stack, 'BucketKey') : undefined,
    noncurrentVersionExpiration: spec.noncurrentDays === undefined ? undefined : Duration.days(spec.noncurrentDays),
    optOuts: spec.optOutAccessLogs ? { accessLogs: spec.optOutAccessLogs } : undefined,
  });
}

describe('SecureBucket property', () => {
  afterAll(() => {
    tally.report('SecureBucket', tally.count('runs'), `${tally.count('notifications')} notifications`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const bucket = new SecureBucket(stack, 'Uploads', bucketProps(stack, spec.bucket));
        const worker =
          spec.destination === 'function'
            ? new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' })
            : undefined;
        if (spec.grant !== 'none') {
          const grantee =
            worker ?? new ManagedPolicyRole(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
          (bucket[spec.grant] as (g: iam.IGrantable, p: string) => iam.Grant).call(bucket, grantee, spec.pattern);
        }
        const filters = spec.prefix ? [{ prefix: spec.prefix }] : [];
        if (spec.destination === 'queue') {
          bucket.addEventNotification(spec.event, new s3n.SqsDestination(new SecureQueue(stack, 'Orders')), ...filters);
        } else if (spec.destination === 'topic') {
          bucket.addEventNotification(spec.event, new s3n.SnsDestination(new SecureTopic(stack, 'Events')), ...filters);
        } else if (worker) {
          bucket.addEventNotification(spec.event, new s3n.LambdaDestination(worker), ...filters);
        }
        if (spec.destination !== 'none') {
          tally.add('notifications');
        }
        expectNoUnacknowledgedFindings(app, spec);
        corpus.sample(app);
        tally.add('runs');
      }),
      propertyParameters(),
    );
  });

  test('cfn-lint finds no error in a sample of the configurations above', () => {
    corpus.expectValid();
  });
});
