import { Severity } from '../../vocabulary';
import { CUSTOMER_MANAGED_KEY_AT_REST } from '../frameworks';
import { RuleDefinition } from '../rule';
import { asArray, isAwsManagedKeyAlias, isObject, isSet, isTrue, templateText } from '../template-values';

/**
 * A DynamoDB table is encrypted with a customer-managed KMS key.
 * @internal
 */
export const DynamoDBCustomerManagedKey: RuleDefinition = {
  name: 'DynamoDBCustomerManagedKey',
  title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
  explanation:
    'By default DynamoDB encrypts tables with an AWS-owned key, and SSEType KMS without a key id (or with ' +
    'alias/aws/dynamodb) uses the AWS-managed aws/dynamodb key: neither can be restricted by a key policy, ' +
    'disabled in an incident, or audited per table in CloudTrail. Set SSESpecification with SSEEnabled true, ' +
    'SSEType KMS and KMSMasterKeyId of a customer-managed key with rotation on (for a global table, the key of ' +
    'every replica).',
  problem: 'The table is encrypted with an AWS-owned or AWS-managed key, not a customer-managed key',
  fix:
    "Use EncryptedTable, which encrypts with `encryptionKey` or the stack's shared data key (leave " +
    '`optOuts.customerManagedKey` unset). On your own table set `encryption: ' +
    'dynamodb.TableEncryption.CUSTOMER_MANAGED` and `encryptionKey` (AWS::DynamoDB::Table SSESpecification ' +
    'SSEEnabled true, SSEType KMS and KMSMasterKeyId; for a global table, the key of every replica).',
  severity: Severity.ERROR,
  frameworks: CUSTOMER_MANAGED_KEY_AT_REST,
  guard: {
    unsupported:
      'The check recognises the AWS-managed key alias/aws/dynamodb in the text of KMSMasterKeyId, assembling ' +
      'Fn::Join (recursively, with intrinsic parts) and Fn::Sub values, which Guard cannot do: its join() refuses ' +
      'non-string parts and it has no recursion',
  },
  check: (resource) => {
    if (resource.type === 'AWS::DynamoDB::Table') {
      const sse = resource.properties.SSESpecification;
      return isKmsEncrypted(sse) && isCustomerManagedKey(sse.KMSMasterKeyId) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::DynamoDB::GlobalTable') {
      // The table-level specification chooses KMS; each replica names its region's key.
      const replicas = asArray(resource.properties.Replicas).filter(isObject);
      const everyReplicaHasKey =
        replicas.length > 0 &&
        replicas.every((replica) => isCustomerManagedKey(replica.SSESpecification?.KMSMasterKeyId));
      return isKmsEncrypted(resource.properties.SSESpecification) && everyReplicaHasKey ? 'compliant' : 'non-compliant';
    }
    return 'not-applicable';
  },
};

/** True when the specification turns on KMS encryption. */
function isKmsEncrypted(sse: unknown): sse is { readonly [key: string]: any } {
  return isObject(sse) && isTrue(sse.SSEEnabled) && sse.SSEType === 'KMS';
}

/** True when a key is named, and it is not the AWS-managed key `alias/aws/dynamodb`. */
function isCustomerManagedKey(key: unknown): boolean {
  return isSet(key) && !isAwsManagedKeyAlias(templateText(key), 'dynamodb');
}
