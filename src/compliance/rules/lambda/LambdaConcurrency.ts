import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { literalNumber } from '../template-values';

/**
 * A Lambda function has reserved concurrency.
 * @internal
 */
export const LambdaConcurrency: RuleDefinition = {
  name: 'LambdaConcurrency',
  title: 'Lambda functions have reserved concurrency',
  explanation:
    "Without ReservedConcurrentExecutions a function scales to the account's whole concurrency quota: a flood of " +
    'events runs up the bill and throttles every other function in the account and region. Reserve the ' +
    'concurrency the function needs (at least 1; 0 disables it), which both caps it and guarantees it capacity.',
  problem: 'The function has no reserved concurrency',
  fix:
    "Use SecureFunction, which reserves `reservedConcurrentExecutions` (the stack's amount from " +
    '`StackDefaults.configure`, 10 unless configured); leave `optOuts.concurrencyLimit` unset. On your own ' +
    'function set `reservedConcurrentExecutions` to at least 1 (AWS::Lambda::Function ' +
    'ReservedConcurrentExecutions).',
  control: 'LambdaConcurrency',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-8'],
    hipaa: ['164.312(b)'],
    nist: ['SC-5', 'SC-6'],
  },
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'resource',
    // A literal number of at least 1, or a string that holds one ('5').
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.ReservedConcurrentExecutions >= 1 or
      %properties.ReservedConcurrentExecutions >= 1.0 or
      %properties.ReservedConcurrentExecutions == /^\\s*\\+?0*[1-9][0-9]*(\\.[0-9]*)?([eE]\\+?[0-9]+)?\\s*$/ <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const reserved = literalNumber(resource.properties.ReservedConcurrentExecutions);
    return reserved !== undefined && reserved >= 1 ? 'compliant' : 'non-compliant';
  },
};
