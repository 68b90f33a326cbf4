import { Severity } from '../../vocabulary';
import { CUSTOMER_MANAGED_KEY_AT_REST } from '../frameworks';
import { RuleDefinition } from '../rule';
import { asArray, isAwsManagedKeyAlias, isObject, isSet, templateText } from '../template-values';

/**
 * An S3 bucket encrypts new objects with a customer-managed KMS key by default.
 * @internal
 */
export const S3CustomerManagedKey: RuleDefinition = {
  name: 'S3CustomerManagedKey',
  title: 'S3 buckets encrypt new objects with a customer-managed KMS key',
  explanation:
    'Without a default encryption of aws:kms (or aws:kms:dsse) with a KMSMasterKeyID, S3 encrypts with keys it ' +
    'owns (SSE-S3) or with the AWS-managed key alias/aws/s3: neither can be restricted by a key policy or disabled ' +
    'in an incident, so anyone allowed s3:GetObject reads the objects. cdk-nag reads the construct tree, so an ' +
    'encryption changed or removed through an escape hatch passes it; this rule reads the template.',
  problem:
    'The bucket encrypts new objects with keys S3 owns or the AWS-managed key alias/aws/s3, not a customer-managed key',
  fix:
    "Use SecureBucket, which encrypts with `encryptionKey` or the stack's data key and an S3 bucket key. On your own " +
    'bucket set `encryption: s3.BucketEncryption.KMS` and `encryptionKey` to a customer-managed key with rotation ' +
    'on (BucketEncryption.ServerSideEncryptionConfiguration: SSEAlgorithm aws:kms with KMSMasterKeyID).',
  control: 'S3DefaultEncryptionKMS',
  severity: Severity.ERROR,
  frameworks: CUSTOMER_MANAGED_KEY_AT_REST,
  guard: {
    unsupported:
      'The check recognises the AWS-managed key alias/aws/s3 in the text of KMSMasterKeyID, assembling Fn::Join ' +
      '(recursively, with intrinsic parts) and Fn::Sub values, which Guard cannot do: its join() refuses ' +
      'non-string parts and it has no recursion',
  },
  check: (resource) => {
    if (resource.type !== 'AWS::S3::Bucket') {
      return 'not-applicable';
    }
    const encryption = resource.properties.BucketEncryption;
    const rules = isObject(encryption) ? asArray(encryption.ServerSideEncryptionConfiguration) : [];
    const byDefault = rules.map((rule) => (isObject(rule) ? rule.ServerSideEncryptionByDefault : undefined));
    const customerManaged =
      byDefault.length > 0 &&
      byDefault.every(
        (d) =>
          isObject(d) &&
          (d.SSEAlgorithm === 'aws:kms' || d.SSEAlgorithm === 'aws:kms:dsse') &&
          isSet(d.KMSMasterKeyID) &&
          !isAwsManagedKeyAlias(templateText(d.KMSMasterKeyID), 's3'),
      );
    return customerManaged ? 'compliant' : 'non-compliant';
  },
};
