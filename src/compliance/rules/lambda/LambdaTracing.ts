import { Severity } from '../../vocabulary';
import { XRAY_TRACING } from '../frameworks';
import { RuleDefinition } from '../rule';

/**
 * A Lambda function has active X-Ray tracing.
 * @internal
 */
export const LambdaTracing: RuleDefinition = {
  name: 'LambdaTracing',
  title: 'Lambda functions have active X-Ray tracing',
  explanation:
    'Without active tracing, a request cannot be followed from the API through the function to the services it ' +
    'calls, so slow or failing dependencies and unexpected calls go unnoticed. Set TracingConfig.Mode to Active ' +
    '(`tracing: lambda.Tracing.ACTIVE`); the role needs xray:PutTraceSegments and xray:PutTelemetryRecords.',
  problem: 'The function has active X-Ray tracing off',
  fix:
    'Use SecureFunction, which traces actively. On your own function set `tracing: lambda.Tracing.ACTIVE` ' +
    '(AWS::Lambda::Function TracingConfig.Mode Active).',
  control: 'LambdaTracing',
  severity: Severity.ERROR,
  frameworks: XRAY_TRACING,
  guard: {
    resourceTypes: ['AWS::Lambda::Function'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.TracingConfig.Mode == 'Active' <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    return resource.properties.TracingConfig?.Mode === 'Active' ? 'compliant' : 'non-compliant';
  },
};
