import * as fc from 'fast-check';
import {
  buildFunction,
  buildTable,
  DEFAULT_FUNCTION_SPEC,
  expectNoUnacknowledgedFindings,
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
 * Property: every valid EncryptedTable configuration (billing, keys, backup, opt-outs with reasons, indexes,
 * TTL, streams, table class), alone or with other tables in the stack and granted to SecureFunctions, has zero
 * unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();
/** Every fifth configuration's templates go to cfn-lint (CloudFormation's resource schemas). */
const corpus = new TemplateCorpus(`EncryptedTable random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());

/** One case: one to three tables in a stack, some granted to a function. */
const caseArb = fc.record({
  tables: fc.array(tableSpecArb, { minLength: 1, maxLength: 3 }),
  grants: fc.oneof(
    fc.constant([]),
    fc.array(fc.record({ table: fc.nat(), kind: tableGrantArb }), { minLength: 1, maxLength: 3 }),
  ),
});

describe('EncryptedTable property', () => {
  afterAll(() => {
    tally.report(
      'EncryptedTable',
      tally.count('runs'),
      `${tally.count('tables')} tables, ${tally.count('grants')} grants`,
    );
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const tables = spec.tables.map((tableSpec, i) => buildTable(stack, `Table${i}`, tableSpec));
        if (spec.grants.length > 0) {
          const fn = buildFunction(stack, 'Reader', DEFAULT_FUNCTION_SPEC, { TABLE_NAME: tables[0].tableName });
          for (const grant of spec.grants) {
            grantTable(tables[grant.table % tables.length], fn, grant.kind);
          }
        }
        expectNoUnacknowledgedFindings(app, spec);
        corpus.sample(app);
        tally.add('runs');
        tally.add('tables', tables.length);
        tally.add('grants', spec.grants.length);
      }),
      propertyParameters(),
    );
  }, 240_000);

  test('cfn-lint finds no error in the sampled templates', () => {
    corpus.expectValid();
  }, 120_000);
});
