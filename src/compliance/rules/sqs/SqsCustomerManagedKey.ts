import { Severity } from '../../vocabulary';
import { CUSTOMER_MANAGED_KEY_AT_REST } from '../frameworks';
import { RuleDefinition } from '../rule';
import { isAwsManagedKeyAlias, isSet, templateText } from '../template-values';

/**
 * An SQS queue is encrypted with a customer-managed KMS key.
 * @internal
 */
export const SqsCustomerManagedKey: RuleDefinition = {
  name: 'SqsCustomerManagedKey',
  title: 'SQS queues are encrypted with a customer-managed KMS key',
  explanation:
    'SqsManagedSseEnabled encrypts with a key SQS owns, and KmsMasterKeyId alias/aws/sqs with the AWS-managed key: ' +
    'neither can be restricted by a key policy or disabled in an incident, so anyone allowed sqs:ReceiveMessage ' +
    'reads the messages, and events in a dead-letter queue often hold the most sensitive payloads. Set ' +
    'KmsMasterKeyId to a customer-managed key with rotation on, and grant kms:Decrypt only to the consumers.',
  problem:
    'The queue is encrypted with a key SQS owns or the AWS-managed key alias/aws/sqs, not a customer-managed key',
  fix:
    'On your own queue set `encryption: sqs.QueueEncryption.KMS` and `encryptionMasterKey` to a customer-managed ' +
    'key with rotation on (AWS::SQS::Queue KmsMasterKeyId), and grant kms:Decrypt only to the consumers; or use ' +
    "SecureQueue, which encrypts with `encryptionKey` or the stack's messaging key.",
  severity: Severity.ERROR,
  frameworks: CUSTOMER_MANAGED_KEY_AT_REST,
  guard: {
    resourceTypes: ['AWS::SQS::Queue'],
    scope: 'resource',
    // Not alias/aws/sqs, written literally, as the last part of an `Fn::Join` or at the end of an `Fn::Sub`.
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.KmsMasterKeyId exists <<MESSAGE>>
      %properties.KmsMasterKeyId !is_string or %properties.KmsMasterKeyId != '' <<MESSAGE>>
      %properties.KmsMasterKeyId !is_string or %properties.KmsMasterKeyId != /^(.*:)?alias\\/aws\\/sqs$/ <<MESSAGE>>
      when %properties.KmsMasterKeyId.'Fn::Join' is_list {
        let parts = %properties.KmsMasterKeyId.'Fn::Join'[1][*]
        %parts[ this is_string ] != /(^|:)alias\\/aws\\/sqs$/ <<MESSAGE>>
      }
      %properties.KmsMasterKeyId.'Fn::Sub' !is_string or %properties.KmsMasterKeyId.'Fn::Sub' != /^(.*:)?alias\\/aws\\/sqs$/ <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::SQS::Queue') {
      return 'not-applicable';
    }
    const key = resource.properties.KmsMasterKeyId;
    return isSet(key) && !isAwsManagedKeyAlias(templateText(key), 'sqs') ? 'compliant' : 'non-compliant';
  },
};
