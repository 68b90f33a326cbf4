import { Severity } from '../../vocabulary';
import { AUDIT_LOGGING } from '../frameworks';
import { RuleDefinition } from '../rule';
import { asArray, isObject } from '../template-values';

/**
 * A Step Functions state machine logs every event to CloudWatch Logs.
 * @internal
 */
export const StateMachineLogging: RuleDefinition = {
  name: 'StateMachineLogging',
  title: 'Step Functions state machines log every event to CloudWatch Logs',
  explanation:
    'Without logging at Level ALL to a log group, an execution leaves no record outside its execution history, ' +
    'which a standard workflow keeps for 90 days and an express workflow does not keep at all: which task ran, ' +
    'which failed and was retried, and what was caught cannot be audited or alarmed on. cdk-nag reads the ' +
    "state machine's L1 props, so a template changed by an escape hatch is checked here too.",
  problem: 'The state machine does not log every event (LoggingConfiguration Level ALL with a log group)',
  fix:
    'Use SecureStateMachine, which logs every event to an encrypted log group. On your own state machine set ' +
    '`logs: { destination, level: sfn.LogLevel.ALL }` (AWS::StepFunctions::StateMachine LoggingConfiguration ' +
    'Level ALL with Destinations).',
  control: 'StepFunctionStateMachineAllLogsToCloudWatch',
  severity: Severity.ERROR,
  frameworks: AUDIT_LOGGING,
  guard: {
    resourceTypes: ['AWS::StepFunctions::StateMachine'],
    scope: 'resource',
    clauses: `
      %properties !empty <<MESSAGE>>
      %properties.LoggingConfiguration.Level == 'ALL' <<MESSAGE>>
      %properties.LoggingConfiguration.Destinations exists <<MESSAGE>>
      %properties.LoggingConfiguration.Destinations !is_list or %properties.LoggingConfiguration.Destinations !empty <<MESSAGE>>
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::StepFunctions::StateMachine') {
      return 'not-applicable';
    }
    const logging = resource.properties.LoggingConfiguration;
    if (!isObject(logging) || logging.Level !== 'ALL') {
      return 'non-compliant';
    }
    return asArray(logging.Destinations).length > 0 ? 'compliant' : 'non-compliant';
  },
};
