import { CfnParameter, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IsolatedNetwork, IsolatedNetworkProps } from '../../src';
import { newStack } from '../support/compliance';
import { InvalidInputCase, SecureErrorCode as E, retentionCases, testInvalidInputs } from '../support/invalid-input';

const PATH = 'TestStack/Net';

function network(props: IsolatedNetworkProps, scope: Stack = newStack().stack): IsolatedNetwork {
  return new IsolatedNetwork(scope, 'Net', props);
}

/** A network with `props`, built lazily, for the case table. */
const withProps = (props: IsolatedNetworkProps) => () => network(props);

describe('IsolatedNetwork fails when', () => {
  const cases: InvalidInputCase[] = [
    // maxAzs
    ...([1, 7, 0, -2, 2.5, 100, NaN] as const).map((value): InvalidInputCase => [
      `maxAzs is ${value}`,
      withProps({ maxAzs: value }),
      E.INVALID_PROP,
      'maxAzs',
    ]),
    [
      'maxAzs is a Number parameter',
      () => {
        const { stack } = newStack();
        return network(
          { maxAzs: Token.asNumber(new CfnParameter(stack, 'Azs', { type: 'Number' }).valueAsNumber) },
          stack,
        );
      },
      E.UNRESOLVED_TOKEN,
      'maxAzs',
    ],
    ['maxAzs is Lazy.number', withProps({ maxAzs: Lazy.number({ produce: () => 3 }) }), E.UNRESOLVED_TOKEN, 'maxAzs'],

    // flowLogRetention
    ...retentionCases('flowLogRetention', (days) => withProps({ flowLogRetention: days as logs.RetentionDays })),
  ];

  testInvalidInputs(cases, PATH);

  test('the error for maxAzs says exactly what is wrong and what to do', () => {
    expect(() => network({ maxAzs: 1 })).toThrow(
      /^\[CSS001\] TestStack\/Net: prop "maxAzs": 1 is not an integer from 2 to 6\. Fix: set maxAzs to an integer from 2 to 6\.$/,
    );
  });
});
