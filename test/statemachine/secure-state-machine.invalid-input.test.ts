import { CfnParameter } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { SecureStateMachine } from '../../src/statemachine/secure-state-machine';
import { SecureStateMachineProps } from '../../src/statemachine/secure-state-machine-props';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  optOutCases,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Flow';

const withProps = (props: Partial<SecureStateMachineProps>) => () => {
  const { stack } = newStack();
  return new SecureStateMachine(stack, 'Flow', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')),
    ...props,
  });
};

describe('SecureStateMachine fails when', () => {
  const cases: InvalidInputCase[] = [
    [
      'definitionBody is missing',
      () => new SecureStateMachine(newStack().stack, 'Flow', {} as SecureStateMachineProps),
      E.INVALID_PROP,
      'definitionBody',
    ],
    ['stateMachineName is empty', withProps({ stateMachineName: '' }), E.INVALID_PROP, 'stateMachineName'],
    ['stateMachineName has a space', withProps({ stateMachineName: 'order flow' }), E.INVALID_PROP, 'stateMachineName'],
    ['stateMachineName has a colon', withProps({ stateMachineName: 'orders:v1' }), E.INVALID_PROP, 'stateMachineName'],
    [
      'stateMachineName is longer than 80 characters',
      withProps({ stateMachineName: 's'.repeat(81) }),
      E.INVALID_PROP,
      'stateMachineName',
    ],
    [
      'stateMachineType is not a type',
      withProps({ stateMachineType: 'SLOW' as sfn.StateMachineType }),
      E.INVALID_PROP,
      'stateMachineType',
    ],
    [
      'logRetention is INFINITE',
      withProps({ logRetention: logs.RetentionDays.INFINITE }),
      E.INVALID_PROP,
      'logRetention',
    ],
    [
      'logRetention is not a RetentionDays value',
      withProps({ logRetention: 2 as logs.RetentionDays }),
      E.INVALID_PROP,
      'logRetention',
    ],
    ...optOutCases('optOuts.executionDataExclusion', (optOut) =>
      withProps({ optOuts: { executionDataExclusion: optOut as any } }),
    ),
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureStateMachine with tokens', () => {
  const cases: TokenCase[] = [
    [
      'stateMachineName from a parameter',
      (s) =>
        new SecureStateMachine(s, 'Flow', {
          stateMachineName: new CfnParameter(s, 'P').valueAsString,
          definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(s, 'Noop')),
        }),
      'stateMachineName',
    ],
  ];

  testTokenWarnings(cases, () => newStack().stack, PATH);
});
