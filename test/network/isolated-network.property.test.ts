import * as fc from 'fast-check';
import {
  buildNetwork,
  expectNoUnacknowledgedFindings,
  networkSpecArb,
  lintSampleEvery,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid IsolatedNetwork configuration (2 to 6 AZs, finite flow-log retention), with security
 * groups of the user's let through to the gateway and interface endpoints and a SecureFunction running in it,
 * has zero unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();
/** Every fifth configuration's templates go to cfn-lint (CloudFormation's resource schemas). */
const corpus = new TemplateCorpus(
  `IsolatedNetwork random configurations, 1 in ${lintSampleEvery()}`,
  lintSampleEvery(),
);

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
        corpus.sample(app);
        tally.add('runs');
        tally.add('securityGroups', spec.securityGroups.length);
      }),
      propertyParameters(),
    );
  }, 240_000);

  test('cfn-lint finds no error in the sampled templates', () => {
    corpus.expectValid();
  }, 120_000);
});
