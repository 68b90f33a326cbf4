import { check, resource, UNRELATED } from './support';
import { KmsGrantsOnlyForAwsServices } from '../../../src/compliance/rules/kms/KmsGrantsOnlyForAwsServices';
import { KmsKeyPolicyNotPublic } from '../../../src/compliance/rules/kms/KmsKeyPolicyNotPublic';
import { KmsKeyRotation } from '../../../src/compliance/rules/kms/KmsKeyRotation';

const key = (properties: Record<string, unknown> = {}) => resource('Key', 'AWS::KMS::Key', properties);

const ACCOUNT_ROOT = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: 'kms:*',
  Resource: '*',
};

/** The statement `createSecureKey` (src/core/keys.ts) adds. */
const DENY_GRANTS_NOT_FOR_AWS_SERVICES = {
  Sid: 'DenyGrantsNotForAwsServices',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};

const withPolicy = (...statements: Record<string, unknown>[]) =>
  key({ EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: statements } });

describe('KmsKeyRotation', () => {
  test('compliant: rotation on', () => {
    expect(check(KmsKeyRotation, key({ EnableKeyRotation: true }))).toBe('compliant');
    expect(check(KmsKeyRotation, key({ KeySpec: 'SYMMETRIC_DEFAULT', EnableKeyRotation: 'true' }))).toBe('compliant');
  });

  test('non-compliant: a symmetric key without rotation', () => {
    expect(check(KmsKeyRotation, key())).toBe('non-compliant');
    expect(check(KmsKeyRotation, key({ EnableKeyRotation: false }))).toBe('non-compliant');
  });

  test('not applicable to asymmetric and HMAC keys, imported key material, and other resources', () => {
    expect(check(KmsKeyRotation, key({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))).toBe('not-applicable');
    expect(check(KmsKeyRotation, key({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).toBe('not-applicable');
    expect(check(KmsKeyRotation, key({ Origin: 'EXTERNAL' }))).toBe('not-applicable');
    expect(check(KmsKeyRotation, UNRELATED)).toBe('not-applicable');
  });
});

describe('KmsGrantsOnlyForAwsServices', () => {
  test('compliant: the deny our keys carry', () => {
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, DENY_GRANTS_NOT_FOR_AWS_SERVICES))).toBe(
      'compliant',
    );
  });

  test('compliant: Bool on kms:GrantIsForAWSResource alone, Principal "*", action pattern', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: ['kms:Create*'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': false } },
    };
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, deny))).toBe('compliant');
  });

  test('non-compliant: no key policy, or no deny', () => {
    expect(check(KmsGrantsOnlyForAwsServices, key({ EnableKeyRotation: true }))).toBe('non-compliant');
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT))).toBe('non-compliant');
  });

  test('non-compliant: a deny narrowed to some principals or by another condition', () => {
    const toOneRole = {
      ...DENY_GRANTS_NOT_FOR_AWS_SERVICES,
      Principal: { AWS: 'arn:aws:iam::123456789012:role/app' },
    };
    const narrowed = {
      ...DENY_GRANTS_NOT_FOR_AWS_SERVICES,
      Condition: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' },
        StringEquals: { 'aws:PrincipalAccount': '111111111111' },
      },
    };
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, toOneRole))).toBe('non-compliant');
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, narrowed))).toBe('non-compliant');
  });

  test('non-compliant: a deny of other actions, or one that tests the wrong value', () => {
    const otherAction = { ...DENY_GRANTS_NOT_FOR_AWS_SERVICES, Action: 'kms:Decrypt' };
    const wrongValue = {
      ...DENY_GRANTS_NOT_FOR_AWS_SERVICES,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    };
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, otherAction))).toBe('non-compliant');
    expect(check(KmsGrantsOnlyForAwsServices, withPolicy(ACCOUNT_ROOT, wrongValue))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(KmsGrantsOnlyForAwsServices, UNRELATED)).toBe('not-applicable');
  });
});

describe('KmsKeyPolicyNotPublic', () => {
  test('compliant: named principals, and Allow to everyone limited to one account', () => {
    expect(check(KmsKeyPolicyNotPublic, withPolicy(ACCOUNT_ROOT, DENY_GRANTS_NOT_FOR_AWS_SERVICES))).toEqual([]);
    const callerAccount = {
      Sid: 'EbsInThisAccount',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:CreateGrant'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
      },
    };
    expect(check(KmsKeyPolicyNotPublic, withPolicy(ACCOUNT_ROOT, callerAccount))).toEqual([]);
  });

  test('non-compliant: Allow to "*" or {"AWS": "*"} without an account condition, by Sid or position', () => {
    const everyone = { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
    const anyAws = {
      Effect: 'Allow',
      Principal: { AWS: ['*'] },
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    };
    expect(check(KmsKeyPolicyNotPublic, withPolicy(ACCOUNT_ROOT, everyone, anyAws))).toEqual(['Everyone', '#3']);
  });

  test('not applicable to other resources', () => {
    expect(check(KmsKeyPolicyNotPublic, UNRELATED)).toBe('not-applicable');
  });
});
