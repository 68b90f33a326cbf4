import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject, isSet } from '../template-values';

/**
 * A Lambda function with environment variables encrypts them with a customer-managed KMS key.
 * @internal
 */
export const LambdaEnvironmentCustomerManagedKey: RuleDefinition = {
  name: 'LambdaEnvironmentCustomerManagedKey',
  title: 'Lambda environment variables are encrypted with a customer-managed KMS key',
  explanation:
    'Without KmsKeyArn, Lambda encrypts environment variables with the AWS-managed key aws/lambda, whose key ' +
    'policy you cannot restrict or audit separately: every principal allowed to read the function configuration ' +
    'sees the values decrypted. Set KmsKeyArn (the `environmentEncryption` prop) to a customer-managed key with ' +
    'rotation on, and grant kms:Decrypt on it only to the roles that need the values.',
  problem: 'The function encrypts its environment variables with the AWS-managed key aws/lambda',
  fix:
    "Use SecureFunction, which encrypts them with `environmentEncryptionKey` or the stack's shared environment " +
    'key. On your own function set `environmentEncryption` to a customer-managed key with rotation on ' +
    '(AWS::Lambda::Function KmsKeyArn).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-7', 'SAS-3'],
    nist: ['SC-12', 'SC-28(1)'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'resource',
    clauses: `
      when %properties.Environment.Variables is_struct
           %properties.Environment.Variables !empty {
        %properties.KmsKeyArn exists <<MESSAGE>>
        %properties.KmsKeyArn !is_string or %properties.KmsKeyArn != '' <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const variables = resource.properties.Environment?.Variables;
    const hasVariables = isObject(variables) && Object.keys(variables).length > 0;
    if (!hasVariables) {
      return 'not-applicable';
    }
    return isSet(resource.properties.KmsKeyArn) ? 'compliant' : 'non-compliant';
  },
};
