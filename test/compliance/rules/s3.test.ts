import { check, resource } from './support';
import { S3CustomerManagedKey } from '../../../src/compliance/rules/s3/S3CustomerManagedKey';
import { S3PublicAccessBlocked } from '../../../src/compliance/rules/s3/S3PublicAccessBlocked';
import { S3TlsOnly } from '../../../src/compliance/rules/s3/S3TlsOnly';

const bucket = (properties: Record<string, unknown> = {}) => resource('Bucket', 'AWS::S3::Bucket', properties);

/** A bucket policy for `target` with `statement`. */
const bucketPolicy = (statement: Record<string, unknown>, target: unknown = { Ref: 'Bucket' }) =>
  resource('Policy', 'AWS::S3::BucketPolicy', { Bucket: target, PolicyDocument: { Statement: [statement] } });
const TLS_DENY = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('S3TlsOnly', () => {
  test('compliant: a bucket policy denies s3:* without TLS to everyone (as enforceSSL writes it)', () => {
    expect(check(S3TlsOnly, bucket(), bucketPolicy(TLS_DENY))).toBe('compliant');
    expect(check(S3TlsOnly, bucket(), bucketPolicy({ ...TLS_DENY, Action: '*', Principal: '*' }))).toBe('compliant');
    expect(
      check(S3TlsOnly, bucket(), bucketPolicy({ ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': false } } })),
    ).toBe('compliant');
  });

  test('non-compliant: no bucket policy, or one for another bucket', () => {
    expect(check(S3TlsOnly, bucket())).toBe('non-compliant');
    expect(check(S3TlsOnly, bucket(), bucketPolicy(TLS_DENY, { Ref: 'Other' }))).toBe('non-compliant');
  });

  test('non-compliant: the deny was weakened (Allow, one principal, one action, another condition)', () => {
    const weakened = [
      { ...TLS_DENY, Effect: 'Allow' },
      { ...TLS_DENY, Principal: { AWS: 'arn:aws:iam::123456789012:root' } },
      { ...TLS_DENY, Action: 's3:PutObject' },
      { ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { ...TLS_DENY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpc': 'v' } } },
      { ...TLS_DENY, Condition: undefined },
    ];
    for (const statement of weakened) {
      expect(check(S3TlsOnly, bucket(), bucketPolicy(statement))).toBe('non-compliant');
    }
  });

  test('not applicable to other resources', () => {
    expect(check(S3TlsOnly, resource('Queue', 'AWS::SQS::Queue'))).toBe('not-applicable');
  });
});

const KMS_DEFAULT = {
  ServerSideEncryptionConfiguration: [
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  ],
};

describe('S3CustomerManagedKey', () => {
  test('compliant: SSE-KMS (or DSSE-KMS) with a customer-managed key, as SecureBucket writes it', () => {
    expect(check(S3CustomerManagedKey, bucket({ BucketEncryption: KMS_DEFAULT }))).toBe('compliant');
    const dsse = {
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms:dsse',
            KMSMasterKeyID: 'arn:aws:kms:eu-west-1:1:key/k',
          },
        },
      ],
    };
    expect(check(S3CustomerManagedKey, bucket({ BucketEncryption: dsse }))).toBe('compliant');
  });

  test('non-compliant: no default encryption, SSE-S3, aws:kms without a key, or the AWS-managed alias/aws/s3', () => {
    const byDefault = (d: Record<string, unknown>) => ({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: d }] },
    });
    for (const properties of [
      {},
      byDefault({ SSEAlgorithm: 'AES256' }),
      byDefault({ SSEAlgorithm: 'aws:kms' }),
      byDefault({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' }),
      byDefault({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:eu-west-1:1:alias/aws/s3' }),
      { BucketEncryption: { ServerSideEncryptionConfiguration: [] } },
    ]) {
      expect(check(S3CustomerManagedKey, bucket(properties))).toBe('non-compliant');
    }
  });

  test('not applicable to other resources', () => {
    expect(check(S3CustomerManagedKey, resource('Queue', 'AWS::SQS::Queue'))).toBe('not-applicable');
  });
});

const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe('S3PublicAccessBlocked', () => {
  test('compliant: all four settings true (as BlockPublicAccess.BLOCK_ALL writes them)', () => {
    expect(check(S3PublicAccessBlocked, bucket({ PublicAccessBlockConfiguration: BLOCK_ALL }))).toBe('compliant');
  });

  test('non-compliant: no public access block, or any one setting off or left out', () => {
    expect(check(S3PublicAccessBlocked, bucket())).toBe('non-compliant');
    for (const setting of Object.keys(BLOCK_ALL)) {
      const off = { ...BLOCK_ALL, [setting]: false };
      const missing = { ...BLOCK_ALL, [setting]: undefined };
      expect(check(S3PublicAccessBlocked, bucket({ PublicAccessBlockConfiguration: off }))).toBe('non-compliant');
      expect(check(S3PublicAccessBlocked, bucket({ PublicAccessBlockConfiguration: missing }))).toBe('non-compliant');
    }
  });

  test('not applicable to other resources', () => {
    expect(check(S3PublicAccessBlocked, resource('Queue', 'AWS::SQS::Queue'))).toBe('not-applicable');
  });
});
