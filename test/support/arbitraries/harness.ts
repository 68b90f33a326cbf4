import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { ComplianceGate } from '../../../src';
import { cdkVersion } from '../cfn-lint';

// ---------------------------------------------------------------------------------------------------------
// Run parameters
// ---------------------------------------------------------------------------------------------------------

/** The default seed, so that CI runs the same configurations every time. Override with `FC_SEED=<int>`. */
export const DEFAULT_SEED = 42;
/**
 * Configurations per construct on the oldest aws-cdk-lib. Override with `FC_NUM_RUNS=<int>` for a longer local run
 * (`FC_NUM_RUNS=1000 npx jest test/**\/*.property.test.ts`). 50, not 100, since the Guard twins' parity, the hook
 * and the account baseline: with 100, `.ci/run` took about 16 minutes of its 15, and 15.5 with 60 (17 with 200).
 */
export const DEFAULT_NUM_RUNS = 50;
/**
 * Configurations per construct on the newest aws-cdk-lib (`test:cdk-latest`): the first eighth of the same sequence
 * (same seed), so that the whole of `.ci/run` stays within its 15 minutes on two cores (measured: with 50, and
 * the HTTP API, state machine and dependency suites, it took 17 minutes).
 */
export const LATEST_NUM_RUNS = 25;

/** The seed of this run: `FC_SEED`, or the fixed default. */
export function propertySeed(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_SEED;
  }
  const seed = Number(raw);
  if (!Number.isInteger(seed)) {
    throw new Error(`FC_SEED must be an integer, got '${raw}'`);
  }
  return seed;
}

/** The number of runs of this run: `FC_NUM_RUNS`, or 100 on the oldest aws-cdk-lib and 25 on the newest. */
export function propertyNumRuns(): number {
  const raw = process.env.FC_NUM_RUNS;
  const runs = raw === undefined || raw.trim() === '' ? defaultNumRuns() : Number(raw);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`FC_NUM_RUNS must be a positive integer, got '${raw}'`);
  }
  return runs;
}

function defaultNumRuns(): number {
  return isOldest() ? DEFAULT_NUM_RUNS : LATEST_NUM_RUNS;
}

/**
 * Whether these tests run on the oldest aws-cdk-lib (the dev dependency), not the newest (`test:cdk-latest`).
 * @internal
 */
export function isOldest(): boolean {
  const oldest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).devDependencies[
    'aws-cdk-lib'
  ];
  return cdkVersion() === oldest;
}

/**
 * How many configurations of each property test cfn-lint checks on the oldest and the newest aws-cdk-lib: a sample,
 * since each template takes it ~0.5 s; 20 per construct in all.
 */
export const LINTED_CONFIGURATIONS = { oldest: 8, latest: 8 };

/**
 * Keep every n-th configuration for cfn-lint, so that about {@link LINTED_CONFIGURATIONS} of this run's are linted
 * (every 6th of 50 on the oldest aws-cdk-lib, every 3rd of 25 on the newest).
 */
export function lintSampleEvery(): number {
  const linted = isOldest() ? LINTED_CONFIGURATIONS.oldest : LINTED_CONFIGURATIONS.latest;
  return Math.max(1, Math.round(propertyNumRuns() / linted));
}

/** fast-check parameters shared by every property test. */
export function propertyParameters<T>(): fc.Parameters<T> {
  return { seed: propertySeed(), numRuns: propertyNumRuns() };
}

/** A fresh app with one stack that has an explicit account and region. */
export function newPropertyStack(): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'PropStack', { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

/**
 * Runs the compliance gate (all six packs) and throws, listing every unacknowledged finding, when there is any.
 * The spec is part of the message so that a failure is reproducible from the test output alone.
 */
export function expectNoUnacknowledgedFindings(app: App, spec: unknown): void {
  const result = ComplianceGate.check(app);
  if (result.violations.length > 0) {
    const lines = result.violations.map(
      (v) => `  ${v.severity} ${v.ruleId} at ${v.constructPath}${v.logicalId ? ` (${v.logicalId})` : ''}: ${v.message}`,
    );
    throw new Error(
      `${result.violations.length} unacknowledged finding(s):\n${lines.join('\n')}\nfor configuration:\n${JSON.stringify(spec, null, 2)}`,
    );
  }
  // Every acknowledgment the library records (its exceptions, the opt-outs' rules) matches a finding.
  const unused = result.acknowledgments.filter((a) => a.unused);
  if (unused.length > 0) {
    throw new Error(
      `${unused.length} acknowledgment(s) match no finding:\n${unused.map((a) => `  ${a.ruleIds.join(', ')} at ${a.constructPath}`).join('\n')}\nfor configuration:\n${JSON.stringify(spec, null, 2)}`,
    );
  }
}

/** Counts configurations per construct for the summary line printed in `afterAll`. */
export class PropertyTally {
  private readonly counts = new Map<string, number>();

  public add(construct: string, n = 1): void {
    this.counts.set(construct, (this.counts.get(construct) ?? 0) + n);
  }

  public count(construct: string): number {
    return this.counts.get(construct) ?? 0;
  }

  /** Writes `<construct>: N random configurations, 0 unacknowledged findings (seed S)` for `construct`. */
  public report(construct: string, runs: number, detail?: string): void {
    const extra = detail ? `; ${detail}` : '';
    process.stdout.write(
      `${construct}: ${runs} random configurations${extra}, 0 unacknowledged findings (seed ${propertySeed()})\n`,
    );
  }
}
