import * as fc from 'fast-check';
import {
  buildNetwork,
  expectNoUnacknowledgedFindings,
  networkSpecArb,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
} from '../support/arbitraries';

/**
 * Property: every valid IsolatedNetwork configuration (2 to 6 AZs, finite flow-log retention), with security
 * groups of the user's let through to the gateway and interface endpoints and a SecureFunction running in it,
 * has zero unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();

describe('IsolatedNetwork property', () => {
  afterAll(() => {
    tally.report('IsolatedNetwork', tally.count('runs'), `${tally.count('securityGroups')} user security groups`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(networkSpecArb, (spec) => {
        const { app, stack } = newPropertyStack();
        buildNetwork(stack, 'Network', spec);
        expectNoUnacknowledgedFindings(app, spec);
        tally.add('runs');
        tally.add('securityGroups', spec.securityGroups.length);
      }),
      propertyParameters(),
    );
  }, 240_000);
});
