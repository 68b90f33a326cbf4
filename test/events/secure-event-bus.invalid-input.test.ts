import { Lazy, Stack } from 'aws-cdk-lib';
import { SecureEventBus } from '../../src/events/secure-event-bus';
import { SecureEventBusProps } from '../../src/events/secure-event-bus-props';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Orders';
const withProps = (props: SecureEventBusProps) => () => new SecureEventBus(newStack().stack, 'Orders', props);

describe('SecureEventBus fails when', () => {
  const cases: InvalidInputCase[] = [
    ['eventBusName is empty', withProps({ eventBusName: '' }), E.INVALID_PROP, 'eventBusName'],
    ['eventBusName is whitespace', withProps({ eventBusName: '   ' }), E.INVALID_PROP, 'eventBusName'],
    ['eventBusName has a space', withProps({ eventBusName: 'my orders' }), E.INVALID_PROP, 'eventBusName'],
    ['eventBusName has a colon', withProps({ eventBusName: 'orders:prod' }), E.INVALID_PROP, 'eventBusName'],
    [
      'eventBusName is longer than 256 characters',
      withProps({ eventBusName: 'b'.repeat(257) }),
      E.INVALID_PROP,
      'eventBusName',
    ],
    ["eventBusName is 'default'", withProps({ eventBusName: 'default' }), E.INVALID_PROP, 'eventBusName'],
    [
      'description is longer than 512 characters',
      withProps({ description: 'd'.repeat(513) }),
      E.INVALID_PROP,
      'description',
    ],
  ];
  testInvalidInputs(cases, PATH);
});

describe('SecureEventBus skips the checks of a token, with a warning', () => {
  const cases: TokenCase[] = [
    [
      'eventBusName is a token',
      (stack) => new SecureEventBus(stack, 'Orders', { eventBusName: Lazy.string({ produce: () => 'orders' }) }),
      'eventBusName',
    ],
    [
      'description is a token',
      (stack) => new SecureEventBus(stack, 'Orders', { description: Lazy.string({ produce: () => 'd' }) }),
      'description',
    ],
  ];
  testTokenWarnings(cases, (): Stack => newStack().stack, PATH);
});
