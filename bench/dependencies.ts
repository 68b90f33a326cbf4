/**
 * What the dependency stage costs: bills of materials and offline vulnerability matching for an app of
 * BENCH_SBOM_FUNCTIONS functions (default 20) whose directory assets hold BENCH_SBOM_PACKAGES npm packages each
 * (default 50: 1,000 components), against a synthetic OSV npm export of BENCH_OSV_RECORDS records (default
 * 250,000, the size of OSV's npm export with its malicious-package records), as one zip. Medians of BENCH_RUNS runs
 * (default 3), each in this process after a warm-up synth:
 *
 *   npx ts-node --project bench/tsconfig.json bench/dependencies.ts [--write]
 *
 * Prints a Markdown table; with `--write`, replaces it in README.md between `<!-- bench-dependencies:start -->`
 * and `<!-- bench-dependencies:end -->`.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { strToU8, zipSync } from 'fflate';
import { ComplianceGate, ComplianceResult } from '../src';
import { loadOsvDatabase } from '../src/sbom/osv/load';

const FUNCTIONS = Number(process.env.BENCH_SBOM_FUNCTIONS ?? 20);
const PACKAGES = Number(process.env.BENCH_SBOM_PACKAGES ?? 50);
const RECORDS = Number(process.env.BENCH_OSV_RECORDS ?? 250_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const work = mkdtempSync(join(tmpdir(), 'css-bench-deps-'));

/** `count` package names, half of them scoped, shared by the assets and the advisories. */
function packageName(i: number): string {
  return i % 2 === 0 ? `bench-package-${i}` : `@bench/package-${i}`;
}

/** One function's asset: index.js and `PACKAGES` installed packages, from a pool 4 × larger than one asset. */
function writeAsset(fn: number): string {
  const dir = join(work, 'assets', `fn${fn}`);
  for (let p = 0; p < PACKAGES; p++) {
    const i = (fn * 17 + p * 3) % (PACKAGES * 4);
    const pkgDir = join(dir, 'node_modules', packageName(i));
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(
      join(pkgDir, 'package.json'),
      JSON.stringify({ name: packageName(i), version: `1.${i % 7}.0`, license: 'MIT' }),
    );
    writeFileSync(join(pkgDir, 'index.js'), 'module.exports = {};\n');
  }
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({});\n');
  return dir;
}

/**
 * An OSV npm export of `RECORDS` records as one zip: most for packages no asset holds (as in the real export),
 * one in 500 for a package of the pool, affected below 1.3.0.
 */
function writeOsvZip(): string {
  const entries: Record<string, Uint8Array> = {};
  for (let r = 0; r < RECORDS; r++) {
    const pooled = r % 500 === 0;
    const name = pooled ? packageName((r / 500) % (PACKAGES * 4)) : `unrelated-package-${r}`;
    const id = pooled ? `GHSA-bench-${String(r).padStart(7, '0')}` : `MAL-2026-${r}`;
    entries[`${id}.json`] = strToU8(
      JSON.stringify({
        schema_version: '1.6.0',
        id,
        modified: '2026-11-01T00:00:00Z',
        published: '2026-10-01T00:00:00Z',
        aliases: pooled ? [`CVE-2026-${r}`] : [],
        summary: pooled ? `Prototype pollution in ${name}` : `Malicious code in ${name} (npm)`,
        details: 'x'.repeat(600),
        affected: [
          {
            package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, ...(pooled ? [{ fixed: '1.3.0' }] : [])] }],
            ...(pooled ? {} : { versions: ['1.0.0'] }),
          },
        ],
        references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${id}` }],
        database_specific: { severity: pooled ? 'HIGH' : 'CRITICAL' },
      }),
    );
  }
  const file = join(work, 'npm-all.zip');
  writeFileSync(file, zipSync(entries, { level: 6 }));
  return file;
}

function app(assets: readonly string[]): App {
  const a = new App({ outdir: mkdtempSync(join(work, 'cdk-out-')) });
  const stack = new Stack(a, 'Service', { env: { account: '123456789012', region: 'us-east-1' } });
  assets.forEach((dir, i) => {
    new lambda.Function(stack, `Fn${i}`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(dir),
    });
  });
  return a;
}

function timed(fn: () => ComplianceResult): { ms: number; result: ComplianceResult } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** The peak resident memory, MB, of a fresh Node process that only reads the export at `zip`. */
function loadPeakMb(zip: string): number {
  const script =
    `require(${JSON.stringify(join(__dirname, '..', 'src', 'sbom', 'osv', 'load'))}).loadOsvDatabase(${JSON.stringify(zip)});` +
    'process.stdout.write(String(process.resourceUsage().maxRSS));';
  const kb = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    encoding: 'utf8',
  });
  return Math.round(Number(kb) / 1024);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  const write = process.argv.includes('--write');
  try {
    process.stderr.write(`Writing ${FUNCTIONS} assets and an OSV export of ${RECORDS} records ...\n`);
    const assets = Array.from({ length: FUNCTIONS }, (_, i) => writeAsset(i));
    const zip = writeOsvZip();
    const zipMb = statSync(zip).size / 1e6;

    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      loadOsvDatabase(zip);
      loads.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    ComplianceGate.check(app(assets)); // warm-up: aws-cdk-lib's and cdk-nag's modules loaded
    const without: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    let last: ComplianceResult | undefined;
    for (let run = 0; run < RUNS; run++) {
      without.push(timed(() => ComplianceGate.check(app(assets))).ms);
      // A copy of the zip under a new name: the first gate of a process reads and indexes the export.
      const copy = join(work, `npm-all-${run}.zip`);
      writeFileSync(copy, readFileSync(zip));
      cold.push(timed(() => ComplianceGate.check(app(assets), { vulnerabilityDatabase: copy })).ms);
      const again = timed(() => ComplianceGate.check(app(assets), { vulnerabilityDatabase: copy }));
      warm.push(again.ms);
      last = again.result;
    }
    const d = last!.dependencies;
    const table = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.split(' ')[0] ?? 'CPU'}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; median of ${RUNS} runs in one process. ` +
        `${d.functions} functions with directory assets, ${d.components} components, against a synthetic OSV npm ` +
        `export of ${RECORDS.toLocaleString('en-US')} records (${zipMb.toFixed(1)} MB zip); ` +
        `${d.vulnerabilities} vulnerable components found.`,
      '',
      '| Step | ms |',
      '|---|---:|',
      `| \`ComplianceGate.check\`, no database (bills of materials only) | ${median(without).toFixed(0)} |`,
      `| Reading and indexing the OSV export alone | ${median(loads).toFixed(0)} |`,
      `| \`ComplianceGate.check\` with the export, first gate of the process (reads it) | ${median(cold).toFixed(0)} |`,
      `| \`ComplianceGate.check\` with the export, read before (cached while unchanged) | ${median(warm).toFixed(0)} |`,
      '',
      `Reading the export in a fresh process peaks at ${loadPeakMb(zip)} MB resident (the zip, one record at a ` +
        'time unzipped, and the index of what matching needs).',
    ].join('\n');
    process.stdout.write(`${table}\n`);
    if (write) {
      const readme = join(__dirname, '..', 'README.md');
      const text = readFileSync(readme, 'utf8');
      const pattern = /(<!-- bench-dependencies:start -->\n)[\s\S]*?(<!-- bench-dependencies:end -->)/;
      if (!pattern.test(text)) {
        throw new Error('README.md has no <!-- bench-dependencies:start --> ... :end --> markers');
      }
      writeFileSync(
        readme,
        text.replace(pattern, (_m, s: string, e: string) => `${s}${table}\n${e}`),
      );
      process.stderr.write('README.md updated.\n');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
