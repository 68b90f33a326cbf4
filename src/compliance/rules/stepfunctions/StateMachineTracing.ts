import { Severity } from '../../vocabulary';
import { XRAY_TRACING } from '../frameworks';
import { RuleDefinition } from '../rule';
import { isObject, isTrue } from '../template-values';

/**
 * A Step Functions state machine is traced with X-Ray.
 * @internal
 */
export const StateMachineTracing: RuleDefinition = {
  name: 'StateMachineTracing',
  title: 'Step Functions state machines have X-Ray tracing',
  explanation:
    "Without tracing, an execution's calls to functions and services cannot be followed end to end, and the " +
    'traces of the functions it invokes start without their caller, so slow, failing or unexpected calls go ' +
    "unnoticed. cdk-nag reads the state machine's L1 props, so a template changed by an escape hatch is checked " +
    'here too.',
  problem: 'The state machine has X-Ray tracing off',
  fix:
    'Use SecureStateMachine, which turns tracing on. On your own state machine set `tracingEnabled: true` ' +
    '(AWS::StepFunctions::StateMachine TracingConfiguration Enabled true).',
  control: 'StepFunctionStateMachineXray',
  severity: Severity.ERROR,
  frameworks: XRAY_TRACING,
  guard: {
    resourceTypes: ['AWS::StepFunctions::StateMachine'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.TracingConfiguration is_struct <<MESSAGE>>
      %properties.TracingConfiguration.Enabled == true or
      %properties.TracingConfiguration.Enabled == /(?i)^true$/ <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::StepFunctions::StateMachine') {
      return 'not-applicable';
    }
    const tracing = resource.properties.TracingConfiguration;
    return isObject(tracing) && isTrue(tracing.Enabled) ? 'compliant' : 'non-compliant';
  },
};
