import * as path from 'path';
import { SecureFunction } from '../../src';
import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings, newStack } from '../support/compliance';

/** A function bundled from a TypeScript entry that imports a local module and an npm package. */
function entryFunction(): ReturnType<typeof newStack> {
  const fixture = newStack();
  new SecureFunction(fixture.stack, 'Handler', {
    entry: path.join(__dirname, 'fixtures', 'other', 'with-dependency.ts'),
  });
  return fixture;
}

describe('SecureFunction entry: compliance', () => {
  const corpus = new TemplateCorpus('SecureFunction entry compliance');

  test('an entry-based function has no unacknowledged finding in the compliance packs', () => {
    const scope = entryFunction();

    expect(nagFindings(scope.app)).toEqual([]);
    corpus.add(scope.app);
  });

  test('an entry-based function passes the AWS Control Tower proactive controls (cfn-guard)', () => {
    const scope = entryFunction();

    expect(controlTowerFailures(scope.app)).toEqual([]);
  });

  test('cfn-lint finds no error in its template', () => {
    corpus.expectValid();
  });
});
