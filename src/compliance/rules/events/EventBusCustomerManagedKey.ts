import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isSet, templateText } from '../template-values';

/**
 * A custom EventBridge event bus is encrypted with a customer-managed KMS key.
 * @internal
 */
export const EventBusCustomerManagedKey: RuleDefinition = {
  name: 'EventBusCustomerManagedKey',
  title: 'EventBridge event buses are encrypted with a customer-managed KMS key',
  explanation:
    "Without KmsKeyIdentifier, an event bus encrypts the custom events it holds, its rules' event patterns and " +
    "its targets' input with a key EventBridge owns: it cannot be restricted by a key policy, its use is not in " +
    'CloudTrail, and it cannot be disabled in an incident. A customer-managed key with rotation on, whose policy ' +
    'lets EventBridge use it for this bus only (aws:SourceArn, kms:EncryptionContext:aws:events:event-bus:arn), ' +
    'gives that control. A bus that only forwards a partner event source is checked the same way.',
  problem: 'The event bus has no KmsKeyIdentifier: it is encrypted with a key EventBridge owns',
  fix:
    "Use SecureEventBus, which encrypts with `encryptionKey` or the stack's messaging key; on your own bus set " +
    '`kmsKey` (AWS::Events::EventBus KmsKeyIdentifier) to a customer-managed key with rotation on, and a ' +
    'dead-letter queue for events that fail encryption.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(a)(2)(iv)'],
    pci: ['3.4'],
    nist: ['SC-12', 'SC-28(1)'],
    gdpr: ['Art. 32'],
  },
  guard: {
    unsupported:
      'The check looks for alias/aws/ anywhere in the text of KmsKeyIdentifier, assembling Fn::Join (recursively, ' +
      'with intrinsic parts) and Fn::Sub values, which Guard cannot do: its join() refuses non-string parts and it ' +
      'has no recursion',
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Events::EventBus') {
      return 'not-applicable';
    }
    const key = resource.properties.KmsKeyIdentifier;
    return isSet(key) && !/alias\/aws\//.test(templateText(key)) ? 'compliant' : 'non-compliant';
  },
};
