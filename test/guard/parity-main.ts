/**
 * The parity of the Guard twins with the TypeScript rules on a corpus of templates, for writing twins:
 *
 *   GUARD_CORPUS_DIR=/tmp/guard-corpus npx jest --coverage=false test/compliance/mutations.test.ts -t 'fails synth'
 *   npx ts-node --project test/tsconfig.json test/guard/parity-main.ts /tmp/guard-corpus test/guard/fixtures [RuleName ...]
 *
 * Prints one line per rule (failing templates and resources, mismatches) and each mismatch.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ALL_RULES } from '../../src/compliance/rules';
import { parity, templatesIn } from '../support/guard';

const args = process.argv.slice(2);
const dirs = args.filter((a) => a.includes('/'));
const names = args.filter((a) => !a.includes('/'));
const rules = names.length > 0 ? ALL_RULES.filter((r) => names.includes(r.name)) : ALL_RULES;
const templates = new Map(dirs.flatMap((d) => [...templatesIn(d)]));
const rows = parity(rules, templates, mkdtempSync(join(tmpdir(), 'guard-parity-')));
for (const row of rows) {
  process.stdout.write(
    `${row.mismatches.length === 0 ? 'ok  ' : 'DIFF'} ${row.rule}: fails ${row.failingResources} resource(s) (${row.acceptedResources} accepted) in ${row.failingTemplates} of ${templates.size} template(s), ${row.mismatches.length} mismatch(es)\n`,
  );
  for (const m of row.mismatches.slice(0, 20)) {
    process.stdout.write(`       ${m}\n`);
  }
}
process.exitCode = rows.some((r) => r.mismatches.length > 0) ? 1 : 0;
