/**
 * The cost of being secure, side by side: `npx projen bench`.
 *
 * Synthesizes the same logical app (bench/apps.ts) as plain aws-cdk-lib L2, AWS Solutions Constructs and
 * cdk-secure-serverless, for several numbers of function units, each measurement in a fresh process
 * (bench/measure.ts), runs interleaved, and prints a Markdown table. With `--write` (the projen task passes
 * it) the table also replaces the one between the `<!-- bench:start -->` and `<!-- bench:end -->` markers of
 * README.md.
 *
 * A second table measures one app of several stacks, all synthesized and gated in one `app.synth()`: S stacks of
 * U function units each (bench/apps.ts `buildStacks`), ours through `ComplianceGate.apply(app)` with its
 * defaults against plain L2 plus cdk-nag's five packs, with the milliseconds per resource at each size, so that
 * one can see whether the cost per resource stays flat as the app grows. With `--write` it replaces the table
 * between the `<!-- bench-stacks:start -->` and `<!-- bench-stacks:end -->` markers of README.md.
 *
 * A third table (bench/constructs.ts) counts the resources and fixed cost of each construct, first and each
 * further one in a stack, beside the plain L2; `<!-- bench-constructs:start -->` ... `:end -->` in README.md.
 *
 * Environment:
 * - BENCH_RUNS: timed runs per cell, default 3;
 * - BENCH_UNITS: the function units of the one-stack table, default 1,10,38,50 (the largest N under 500
 *   resources is added); `none` skips that table;
 * - BENCH_STACKS: the stack counts of the multi-stack table, default 1,5,10,20; `none` skips it;
 * - BENCH_STACK_UNITS: the function units in each stack of the multi-stack table, default 25;
 * - BENCH_STACK_RUNS: timed runs per cell of the multi-stack table, default BENCH_RUNS;
 * - BENCH_CONSTRUCTS: `none` skips the table of each construct's resources and fixed cost (bench/constructs.ts).
 *
 * Runtime on 2 cores with the defaults: the multi-stack table takes 3 to 4 minutes (36 fresh processes, the
 * 20-stack ones about 10 s each); the one-stack table runs about 120 fresh processes of 1 to 3 s.
 */
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join } from 'path';
import { Variant, VARIANT_TITLES, VARIANTS } from './apps';
import { constructRows, renderConstructTable } from './constructs';
import type { Measurement, Mode } from './measure';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const UNITS = listOf(process.env.BENCH_UNITS ?? '1,10,38,50');
const STACKS = listOf(process.env.BENCH_STACKS ?? '1,5,10,20');
const STACK_UNITS = Number(process.env.BENCH_STACK_UNITS ?? 25);
const STACK_RUNS = Number(process.env.BENCH_STACK_RUNS ?? RUNS);
const CONSTRUCTS = (process.env.BENCH_CONSTRUCTS ?? 'all').trim() !== 'none';
const RESOURCE_LIMIT = 500;
const PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless', 'SecureServerless'];

/** The validated mode of each variant: the reference gets cdk-nag's five packs, ours its own gate. */
const GATED_MODE: Record<Variant, Mode> = { plain: 'packs', solutions: 'packs', ours: 'gate' };

/** `1,10,38` as numbers; `none` (or nothing) as none. */
function listOf(text: string): number[] {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === 'none' ? [] : trimmed.split(',').map(Number);
}

function run(variant: Variant, units: number, mode: Mode, stacks?: number): Measurement {
  const output = execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'measure.ts'),
      variant,
      String(units),
      mode,
      ...(stacks === undefined ? [] : [String(stacks)]),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The largest N whose stack stays within CloudFormation's 500 resources, from two sizes, then checked. */
function largestUnits(variant: Variant): number {
  const one = run(variant, 1, 'synth').resources;
  const ten = run(variant, 10, 'synth').resources;
  const perUnit = (ten - one) / 9;
  let n = Math.floor((RESOURCE_LIMIT - (one - perUnit)) / perUnit);
  while (n > 1 && run(variant, n, 'synth').resources > RESOURCE_LIMIT) {
    n--;
  }
  while (run(variant, n + 1, 'synth').resources <= RESOURCE_LIMIT) {
    n++;
  }
  return n;
}

interface Row {
  readonly variant: Variant;
  readonly units: number;
  readonly size: Measurement;
  readonly synthMs: number;
  readonly gatedMs: number;
  readonly peakMb: number;
  readonly referenceMs: number;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

function main(): void {
  const write = process.argv.includes('--write');
  const tables: Array<{ readonly table: string; readonly markers: string }> = [];
  if (UNITS.length > 0) {
    tables.push({ table: oneStackTable(), markers: 'bench' });
  }
  if (STACKS.length > 0) {
    tables.push({ table: multiStackTable(), markers: 'bench-stacks' });
  }
  if (CONSTRUCTS) {
    log('Resources and fixed cost of each construct ...');
    const table = renderConstructTable(constructRows());
    process.stdout.write(`${table}\n`);
    tables.push({ table, markers: 'bench-constructs' });
  }
  if (write) {
    const readmeFile = join(__dirname, '..', 'README.md');
    let readme = readFileSync(readmeFile, 'utf8');
    for (const { table, markers } of tables) {
      const pattern = new RegExp(`(<!-- ${markers}:start -->\\n)[\\s\\S]*?(<!-- ${markers}:end -->)`);
      if (!pattern.test(readme)) {
        throw new Error(`README.md has no <!-- ${markers}:start --> ... <!-- ${markers}:end --> markers`);
      }
      readme = readme.replace(pattern, (_m, start: string, end: string) => `${start}${table}\n${end}`);
    }
    writeFileSync(readmeFile, readme);
    log('README.md updated.');
  }
}

/** The one-stack table, for N = UNITS and the largest N under 500 resources; printed and returned. */
function oneStackTable(): string {
  log(`Largest N under ${RESOURCE_LIMIT} resources ...`);
  const largest = Object.fromEntries(VARIANTS.map((v) => [v, largestUnits(v)])) as Record<Variant, number>;
  const sizes = [...new Set([...UNITS, ...Object.values(largest)])].sort((a, b) => a - b);

  // Timed runs, interleaved: every variant and mode at every size in each round, so drift hits all alike.
  const times = new Map<string, number[]>();
  const peaks = new Map<string, number[]>();
  const key = (v: Variant, n: number, m: Mode) => `${v}/${n}/${m}`;
  for (let round = 1; round <= RUNS; round++) {
    log(`Round ${round} of ${RUNS} ...`);
    for (const units of sizes) {
      for (const variant of VARIANTS) {
        for (const mode of ['synth', GATED_MODE[variant]] as Mode[]) {
          const m = run(variant, units, mode);
          times.set(key(variant, units, mode), [...(times.get(key(variant, units, mode)) ?? []), m.ms]);
          peaks.set(key(variant, units, mode), [...(peaks.get(key(variant, units, mode)) ?? []), m.peakMb]);
        }
      }
    }
  }
  log('Findings ...');
  const rows: Row[] = sizes.flatMap((units) =>
    VARIANTS.map((variant) => ({
      variant,
      units,
      size: run(variant, units, 'findings'),
      synthMs: median(times.get(key(variant, units, 'synth'))!),
      gatedMs: median(times.get(key(variant, units, GATED_MODE[variant]))!),
      peakMb: Math.max(...peaks.get(key(variant, units, GATED_MODE[variant]))!),
      referenceMs: median(times.get(key('plain', units, 'packs'))!),
    })),
  );

  const table = render(rows, largest);
  process.stdout.write(`${table}\n`);
  return table;
}

function render(rows: readonly Row[], largest: Record<Variant, number>): string {
  const machine = machineText();
  const perUnit = (v: Variant) => {
    const one = rows.find((r) => r.variant === v && r.units === 1)?.size.resources;
    const ten = rows.find((r) => r.variant === v && r.units === 10)?.size.resources;
    return one !== undefined && ten !== undefined
      ? `${(ten - one) / 9} per unit + ${one - (ten - one) / 9} per stack`
      : '';
  };
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; median of ${RUNS} interleaved runs, each in a fresh process. ` +
      '"Gated" is build + synth + validation: cdk-nag\'s five packs for the L2 and Solutions Constructs variants, ' +
      'the full `ComplianceGate` (six packs, template stage, three reports) for ours. "× ref" compares with the ' +
      'L2 variant plus the five packs at the same N. Findings: unacknowledged errors + warnings per pack ' +
      '(AwsSolutions / HIPAA / NIST / PCI / Serverless / SecureServerless). Fixed cost: KMS keys, WAF, interface ' +
      'endpoints and alarms at us-east-1 list prices, per month, before any request.',
    '',
    '| Variant | N | Resources | Template KB | Synth ms | Gated ms | × ref | Peak MB | Findings per pack | KMS keys | Fixed cost $/month |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    ...rows.map((r) => {
      const over = r.size.resources > RESOURCE_LIMIT ? ' ⚠️ >500' : '';
      const findings = PACKS.map((p) => r.size.findings?.[p] ?? 0).join(' / ');
      return (
        `| ${VARIANT_TITLES[r.variant]} | ${r.units} | ${r.size.resources}${over} | ${(r.size.templateBytes / 1024).toFixed(0)} | ` +
        `${r.synthMs.toFixed(0)} | ${r.gatedMs.toFixed(0)} | ${(r.gatedMs / r.referenceMs).toFixed(2)} | ${r.peakMb.toFixed(0)} | ` +
        `${findings} | ${r.size.fixedCost.kmsKeys} | ${r.size.fixedCost.monthlyUsd.toFixed(2)} |`
      );
    }),
    '',
    ...VARIANTS.map((v) => `- ${VARIANT_TITLES[v]}: ${perUnit(v)}; at most ${largest[v]} units in one stack.`),
  ];
  return lines.join('\n');
}

function machineText(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The cells of the multi-stack table: the reference gated, ours synthesized only, ours gated. */
const STACK_CELLS: ReadonlyArray<{ readonly variant: Variant; readonly mode: Mode }> = [
  { variant: 'plain', mode: 'packs' },
  { variant: 'ours', mode: 'synth' },
  { variant: 'ours', mode: 'gate' },
];

interface StackRow {
  readonly stacks: number;
  /** Median ms, resources and peak MB of each cell, by `variant/mode`. */
  readonly cells: Record<string, { readonly ms: number; readonly resources: number; readonly peakMb: number }>;
}

/** The multi-stack table, for STACKS stacks of STACK_UNITS units each in one app; printed and returned. */
function multiStackTable(): string {
  const times = new Map<string, number[]>();
  const sizes = new Map<string, Measurement>();
  const key = (s: number, v: Variant, m: Mode) => `${s}/${v}/${m}`;
  const stackCounts = [...new Set(STACKS)].sort((a, b) => a - b);
  for (let round = 1; round <= STACK_RUNS; round++) {
    log(`Multi-stack round ${round} of ${STACK_RUNS} ...`);
    for (const stacks of stackCounts) {
      for (const { variant, mode } of STACK_CELLS) {
        const m = run(variant, STACK_UNITS, mode, stacks);
        const k = key(stacks, variant, mode);
        times.set(k, [...(times.get(k) ?? []), m.ms]);
        const seen = sizes.get(k);
        sizes.set(k, seen && seen.peakMb >= m.peakMb ? seen : m);
      }
    }
  }
  const rows: StackRow[] = stackCounts.map((stacks) => ({
    stacks,
    cells: Object.fromEntries(
      STACK_CELLS.map(({ variant, mode }) => {
        const k = key(stacks, variant, mode);
        const m = sizes.get(k)!;
        return [`${variant}/${mode}`, { ms: median(times.get(k)!), resources: m.resources, peakMb: m.peakMb }];
      }),
    ),
  }));
  const table = renderStacks(rows);
  process.stdout.write(`${table}\n`);
  return table;
}

function renderStacks(rows: readonly StackRow[]): string {
  const perResource = (c: { ms: number; resources: number }) => (c.ms / c.resources).toFixed(2);
  /** The ms per resource added since the previous, smaller app. */
  const marginal = (i: number, cell: string) => {
    if (i === 0) {
      return '–';
    }
    const [a, b] = [rows[i - 1].cells[cell], rows[i].cells[cell]];
    return ((b.ms - a.ms) / (b.resources - a.resources)).toFixed(2);
  };
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineText()}; median of ${STACK_RUNS} interleaved runs, ` +
      `each in a fresh process. One app of S stacks with ${STACK_UNITS} function units each (each stack its own ` +
      "API and table), built, synthesized and validated in one `app.synth()`: the L2 variant with cdk-nag's five " +
      'packs as reference, ours with `ComplianceGate.apply(app)` and its defaults (six packs, template stage, ' +
      'three reports). "ms/res" is the gated time divided by the resources of the whole app; "marginal" is the ' +
      'time each resource added since the previous row costs.',
    '',
    '| Stacks × units | L2 resources | L2 + five packs ms | ms/res | marginal | Resources | Synth ms | Gated ms | ms/res | marginal | × ref | Peak MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r, i) => {
      const ref = r.cells['plain/packs'];
      const synth = r.cells['ours/synth'];
      const gated = r.cells['ours/gate'];
      return (
        `| ${r.stacks} × ${STACK_UNITS} | ${ref.resources} | ${ref.ms.toFixed(0)} | ${perResource(ref)} | ${marginal(i, 'plain/packs')} | ` +
        `${gated.resources} | ${synth.ms.toFixed(0)} | ${gated.ms.toFixed(0)} | ${perResource(gated)} | ${marginal(i, 'ours/gate')} | ` +
        `${(gated.ms / ref.ms).toFixed(2)} | ${gated.peakMb.toFixed(0)} |`
      );
    }),
  ];
  return lines.join('\n');
}

main();
