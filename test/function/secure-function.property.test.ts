import * as fc from 'fast-check';
import {
  buildFunction,
  buildTable,
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
 * Property: every valid SecureFunction configuration (runtimes, architectures, memory, timeout, concurrency,
 * placement, secrets, keys, topics, code signing, layers, function URLs, opt-outs with reasons), alone or with
 * a second function and a table it is granted, has zero unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();
/** Every fifth configuration's templates go to cfn-lint (CloudFormation's resource schemas). */
const corpus = new TemplateCorpus(`SecureFunction random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());

/** One case: one or two functions, optionally a table granted to them and an invoke grant between them. */
const caseArb = fc.record({
  functions: fc.array(functionSpecArb, { minLength: 1, maxLength: 2 }),
  // Which function (if any) the first may invoke: `functions[i].grantInvoke(functions[0])`.
  invoke: fc.option(fc.nat(), { nil: undefined }),
  table: fc.option(
    fc.record({
      spec: tableSpecArb,
      grants: fc.array(fc.record({ fn: fc.nat(), kind: tableGrantArb }), { maxLength: 2 }),
    }),
    { nil: undefined },
  ),
});

describe('SecureFunction property', () => {
  afterAll(() => {
    tally.report('SecureFunction', tally.count('runs'), `${tally.count('functions')} functions`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { app, stack } = newPropertyStack();
        const table = spec.table ? buildTable(stack, 'Table', spec.table.spec) : undefined;
        const functions = spec.functions.map((fnSpec, i) =>
          buildFunction(stack, `Fn${i}`, fnSpec, table ? { TABLE_NAME: table.tableName } : {}),
        );
        if (spec.invoke !== undefined) {
          functions[spec.invoke % functions.length].grantInvoke(functions[0]);
        }
        for (const grant of spec.table?.grants ?? []) {
          grantTable(table!, functions[grant.fn % functions.length], grant.kind);
        }
        expectNoUnacknowledgedFindings(app, spec);
        corpus.sample(app);
        tally.add('runs');
        tally.add('functions', functions.length);
      }),
      propertyParameters(),
    );
  }, 300_000);

  test('cfn-lint finds no error in the sampled templates', () => {
    corpus.expectValid();
  }, 120_000);
});
