import { Severity } from '../../vocabulary';
import { RuleDefinition } from '../rule';
import { isObject } from '../template-values';

/**
 * A Step Functions state machine does not copy execution data into its logs.
 * @internal
 */
export const StateMachineExecutionDataExcluded: RuleDefinition = {
  name: 'StateMachineExecutionDataExcluded',
  title: 'Step Functions state machines log no execution data',
  explanation:
    'With IncludeExecutionData true, every log event carries the input and output of the state it records: ' +
    'orders, identifiers, personal and card data are copied out of the encrypted execution history into the log ' +
    'group, where anyone allowed logs:GetLogEvents or a subscription reads them, and they stay for the log ' +
    "group's retention. Log every event (Level ALL) without execution data; an execution's data stays readable, " +
    'with the key, through states:GetExecutionHistory.',
  problem: 'The state machine copies the input and output of its states into its logs (IncludeExecutionData)',
  fix:
    'Use SecureStateMachine, which logs without execution data unless `optOuts.executionDataExclusion` is given ' +
    'with a reason. On your own state machine leave `logs.includeExecutionData` false ' +
    '(AWS::StepFunctions::StateMachine LoggingConfiguration IncludeExecutionData false, or unset).',
  severity: Severity.ERROR,
  // Data minimisation: personal and card data copied into a second store that more principals read.
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(a)(1)'],
    pci: ['3.2', '3.4'],
    nist: ['AU-3(3)', 'SI-12(1)'],
    gdpr: ['Art. 5(1)(c)', 'Art. 25', 'Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::StepFunctions::StateMachine'],
    scope: 'resource',
    clauses: `
      when %properties.LoggingConfiguration is_struct
           %properties.LoggingConfiguration.IncludeExecutionData exists {
        %properties.LoggingConfiguration.IncludeExecutionData == false or
        %properties.LoggingConfiguration.IncludeExecutionData == /(?i)^false$/ <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::StepFunctions::StateMachine') {
      return 'not-applicable';
    }
    // A state machine without LoggingConfiguration writes no logs, so no execution data reaches one: it is
    // compliant with this rule (the rule applies to every state machine, and what it forbids does not happen).
    // That it should log at all is another rule's finding (AwsSolutions-SF1, logging ALL events).
    const logging = resource.properties.LoggingConfiguration;
    if (!isObject(logging) || logging.IncludeExecutionData === undefined) {
      return 'compliant';
    }
    // Only a literal false proves it: a parameter or a condition may turn execution data on.
    const include = logging.IncludeExecutionData;
    return include === false || (typeof include === 'string' && include.toLowerCase() === 'false')
      ? 'compliant'
      : 'non-compliant';
  },
};
