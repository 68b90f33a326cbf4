import { Severity } from '../../vocabulary';
import { CUSTOMER_MANAGED_KEY_AT_REST } from '../frameworks';
import { RuleDefinition } from '../rule';
import { isSet, templateText } from '../template-values';

/**
 * A Step Functions state machine is encrypted with a customer-managed KMS key.
 * @internal
 */
export const StateMachineCustomerManagedKey: RuleDefinition = {
  name: 'StateMachineCustomerManagedKey',
  title: 'Step Functions state machines are encrypted with a customer-managed KMS key',
  explanation:
    'Without an EncryptionConfiguration of Type CUSTOMER_MANAGED_KMS_KEY, a state machine encrypts its definition ' +
    'and the input, output and history of every execution with a key Step Functions owns: it cannot be restricted ' +
    'by a key policy, its use is not in CloudTrail, and it cannot be disabled in an incident, so anyone allowed ' +
    'states:DescribeExecution or states:GetExecutionHistory reads the payloads. A customer-managed key with ' +
    'rotation on, whose policy lets Step Functions use it for this state machine only ' +
    '(kms:EncryptionContext:aws:states:stateMachineArn), gives that control.',
  problem: 'The state machine is encrypted with a key Step Functions owns, not a customer-managed key',
  fix:
    "Use SecureStateMachine, which encrypts with `encryptionKey` or the stack's data key. On your own state " +
    'machine set `encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(key)` with a ' +
    'customer-managed key with rotation on (AWS::StepFunctions::StateMachine EncryptionConfiguration Type ' +
    'CUSTOMER_MANAGED_KMS_KEY and KmsKeyId), and grant kms:Decrypt with the key only to who starts or reads ' +
    'executions.',
  severity: Severity.ERROR,
  frameworks: CUSTOMER_MANAGED_KEY_AT_REST,
  guard: {
    resourceTypes: ['AWS::StepFunctions::StateMachine'],
    scope: 'resource',
    // No AWS managed key (alias/aws/...), written literally, in a part of an `Fn::Join` or in an `Fn::Sub`.
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.EncryptionConfiguration.Type == 'CUSTOMER_MANAGED_KMS_KEY' <<MESSAGE>>
      %properties.EncryptionConfiguration.KmsKeyId exists <<MESSAGE>>
      %properties.EncryptionConfiguration.KmsKeyId !is_string or %properties.EncryptionConfiguration.KmsKeyId != '' <<MESSAGE>>
      %properties.EncryptionConfiguration.KmsKeyId !is_string or %properties.EncryptionConfiguration.KmsKeyId != /(alias\\/aws\\/)/ <<MESSAGE>>
      when %properties.EncryptionConfiguration.KmsKeyId.'Fn::Join' is_list {
        let parts = %properties.EncryptionConfiguration.KmsKeyId.'Fn::Join'[1][*]
        %parts[ this is_string ] != /(alias\\/aws\\/)/ <<MESSAGE>>
      }
      let sub = %properties.EncryptionConfiguration.KmsKeyId.'Fn::Sub'
      when %sub exists {
        %sub !is_string or %sub != /(alias\\/aws\\/)/ <<MESSAGE>>
        %sub !is_list or %sub[0] != /(alias\\/aws\\/)/ <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::StepFunctions::StateMachine') {
      return 'not-applicable';
    }
    const encryption = resource.properties.EncryptionConfiguration;
    const key = encryption?.KmsKeyId;
    return encryption?.Type === 'CUSTOMER_MANAGED_KMS_KEY' && isSet(key) && !/alias\/aws\//.test(templateText(key))
      ? 'compliant'
      : 'non-compliant';
  },
};
