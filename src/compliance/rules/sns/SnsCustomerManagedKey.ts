import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isAwsManagedKeyAlias, isSet, templateText } from '../template-values';

/**
 * An SNS topic is encrypted with a customer-managed KMS key.
 * @internal
 */
export const SnsCustomerManagedKey: RuleDefinition = {
  name: 'SnsCustomerManagedKey',
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  explanation:
    'A topic without KmsMasterKeyId stores messages unencrypted at rest, and one encrypted with alias/aws/sns ' +
    'cannot be published to by services such as CloudWatch alarms or EventBridge, nor restricted by a key policy. ' +
    'Set KmsMasterKeyId to a customer-managed key with rotation on whose key policy lets the publishing services ' +
    'use it.',
  problem: 'The topic is unencrypted, or encrypted with the AWS-managed key alias/aws/sns',
  fix:
    "Use the topics our constructs create (the stack's dead-letter and alarm topics, encrypted with its shared " +
    'key), or pass SecureFunction and SecureApi an `alarmTopic` or `deadLetterTopic` encrypted this way. On your ' +
    'own topic set `masterKey` to a customer-managed key whose policy lets the publishing services use it ' +
    '(AWS::SNS::Topic KmsMasterKeyId).',
  control: 'SNSEncryptedKMS',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
    pci: ['8.2.1'],
    nist: ['SC-12', 'SC-28(1)'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::SNS::Topic'],
    scope: 'resource',
    // Not alias/aws/sns, written literally, as the last part of an `Fn::Join` or at the end of an `Fn::Sub`.
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.KmsMasterKeyId exists <<MESSAGE>>
      %properties.KmsMasterKeyId !is_string or %properties.KmsMasterKeyId != '' <<MESSAGE>>
      %properties.KmsMasterKeyId !is_string or %properties.KmsMasterKeyId != /^(.*:)?alias\\/aws\\/sns$/ <<MESSAGE>>
      when %properties.KmsMasterKeyId.'Fn::Join' is_list {
        let parts = %properties.KmsMasterKeyId.'Fn::Join'[1][*]
        %parts[ this is_string ] != /(^|:)alias\\/aws\\/sns$/ <<MESSAGE>>
      }
      %properties.KmsMasterKeyId.'Fn::Sub' !is_string or %properties.KmsMasterKeyId.'Fn::Sub' != /^(.*:)?alias\\/aws\\/sns$/ <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::SNS::Topic') {
      return 'not-applicable';
    }
    const key = resource.properties.KmsMasterKeyId;
    return isSet(key) && !isAwsManagedKeyAlias(templateText(key), 'sns') ? 'compliant' : 'non-compliant';
  },
};
