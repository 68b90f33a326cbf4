/**
 * One measurement, in a fresh process so that time and peak memory belong to it alone:
 *
 *   ts-node bench/measure.ts <variant> <units> <mode>
 *
 * Modes:
 * - `synth`: build the app and synthesize it, no validation plugin;
 * - `packs`: the same with cdk-nag's five packs as the validation plugin (the reference);
 * - `gate`: the same with `ComplianceGate.apply(app)` and its defaults (six packs, template stage, reports);
 * - `findings`: the unacknowledged findings per pack of `ComplianceGate.check` with all six packs (not timed).
 *
 * Prints one JSON line (see `Measurement`).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp, Variant, VARIANTS } from './apps';
import { fixedCostOf, FixedCost } from './fixed-cost';
import { ALL_PACKS, ComplianceGate, CompliancePack } from '../src';

export const MODES = ['synth', 'packs', 'gate', 'findings'] as const;
export type Mode = (typeof MODES)[number];

/** What one measurement found. */
export interface Measurement {
  readonly variant: Variant;
  readonly units: number;
  readonly mode: Mode;
  /** Build + synth (+ validation) wall time, ms. */
  readonly ms: number;
  /** Peak resident memory of the process, MB. */
  readonly peakMb: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly resourcesByType: Record<string, number>;
  readonly fixedCost: FixedCost;
  /** Unacknowledged findings (errors + warnings) per pack, `findings` mode only. */
  readonly findings?: Record<string, number>;
}

const FIVE_PACKS = ALL_PACKS.filter((p) => p !== CompliancePack.SECURE_SERVERLESS);

function measure(variant: Variant, units: number, mode: Mode): Measurement {
  const outdir = mkdtempSync(join(tmpdir(), 'css-bench-'));
  try {
    const start = process.hrtime.bigint();
    // Lift CDK's 500-resource check so every variant can be measured; the table flags stacks above 500.
    const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 100_000 } });
    const stack = buildApp(app, variant, units);
    if (mode === 'packs') {
      ComplianceGate.apply(app, { packs: FIVE_PACKS, printSummary: false, writeReports: false });
    } else if (mode === 'gate') {
      ComplianceGate.apply(app, { printSummary: false });
    }
    const assembly = app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const findings = mode === 'findings' ? findingsPerPack(app) : undefined;

    const artifact = assembly.getStackArtifact(stack.artifactId);
    const resources = Object.values(artifact.template.Resources as Record<string, { Type: string }>);
    const resourcesByType: Record<string, number> = {};
    for (const r of resources) {
      resourcesByType[r.Type] = (resourcesByType[r.Type] ?? 0) + 1;
    }
    return {
      variant,
      units,
      mode,
      ms,
      peakMb: process.resourceUsage().maxRSS / 1024,
      resources: resources.length,
      templateBytes: Buffer.byteLength(JSON.stringify(artifact.template, undefined, 1)),
      resourcesByType,
      fixedCost: fixedCostOf(artifact.template),
      ...(findings ? { findings } : {}),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function findingsPerPack(app: App): Record<string, number> {
  const result = ComplianceGate.check(app);
  return Object.fromEntries(result.packs.map((p) => [p.pack, p.errors + p.warnings]));
}

function main(): void {
  const [variant, unitsText, mode] = process.argv.slice(2);
  if (!VARIANTS.includes(variant as Variant) || !MODES.includes(mode as Mode) || !/^\d+$/.test(unitsText ?? '')) {
    process.stderr.write(`usage: measure.ts <${VARIANTS.join('|')}> <units> <${MODES.join('|')}>\n`);
    process.exit(2);
  }
  // CDK prints the validation report on the console; the benchmark reads the result instead.
  console.error = () => undefined;
  const result = measure(variant as Variant, Number(unitsText), mode as Mode);
  process.exitCode = 0; // a failing plugin sets 1: findings are data here
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
