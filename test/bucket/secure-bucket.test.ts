import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { ComplianceGate } from '../../src';
import { SecureBucket } from '../../src/bucket/secure-bucket';
import { SecureBucketProps } from '../../src/bucket/secure-bucket-props';
import { describeDecision } from '../../src/compliance/decisions';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { newStack } from '../support/compliance';
import { sharedApp } from '../support/shared-network';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const DATA_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] };
const LOG_BUCKET = Match.stringLikeRegexp('^SecureServerlessDefaultsAccessLogBucket');
const VIA_S3 = { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } };
const ANY_BUCKET = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::*']] };
const FROM_S3 = { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': ANY_BUCKET } };
const objectsOf = (id: string, pattern = '*') => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${id}Bucket`), 'Arn'] }, `/${pattern}`]],
});

function build(props: SecureBucketProps = {}): { stack: Stack; bucket: SecureBucket } {
  const { stack } = newStack();
  const bucket = new SecureBucket(stack, 'Uploads', props);
  return { stack, bucket };
}

function fn(stack: Stack, id = 'Worker'): SecureFunction {
  return new SecureFunction(stack, id, { code, handler: 'index.handler' });
}

/** Every acknowledged rule id, with the decision's text, and the construct path it was recorded on. */
function acknowledgments(stack: Stack): Array<{ ruleId: string; path: string; text: string }> {
  return ComplianceGate.check(stack).acknowledgments.flatMap((a) =>
    a.ruleIds.map((ruleId) => ({ ruleId, path: a.constructPath, text: describeDecision(a) })),
  );
}

/** Every statement of every IAM policy and resource policy of the template. */
function allStatements(template: Template): any[] {
  const types = [
    'AWS::IAM::ManagedPolicy',
    'AWS::IAM::Policy',
    'AWS::S3::BucketPolicy',
    'AWS::SQS::QueuePolicy',
    'AWS::SNS::TopicPolicy',
  ];
  const fromPolicies = types.flatMap((type) =>
    Object.values(template.findResources(type)).flatMap((r: any) => r.Properties.PolicyDocument.Statement),
  );
  const fromKeys = Object.values(template.findResources('AWS::KMS::Key')).flatMap(
    (r: any) => r.Properties.KeyPolicy.Statement,
  );
  return [...fromPolicies, ...fromKeys];
}

/** The statements of the policies attached to `role` (its own and its independent policy). */
function roleStatements(stack: Stack, role: string): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${role}ServiceRole`) }] },
  });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('SecureBucket defaults', () => {
  test('SSE-KMS with the stack data key and a bucket key, public access blocked, ACLs disabled, versioned, Object Lock on', () => {
    // WHEN
    const { stack, bucket } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: DATA_KEY },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: Match.absent(),
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ExpireNoncurrentVersions',
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    expect(bucket.key).toBe(bucket.bucket.encryptionKey);
    expect(bucket.encryptionKey).toBe(bucket.key);
    expect(bucket.isWebsite).toBe(false);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('a TLS-only bucket policy', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^UploadsBucket') },
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^UploadsBucket'), 'Arn'] }, objectsOf('Uploads')],
          },
        ],
      },
    });
  });

  test('server access logs go to the stack log bucket (SSE-S3, no logs of its own, log delivery by bucket policy)', () => {
    const { stack, bucket } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: LOG_BUCKET }, LogFilePrefix: 'TestStackUploads16A625A7/' },
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketName: Match.absent(),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: Match.absent(),
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        AccessControl: Match.absent(),
      },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: LOG_BUCKET },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [LOG_BUCKET, 'Arn'] }, '/TestStackUploads16A625A7/*']],
            },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^UploadsBucket'), 'Arn'] } },
            },
          },
        ]),
      },
    });
    expect(bucket.accessLogBucket).toBeDefined();
  });

  test("the log bucket's SSE-S3 and the missing replication are the library's exceptions, with the reasons", () => {
    const { stack } = build();

    const acks = acknowledgments(stack);
    const logBucket = 'TestStack/SecureServerlessDefaults/AccessLogBucket/Resource';
    expect(acks).toEqual(
      expect.arrayContaining([
        {
          ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS',
          path: logBucket,
          text: expect.stringMatching(/delivers only to buckets whose default encryption is SSE-S3/),
        },
        {
          ruleId: 'PCI.DSS.321-S3BucketReplicationEnabled',
          path: logBucket,
          text: expect.stringMatching(/log archive/),
        },
        {
          ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
          path: 'TestStack/Uploads/Bucket/Resource',
          text: expect.stringMatching(/one stack cannot create/),
        },
      ]),
    );
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('two buckets share one log bucket, each with its own prefix and delivery statement', () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    const a = new SecureBucket(stack, 'A');
    const b = new SecureBucket(stack, 'B');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 3);
    expect(a.accessLogBucket).toBe(b.accessLogBucket);
    const [policy] = Object.values(
      template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: LOG_BUCKET } } }),
    ) as any[];
    const delivery = policy.Properties.PolicyDocument.Statement.filter(
      (s: any) => s.Principal?.Service === 'logging.s3.amazonaws.com',
    );
    expect(delivery.map((s: any) => s.Resource['Fn::Join'][1][1])).toEqual([
      '/TestStackAA164C141/*',
      '/TestStackBE4CD999E/*',
    ]);
  });
});

describe('SecureBucket props', () => {
  test('your own key, name and noncurrent-version expiration', () => {
    // GIVEN
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });

    // WHEN
    new SecureBucket(stack, 'Uploads', {
      encryptionKey: key,
      bucketName: 'acme-uploads-prod',
      noncurrentVersionExpiration: Duration.days(30),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-uploads-prod',
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
            },
          }),
        ],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
  });
});

describe('SecureBucket opt-outs', () => {
  test('optOuts.accessLogs: no logging, no log bucket, the logging rules acknowledged with the reason', () => {
    // WHEN
    const { stack, bucket } = build({
      optOuts: { accessLogs: { reason: 'CloudTrail data events record every object request', ticket: 'SEC-12' } },
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent() });
    expect(bucket.accessLogBucket).toBeUndefined();
    const text = 'Opt-out (optOuts.accessLogs): CloudTrail data events record every object request (ticket: SEC-12)';
    expect(acknowledgments(stack)).toEqual(
      expect.arrayContaining([
        { ruleId: 'AwsSolutions-S1', path: 'TestStack/Uploads', text },
        { ruleId: 'HIPAA.Security-S3BucketLoggingEnabled', path: 'TestStack/Uploads', text },
        { ruleId: 'NIST.800.53.R5-S3BucketLoggingEnabled', path: 'TestStack/Uploads', text },
        { ruleId: 'PCI.DSS.321-S3BucketLoggingEnabled', path: 'TestStack/Uploads', text },
      ]),
    );
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });
});

describe('SecureBucket grants', () => {
  test('grantRead: s3:GetObject on the objects, kms:Decrypt through S3, in the policy the function does not wait for', () => {
    // GIVEN
    const { stack, bucket } = build();
    const worker = fn(stack);

    // WHEN
    bucket.grantRead(worker);

    // THEN
    const statements = roleStatements(stack, 'Worker');
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }),
        },
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: expect.objectContaining({
            'Fn::GetAtt': [expect.stringMatching(/^SecureServerlessDefaultsDataKey/), 'Arn'],
          }),
          Condition: VIA_S3,
        },
      ]),
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Permissions of TestStack/Worker/ServiceRole that name resources waiting for its role',
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objectsOf('Uploads') }] },
    });
    expect(acknowledgments(stack)).toContainEqual({
      ruleId: 'AwsSolutions-IAM5[Resource::<UploadsBucketC4B27CC7.Arn>/*]',
      path: 'TestStack/Worker/ServiceRoleIndependentPolicy',
      text: expect.stringMatching(/object ARNs exist only once an object is written/),
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test.each([
    ['grantPut', ['s3:PutObject'], ['kms:Decrypt', 'kms:GenerateDataKey']],
    ['grantWrite', ['s3:PutObject', 's3:DeleteObject'], ['kms:Decrypt', 'kms:GenerateDataKey']],
    ['grantReadWrite', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], ['kms:Decrypt', 'kms:GenerateDataKey']],
    ['grantDelete', ['s3:DeleteObject'], []],
  ] as const)('%s on a key pattern: exactly %j and the key actions %j', (method, actions, keyActions) => {
    // GIVEN
    const { stack, bucket } = build();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    (bucket as any)[method](role, 'uploads/*');

    // THEN
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const [doc] = Object.values(statements).map((p: any) => p.Properties.PolicyDocument.Statement);
    const objectStatement = doc.find((s: any) => String(s.Action).startsWith('s3:') || Array.isArray(s.Action));
    expect([objectStatement.Action].flat()).toEqual(actions);
    expect(Stack.of(bucket).resolve(objectStatement.Resource)).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': ['UploadsBucketC4B27CC7', 'Arn'] }, '/uploads/*']],
    });
    const keyStatement = doc.find((s: any) => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
    if (keyActions.length === 0) {
      expect(keyStatement).toBeUndefined();
    } else {
      expect([keyStatement.Action].flat()).toEqual(keyActions);
      expect(keyStatement.Condition).toEqual(VIA_S3);
    }
  });

  test("aws-cdk-lib's bucket.grants facade and grantOnKey grant the same narrow actions", () => {
    // GIVEN
    const { stack, bucket } = build();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    bucket.grants.read(role);
    bucket.grants.write(role);

    // THEN
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as any[];
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      'kms:Decrypt',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
    ]);
  });

  test('grants.actionsOnBucketAndObjectKeys grants exact actions on the bucket and the matching objects', () => {
    // GIVEN
    const { stack, bucket } = build();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    bucket.grants.actionsOnBucketAndObjectKeys(role, 'in/*', 's3:ListBucket', 's3:GetObject');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetObject'],
            Resource: [
              { 'Fn::GetAtt': [Match.stringLikeRegexp('^UploadsBucket'), 'Arn'] },
              objectsOf('Uploads', 'in/*'),
            ],
          },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: DATA_KEY, Condition: VIA_S3 },
        ]),
      },
    });
  });

  test('no statement of the template has a wildcard action, with grants and notifications to all three destinations', () => {
    // GIVEN
    const { stack, bucket } = build();
    const worker = fn(stack);

    // WHEN
    bucket.grantReadWrite(worker);
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(worker), { prefix: 'fn/' });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(new SecureQueue(stack, 'Q')), {
      prefix: 'q/',
    });
    bucket.addEventNotification(s3.EventType.OBJECT_REMOVED, new s3n.SnsDestination(new SecureTopic(stack, 'T')));

    // THEN
    // The account-root statement of each key policy (kms:*, what makes IAM policies count) is aws-cdk-lib's.
    const isAccountRoot = (s: any) => JSON.stringify(s.Principal ?? {}).includes(':root');
    const actions = allStatements(Template.fromStack(stack))
      .filter((s) => s.Effect === 'Allow' && !isAccountRoot(s))
      .flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
  });
});

describe('SecureBucket event notifications', () => {
  test('to a SecureQueue: in the bucket, the queue policy and key policy allow S3 of this account, the bucket waits for them', () => {
    // GIVEN
    const { stack, bucket } = build();
    const queue = new SecureQueue(stack, 'Orders');

    // WHEN
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue), {
      prefix: 'in/',
      suffix: '.json',
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: {
          EventBridgeConfiguration: { EventBridgeEnabled: true },
          QueueConfigurations: [
            {
              Event: 's3:ObjectCreated:*',
              Queue: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersQueue'), 'Arn'] },
              Filter: {
                S3Key: {
                  Rules: [
                    { Name: 'prefix', Value: 'in/' },
                    { Name: 'suffix', Value: '.json' },
                  ],
                },
              },
            },
          ],
        },
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^OrdersQueuePolicy')]),
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^OrdersQueue[0-9A-F]{8}$') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersQueue'), 'Arn'] },
            Condition: FROM_S3,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('queues and topics'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: FROM_S3,
          },
        ]),
      },
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('to a SecureTopic: the topic policy and key policy allow S3 of this account, the bucket waits for them', () => {
    const { stack, bucket } = build();
    const topic = new SecureTopic(stack, 'Events');

    bucket.addObjectRemovedNotification(new s3n.SnsDestination(topic));

    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: Match.objectLike({
          TopicConfigurations: [
            { Event: 's3:ObjectRemoved:*', Topic: { Ref: Match.stringLikeRegexp('^EventsTopic') } },
          ],
        }),
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^EventsTopicPolicy')]),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Condition: FROM_S3 }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 's3.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: FROM_S3,
          }),
        ]),
      },
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  test('to a SecureFunction granted to read the bucket: a permission for S3 of this account, no circular dependency', () => {
    // GIVEN
    const { stack, bucket } = build();
    const worker = fn(stack);
    bucket.grantRead(worker);

    // WHEN
    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(worker), { prefix: 'in/' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkerFunction'), 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceAccount: '123456789012',
      SourceArn: ANY_BUCKET,
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: Match.objectLike({
          LambdaConfigurations: [
            {
              Event: 's3:ObjectCreated:*',
              Function: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkerFunction'), 'Arn'] },
              Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }] } },
            },
          ],
        }),
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^WorkerAllowS3Notifications')]),
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test("a named bucket's notifications name it in aws:SourceArn", () => {
    const { stack, bucket } = build({ bucketName: 'acme-uploads' });

    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(fn(stack)));

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-uploads']] },
    });
  });

  test('two notifications to one queue allow S3 once', () => {
    const { stack, bucket } = build();
    const queue = new SecureQueue(stack, 'Orders');

    bucket.addObjectCreatedNotification(new s3n.SqsDestination(queue), { prefix: 'a/' });
    bucket.addObjectCreatedNotification(new s3n.SqsDestination(queue), { prefix: 'b/' });

    const template = Template.fromStack(stack);
    const statements = allStatements(template).filter((s) => s.Principal?.Service === 's3.amazonaws.com');
    expect(statements.map((s) => [s.Action].flat().join(','))).toEqual([
      'sqs:SendMessage',
      'kms:Decrypt,kms:GenerateDataKey',
    ]);
  });

  test('enableEventBridgeNotification adds nothing: events already go to EventBridge', () => {
    const { stack, bucket } = build();

    bucket.enableEventBridgeNotification();

    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });
});

describe('SecureBucket in the isolated network', () => {
  test('a function of a shared network granted read gets the S3 gateway route and no KMS endpoint', () => {
    // GIVEN
    const { app, networkStack, orders, billing } = sharedApp();
    const bucket = new SecureBucket(orders, 'Uploads');
    new SecureBucket(billing, 'Archive');
    const worker = new SecureFunction(orders, 'Handler', { code, handler: 'index.handler' });

    // WHEN
    bucket.grantRead(worker);

    // THEN
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(orders).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([
        {
          Description: 'HTTPS to S3 through the gateway endpoint',
          DestinationPrefixListId: { 'Fn::ImportValue': Match.stringLikeRegexp('^Network:.*S3PrefixListId') },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
        },
      ]),
    });
    // The key is used through S3 (kms:ViaService), so the function needs no route to KMS.
    Template.fromStack(orders).resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    for (const stack of [networkStack, orders]) {
      Template.fromStack(stack).resourcePropertiesCountIs(
        'AWS::EC2::VPCEndpoint',
        { ServiceName: 'com.amazonaws.us-east-1.kms' },
        0,
      );
    }
    Template.fromStack(networkStack).resourcePropertiesCountIs(
      'AWS::EC2::VPCEndpoint',
      {
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
        VpcEndpointType: 'Gateway',
      },
      1,
    );
  });
});
