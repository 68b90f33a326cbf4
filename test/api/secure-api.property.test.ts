import * as fc from 'fast-check';
import {
  apiSpecArb,
  buildApi,
  buildFunction,
  buildTable,
  DEFAULT_FUNCTION_SPEC,
  DEFAULT_TABLE_SPEC,
  expectNoUnacknowledgedFindings,
  functionSpecArb,
  grantTable,
  lintSampleEvery,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
  tableGrantArb,
  tableSpecArb,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureApi configuration (authorizers: IAM, Cognito, token and request authorizers on a
 * SecureFunction; throttling, cache, stage, logging, endpoint types, custom domains, WAF, client certificate,
 * routes with methods, models, required parameters, CORS and deliberately public methods), behind which one or
 * two SecureFunctions use a table, has zero unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();
/** Every fifth configuration's templates go to cfn-lint (CloudFormation's resource schemas). */
const corpus = new TemplateCorpus(`SecureApi random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());

/**
 * One case: an API, the functions its routes integrate (mostly default ones, sometimes random: the function
 * property covers those), and sometimes a table they use (default or random: the table property covers those).
 * Kept small so that the 200 cases stay fast.
 */
const caseArb = fc.record({
  api: apiSpecArb,
  randomFunctions: fc.array(fc.option(functionSpecArb, { nil: undefined, freq: 5 }), { minLength: 2, maxLength: 2 }),
  table: fc.option(fc.record({ spec: fc.option(tableSpecArb, { nil: undefined, freq: 2 }), grant: tableGrantArb }), {
    nil: undefined,
    freq: 2,
  }),
});

describe('SecureApi property', () => {
  afterAll(() => {
    tally.report(
      'SecureApi',
      tally.count('runs'),
      `${tally.count('methods')} methods, ${tally.count('functions')} integrated functions`,
    );
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const table = spec.table ? buildTable(stack, 'Table', spec.table.spec ?? { ...DEFAULT_TABLE_SPEC }) : undefined;
        const functions = Array.from({ length: spec.api.functions }, (_, i) =>
          buildFunction(stack, `Handler${i}`, spec.randomFunctions[i] ?? DEFAULT_FUNCTION_SPEC),
        );
        if (table) {
          functions.forEach((fn) => grantTable(table, fn, spec.table!.grant));
        }
        const api = buildApi(stack, 'Api', spec.api, functions);
        expectNoUnacknowledgedFindings(app, spec);
        corpus.sample(app);
        tally.add('runs');
        tally.add('functions', functions.length);
        tally.add('methods', api.restApi.methods.length);
      }),
      propertyParameters(),
    );
  }, 300_000);

  test('cfn-lint finds no error in the sampled templates', () => {
    corpus.expectValid();
  }, 120_000);
});
