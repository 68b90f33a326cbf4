/**
 * The cost of being secure, side by side: `npx projen bench`.
 *
 * Synthesizes the same logical app (bench/apps.ts) as plain aws-cdk-lib L2, AWS Solutions Constructs and
 * cdk-secure-serverless, for several numbers of function units, each measurement in a fresh process
 * (bench/measure.ts), runs interleaved, and prints a Markdown table. With `--write` (the projen task passes
 * it) the table also replaces the one between the `<!-- bench:start -->` and `<!-- bench:end -->` markers of
 * README.md.
 *
 * Environment: BENCH_RUNS (timed runs per cell, default 3), BENCH_UNITS (default 1,10,38,50).
 */
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join } from 'path';
import { Variant, VARIANT_TITLES, VARIANTS } from './apps';
import type { Measurement, Mode } from './measure';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const UNITS = (process.env.BENCH_UNITS ?? '1,10,38,50').split(',').map(Number);
const RESOURCE_LIMIT = 500;
const PACKS = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless', 'SecureServerless'];

/** The validated mode of each variant: the reference gets cdk-nag's five packs, ours its own gate. */
const GATED_MODE: Record<Variant, Mode> = { plain: 'packs', solutions: 'packs', ours: 'gate' };

function run(variant: Variant, units: number, mode: Mode): Measurement {
  const output = execFileSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'measure.ts'), variant, String(units), mode],
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

function main(): void {
  const write = process.argv.includes('--write');
  const log = (text: string) => process.stderr.write(`${text}\n`);

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
  if (write) {
    const readmeFile = join(__dirname, '..', 'README.md');
    const readme = readFileSync(readmeFile, 'utf8');
    const markers = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
    if (!markers.test(readme)) {
      throw new Error('README.md has no <!-- bench:start --> ... <!-- bench:end --> markers');
    }
    writeFileSync(
      readmeFile,
      readme.replace(markers, (_m, start: string, end: string) => `${start}${table}\n${end}`),
    );
    log('README.md updated.');
  }
}

function render(rows: readonly Row[], largest: Record<Variant, number>): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
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

main();
