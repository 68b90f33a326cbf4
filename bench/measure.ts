/**
 * One measurement, in a fresh process so that time and peak memory belong to it alone:
 *
 *   ts-node bench/measure.ts <variant> <units> <mode> [<stacks>]
 *
 * Without `<stacks>` the app is the one stack of `buildApp`; with it, `<stacks>` stacks of `<units>` units each
 * (`buildStacks`), all synthesized (and gated) in one `app.synth()`; sizes are then summed over the stacks.
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
import { buildApp, buildStacks, Variant, VARIANTS } from './apps';
import { fixedCostOf, FixedCost } from './fixed-cost';
import { ALL_PACKS, ComplianceGate, CompliancePack } from '../src';

export const MODES = ['synth', 'packs', 'gate', 'findings'] as const;
export type Mode = (typeof MODES)[number];

/** What one measurement found. */
export interface Measurement {
  readonly variant: Variant;
  readonly units: number;
  /** Stacks in the app (1 for the one-stack app). */
  readonly stacks: number;
  readonly mode: Mode;
  /** Build + synth (+ validation) wall time, ms. */
  readonly ms: number;
  /** Of which building the construct tree (and registering the plugin), ms. */
  readonly buildMs: number;
  /** CPU time (user + system, all threads: GC and compiler included) of build + synth (+ validation), ms. */
  readonly cpuMs: number;
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

function measure(variant: Variant, units: number, mode: Mode, stackCount?: number): Measurement {
  const outdir = mkdtempSync(join(tmpdir(), 'css-bench-'));
  try {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    // Lift CDK's 500-resource check so every variant can be measured; the table flags stacks above 500.
    const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 100_000 } });
    const stacks =
      stackCount === undefined ? [buildApp(app, variant, units)] : buildStacks(app, variant, stackCount, units);
    if (mode === 'packs') {
      ComplianceGate.apply(app, { packs: FIVE_PACKS, printSummary: false, writeReports: false });
    } else if (mode === 'gate') {
      ComplianceGate.apply(app, { printSummary: false });
    }
    const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
    const assembly = app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const findings = mode === 'findings' ? findingsPerPack(app) : undefined;

    const templates = stacks.map((stack) => assembly.getStackArtifact(stack.artifactId).template);
    // One template holding every stack's resources (logical ids prefixed by the stack), for counting and pricing.
    const template = {
      Resources: Object.fromEntries(
        templates.flatMap((t, s) => Object.entries(t.Resources ?? {}).map(([id, r]) => [`${s}/${id}`, r])),
      ) as Record<string, { Type: string }>,
    };
    const resources = Object.values(template.Resources);
    const resourcesByType: Record<string, number> = {};
    for (const r of resources) {
      resourcesByType[r.Type] = (resourcesByType[r.Type] ?? 0) + 1;
    }
    return {
      variant,
      units,
      stacks: stacks.length,
      mode,
      ms,
      buildMs,
      cpuMs,
      peakMb: process.resourceUsage().maxRSS / 1024,
      resources: resources.length,
      templateBytes: templates.reduce((n, t) => n + Buffer.byteLength(JSON.stringify(t, undefined, 1)), 0),
      resourcesByType,
      fixedCost: fixedCostOf(template),
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
  const [variant, unitsText, mode, stacksText] = process.argv.slice(2);
  if (
    !VARIANTS.includes(variant as Variant) ||
    !MODES.includes(mode as Mode) ||
    !/^\d+$/.test(unitsText ?? '') ||
    (stacksText !== undefined && !/^[1-9]\d*$/.test(stacksText))
  ) {
    process.stderr.write(`usage: measure.ts <${VARIANTS.join('|')}> <units> <${MODES.join('|')}> [<stacks>]\n`);
    process.exit(2);
  }
  // CDK prints the validation report on the console; the benchmark reads the result instead.
  console.error = () => undefined;
  const result = measure(
    variant as Variant,
    Number(unitsText),
    mode as Mode,
    stacksText === undefined ? undefined : Number(stacksText),
  );
  process.exitCode = 0; // a failing plugin sets 1: findings are data here
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
