import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';

/**
 * Lambda's recursive loop detection is not turned off.
 * @internal
 */
export const LambdaRecursiveLoop: RuleDefinition = {
  name: 'LambdaRecursiveLoop',
  title: 'Lambda recursive loop detection is not turned off',
  explanation:
    'With RecursiveLoop set to Allow, Lambda no longer stops a function that invokes itself through SQS, SNS, S3 ' +
    'or another function after about 16 iterations, so one bad event can loop until the bill or a quota stops ' +
    'it. Leave RecursiveLoop at Terminate (the default); a function that recurses by design should bound the ' +
    'recursion itself and acknowledge this rule.',
  problem: 'The function has recursive loop detection turned off (RecursiveLoop Allow)',
  fix:
    'Use SecureFunction, which sets RecursiveLoop to Terminate. On your own function remove `recursiveLoop: ' +
    'lambda.RecursiveLoop.ALLOW` or set `lambda.RecursiveLoop.TERMINATE` (AWS::Lambda::Function RecursiveLoop ' +
    'Terminate, the default); a function that recurses by design should bound the recursion itself and acknowledge ' +
    'the rule.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-8', 'SAS-9'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'resource',
    clauses: `
      when %properties.RecursiveLoop exists {
        %properties.RecursiveLoop !is_string or %properties.RecursiveLoop != 'Allow' <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    return resource.properties.RecursiveLoop === 'Allow' ? 'non-compliant' : 'compliant';
  },
};
