import { Severity } from '../../vocabulary';
import { XRAY_TRACING } from '../frameworks';
import { RuleDefinition } from '../rule';
import { isTrue } from '../template-values';

/**
 * Every API Gateway REST API stage has X-Ray tracing.
 * @internal
 */
export const ApiTracing: RuleDefinition = {
  name: 'ApiTracing',
  title: 'API Gateway REST API stages have X-Ray tracing',
  explanation:
    'Without tracing on the stage, a request cannot be followed from the API into the functions and services ' +
    'behind it, so slow or failing integrations, retries and unexpected calls go unnoticed, and the traces of the ' +
    'functions start without their caller. Set TracingEnabled true on the stage (deployOptions tracingEnabled). ' +
    'HTTP APIs do not support X-Ray and are not checked.',
  problem: 'The REST API stage has X-Ray tracing off',
  fix:
    'Use SecureApi, which turns tracing on. On your own REST API set `deployOptions.tracingEnabled: true` ' +
    '(AWS::ApiGateway::Stage TracingEnabled true).',
  control: 'APIGWXrayEnabled',
  severity: Severity.ERROR,
  frameworks: XRAY_TRACING,
  guard: {
    resourceTypes: ['AWS::ApiGateway::Stage'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.TracingEnabled !is_list <<MESSAGE>>
      %properties.TracingEnabled == true or %properties.TracingEnabled == /^(?i)true$/ <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::ApiGateway::Stage') {
      return 'not-applicable';
    }
    return isTrue(resource.properties.TracingEnabled) ? 'compliant' : 'non-compliant';
  },
};
