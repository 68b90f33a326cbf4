import { detectSecret } from '../../../core/secret-detection';
import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject, templateText } from '../template-values';

/**
 * No Lambda environment variable holds a plaintext secret. Findings are the offending variable names.
 * @internal
 */
export const LambdaPlaintextSecret: RuleDefinition = {
  name: 'LambdaPlaintextSecret',
  title: 'Lambda environment variables hold no plaintext secrets',
  explanation:
    'An environment variable whose name or value looks like a secret (a password, token, API key, private key or ' +
    'a connection string with credentials) is readable by anyone allowed lambda:GetFunctionConfiguration and is ' +
    'stored in the template and the cloud assembly. Keep the secret in AWS Secrets Manager or an SSM SecureString ' +
    'parameter, pass its ARN or name in the variable, and read it at run time.',
  problem: 'The function has an environment variable that holds a plaintext secret',
  fix:
    "Pass the secret through SecureFunction `secrets`: the variable then holds the secret's ARN (or the " +
    "parameter's name) and the code reads the value at run time. On your own function keep the secret in Secrets " +
    'Manager or an SSM SecureString parameter, put its ARN or name in the variable (AWS::Lambda::Function ' +
    'Environment.Variables) and grant the role read access with `secret.grantRead(fn)`.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-7'],
    hipaa: ['164.312(a)(2)(iv)', '164.312(d)'],
    pci: ['8.2.1'],
    nist: ['IA-5(7)', 'SC-28'],
    gdpr: ['Art. 32'],
  },
  guard: {
    unsupported:
      'The secret detection splits variable names into words and measures the entropy and shape of values ' +
      '(vendor token formats, credentials in connection strings), which Guard regular expressions cannot express.',
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const variables = resource.properties.Environment?.Variables;
    if (!isObject(variables)) {
      return [];
    }
    return Object.entries(variables)
      .filter(([name, value]) => detectSecret(name, templateText(value)) !== undefined)
      .map(([name]) => name);
  },
};
