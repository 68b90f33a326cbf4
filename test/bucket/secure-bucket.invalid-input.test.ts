import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SecureBucket } from '../../src/bucket/secure-bucket';
import { SecureBucketProps } from '../../src/bucket/secure-bucket-props';
import { SecureQueue } from '../../src/queue/secure-queue';
import { newStack } from '../support/compliance';
import {
  expectTokenWarning,
  InvalidInputCase,
  optOutCases,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Uploads';

function stack(): Stack {
  return newStack().stack;
}

function bucket(props: SecureBucketProps = {}, scope: Stack = stack()): SecureBucket {
  return new SecureBucket(scope, 'Uploads', props);
}

const withProps = (props: SecureBucketProps) => () => bucket(props);
const named = (bucketName: string) => withProps({ bucketName });

/** A call on a default bucket, with a role to grant to and a queue to notify. */
function onBucket(call: (b: SecureBucket, role: iam.Role, scope: Stack) => unknown): () => unknown {
  return () => {
    const scope = stack();
    const b = bucket({}, scope);
    return call(b, new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }), scope);
  };
}

describe('SecureBucket fails when', () => {
  const cases: InvalidInputCase[] = [
    // bucketName: S3's naming rules, and no dots
    ['bucketName is empty', named(''), E.INVALID_PROP, 'bucketName'],
    ['bucketName is shorter than 3 characters', named('ab'), E.INVALID_PROP, 'bucketName'],
    ['bucketName is longer than 63 characters', named('a'.repeat(64)), E.INVALID_PROP, 'bucketName'],
    ['bucketName has upper-case letters', named('My-Bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName has an underscore', named('my_bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName starts with a hyphen', named('-bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName ends with a hyphen', named('bucket-'), E.INVALID_PROP, 'bucketName'],
    ['bucketName has a dot (breaks TLS)', named('my.bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName looks like an IP address', named('192.168.5.4'), E.INVALID_PROP, 'bucketName'],
    ['bucketName starts with xn--', named('xn--bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName starts with sthree-', named('sthree-bucket'), E.INVALID_PROP, 'bucketName'],
    ['bucketName ends with -s3alias', named('bucket-s3alias'), E.INVALID_PROP, 'bucketName'],
    ['bucketName ends with --ol-s3', named('bucket--ol-s3'), E.INVALID_PROP, 'bucketName'],

    // noncurrentVersionExpiration
    ...[Duration.hours(12), Duration.days(0), Duration.days(3651), Duration.hours(36)].map((d): InvalidInputCase => [
      `noncurrentVersionExpiration is ${d.toHumanString()}`,
      withProps({ noncurrentVersionExpiration: d }),
      E.INVALID_PROP,
      'noncurrentVersionExpiration',
    ]),

    ...optOutCases('optOuts.accessLogs', (optOut) => withProps({ optOuts: { accessLogs: optOut as any } })),

    // grants
    ['grantPutAcl: ACLs are disabled', onBucket((b, r) => b.grantPutAcl(r)), E.INVALID_PROP, 'grantPutAcl'],
    [
      'grantPublicAccess: public access is blocked',
      onBucket((b) => b.grantPublicAccess()),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'grantPublicAccess',
    ],
    [
      'grants.publicAccess through the aws-cdk-lib facade',
      onBucket((b) => b.grants.publicAccess('*', 's3:GetObject')),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'grantPublicAccess',
    ],
    [
      'grantReplicationPermission: a SecureBucket does not replicate',
      onBucket((b, r) => b.grantReplicationPermission(r, { destinations: [] })),
      E.INVALID_PROP,
      'grantReplicationPermission',
    ],
    [
      'grantWrite names a wildcard action',
      onBucket((b, r) => b.grantWrite(r, '*', ['s3:PutObject*'])),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'allowedActionPatterns',
    ],
    [
      'grantWrite names an action of another service',
      onBucket((b, r) => b.grantWrite(r, '*', ['sqs:SendMessage'])),
      E.INVALID_PROP,
      'allowedActionPatterns',
    ],
    [
      'grantWrite names no action',
      onBucket((b, r) => b.grantWrite(r, '*', [])),
      E.INVALID_PROP,
      'allowedActionPatterns',
    ],
    [
      'grants.actionsOnObjectKeys names a wildcard',
      onBucket((b, r) => b.grants.actionsOnObjectKeys(r, '*', 's3:*')),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'allowedActionPatterns',
    ],
    ['grantRead on a blank key pattern', onBucket((b, r) => b.grantRead(r, ' ')), E.INVALID_PROP, 'objectsKeyPattern'],
    [
      'grantRead on a non-string key pattern',
      onBucket((b, r) => b.grantRead(r, 42)),
      E.INVALID_PROP,
      'objectsKeyPattern',
    ],

    // notifications
    [
      'a notification to an imported queue, whose policy this app cannot change',
      onBucket((b, _r, s) =>
        b.addObjectCreatedNotification(
          new s3n.SqsDestination(sqs.Queue.fromQueueArn(s, 'Q', 'arn:aws:sqs:us-east-1:123456789012:q')),
        ),
      ),
      E.INVALID_PROP,
      'addEventNotification.dest',
    ],
    [
      'a notification to a destination of another kind',
      onBucket((b) =>
        b.addObjectCreatedNotification({
          bind: () => ({ arn: 'arn', type: s3.BucketNotificationDestinationType.QUEUE }),
        }),
      ),
      E.INVALID_PROP,
      'addEventNotification.dest',
    ],
    [
      'a notification with two prefixes',
      onBucket((b, _r, s) =>
        b.addObjectCreatedNotification(
          new s3n.SqsDestination(new SecureQueue(s, 'Q')),
          { prefix: 'a/' },
          { prefix: 'b/' },
        ),
      ),
      E.CONFLICTING_PROPS,
      'addEventNotification.filters',
    ],
    [
      'two notifications of overlapping events (created and put) whose prefixes overlap, without suffixes',
      onBucket((b, _r, s) => {
        const queue = new SecureQueue(s, 'Q');
        b.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue), { prefix: 'in/' });
        b.addEventNotification(s3.EventType.OBJECT_CREATED_PUT, new s3n.SqsDestination(queue), { prefix: 'in/pdf/' });
      }),
      E.CONFLICTING_PROPS,
      'addEventNotification.filters',
    ],
    [
      'two notifications of one event, the second with no filter at all',
      onBucket((b, _r, s) => {
        const queue = new SecureQueue(s, 'Q');
        b.addObjectCreatedNotification(new s3n.SqsDestination(queue), { suffix: '.pdf' });
        b.addObjectCreatedNotification(new s3n.SqsDestination(queue));
      }),
      E.CONFLICTING_PROPS,
      'addEventNotification.filters',
    ],
    [
      'a notification with an empty suffix',
      onBucket((b, _r, s) =>
        b.addObjectCreatedNotification(new s3n.SqsDestination(new SecureQueue(s, 'Q')), { suffix: '' }),
      ),
      E.INVALID_PROP,
      'addEventNotification.filters',
    ],
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureBucket with tokens', () => {
  const cases: TokenCase[] = [
    [
      'bucketName from a parameter',
      (s) => bucket({ bucketName: new CfnParameter(s, 'P').valueAsString }, s),
      'bucketName',
    ],
    [
      'noncurrentVersionExpiration from a Number parameter',
      (s) =>
        bucket(
          { noncurrentVersionExpiration: Duration.days(new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber) },
          s,
        ),
      'noncurrentVersionExpiration',
    ],
  ];

  testTokenWarnings(cases, stack, PATH);

  test('a token name is passed to CloudFormation, with a warning, and notifications allow any bucket name', () => {
    const scope = stack();
    const b = bucket({ bucketName: new CfnParameter(scope, 'Name').valueAsString }, scope);
    b.addObjectCreatedNotification(new s3n.SqsDestination(new SecureQueue(scope, 'Q')));

    Template.fromStack(scope).hasResourceProperties('AWS::S3::Bucket', { BucketName: { Ref: 'Name' } });
    Template.fromStack(scope).hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: Match.anyValue(),
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::*']] } },
            },
          },
        ]),
      },
    });
    expectTokenWarning(scope, PATH, 'bucketName');
  });
});
