import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/**
 * A Lambda function URL requires IAM authentication.
 * @internal
 */
export const LambdaFunctionUrlAuth: RuleDefinition = {
  name: 'LambdaFunctionUrlAuth',
  title: 'Lambda function URLs require IAM authentication',
  explanation:
    'A function URL with AuthType NONE is a public HTTPS endpoint: anyone who finds the URL can invoke the ' +
    'function, with no authentication, throttling per client or WAF in front of it. Use AuthType AWS_IAM and sign ' +
    'requests with SigV4 (for example from CloudFront with origin access control), or put the function behind an ' +
    'API with an authorizer.',
  problem: 'The function URL lets anyone invoke the function (AuthType NONE)',
  fix:
    'Use `SecureFunction.addFunctionUrl`, which always requires IAM. On your own function pass `authType: ' +
    'lambda.FunctionUrlAuthType.AWS_IAM` to `addFunctionUrl` (AWS::Lambda::Url AuthType AWS_IAM) and sign requests ' +
    'with SigV4, or put the function behind an API with an authorizer.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(a)(1)', '164.312(d)'],
    nist: ['AC-3', 'IA-2'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Url'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.AuthType == 'AWS_IAM' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Url') {
      return 'not-applicable';
    }
    return resource.properties.AuthType === 'AWS_IAM' ? 'compliant' : 'non-compliant';
  },
};
