import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationContextBeta1, Stack } from 'aws-cdk-lib';
import { TemplateCorpus } from './cfn-lint';
import { ComplianceGate, ComplianceGateOptions, ComplianceResult } from '../../src';

/** A stack with an explicit account and region, as the Control Tower checks expect. */
export function newStack(id = 'TestStack'): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

/** The unaccepted findings of the six packs (cdk-nag's five and ours), as `ruleId at path` lines, for readable assertions. */
export function nagFindings(app: App): string[] {
  const result: ComplianceResult = ComplianceGate.check(app);
  return result.violations.map((v) => `${v.severity} ${v.ruleId} at ${v.constructPath}`);
}

/**
 * One configuration of a construct, built into a fresh stack (`newStack`), and the AWS Control Tower failures
 * (`<rule> at <logical id>`) the case cannot avoid (a library exception, or the weakening an opt-out asks for),
 * which it must produce exactly: cfn-guard has no acknowledgment, so they are asserted here, with the reason at
 * the case.
 */
export type ComplianceCase = [
  name: string,
  build: (fixture: { app: App; stack: Stack }) => void,
  unavoidableControlTowerFailures?: readonly string[],
];

/**
 * The compliance tests every construct has, for its `cases`: each has no unacknowledged finding in the six packs
 * and passes the AWS Control Tower proactive controls (cfn-guard), and cfn-lint finds no error in their
 * templates. Call it inside the construct's `describe`, beside the test that plain aws-cdk-lib fails them.
 */
export function complianceTests(suite: string, cases: readonly ComplianceCase[]): void {
  const corpus = new TemplateCorpus(suite);

  test.each(cases)('%s has no unacknowledged finding in the six packs', (_name, build) => {
    // GIVEN
    const fixture = newStack();
    build(fixture);

    // THEN
    expect(nagFindings(fixture.app)).toEqual([]);
    corpus.add(fixture.app);
  });

  // A rest parameter: jest passes a `done` callback to a callback that declares more parameters than a row has.
  test.each(cases)('%s passes the AWS Control Tower proactive controls (cfn-guard)', (...row: ComplianceCase) => {
    const [, build, unavoidable] = row;
    // GIVEN
    const fixture = newStack();
    build(fixture);

    // THEN
    expect(controlTowerFailures(fixture.app)).toEqual(unavoidable ?? []);
  });

  test('cfn-lint finds no error in the templates of the cases (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
}

/** The AWS Control Tower proactive controls that cfn-guard fails on the app's synthesized templates. */
export function controlTowerFailures(app: App): string[] {
  const assembly = app.synth();
  const context: IPolicyValidationContextBeta1 = {
    templatePaths: assembly.stacks.map((s) => s.templateFullPath),
    appConstruct: app,
  };
  const report = new CfnGuardValidator({}).validate(context);
  const failures = report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId}`),
  );
  if (!report.success && failures.length === 0) {
    throw new Error(`cfn-guard failed without findings: ${JSON.stringify(report.metadata)}`);
  }
  return failures;
}

/** What a synth through the gate produced. */
export interface GateSynth {
  readonly gate: ComplianceGate;
  /** `process.exitCode` right after synth: 1 when a validation plugin failed (that is how `cdk synth` fails). */
  readonly exitCode: number | undefined;
  /** Everything written to standard error and console.error during synth. */
  readonly stderr: string;
}

/**
 * Registers the gate on `app` and synthesizes it, capturing standard error and restoring `process.exitCode`
 * so that jest's own exit code is not affected.
 */
export function synthThroughGate(app: App, options: ComplianceGateOptions = {}): GateSynth {
  const gate = ComplianceGate.apply(app, options);
  const previous = process.exitCode;
  const writes: string[] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => {
    writes.push(args.join(' '));
  });
  try {
    process.exitCode = undefined;
    try {
      app.synth();
    } catch (synthError) {
      // aws-cdk-lib 2.27x and newer throw when a validation plugin fails outside the CDK CLI (2.258 sets
      // process.exitCode); under `cdk synth` both exit 1. A synth that failed before the plugins ran rethrows.
      if (!validationPluginFailed(app.outdir)) {
        throw synthError;
      }
      writes.push(String(synthError));
      process.exitCode = 1;
    }
    return { gate, exitCode: process.exitCode as number | undefined, stderr: writes.join('\n') };
  } finally {
    process.exitCode = previous;
    stderr.mockRestore();
    error.mockRestore();
  }
}

/** One plugin's part of aws-cdk-lib's validation report (`validation-report.json`). */
export interface ValidationPluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: Array<{ readonly ruleName: string; readonly severity: string }>;
}

/** The plugin reports of aws-cdk-lib's validation report in `outdir`; undefined when synth wrote none. */
export function validationPluginReports(outdir: string): ValidationPluginReport[] | undefined {
  const file = path.join(outdir, 'validation-report.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).pluginReports ?? []) : undefined;
}

/** Whether CDK's validation report in `outdir` records a failed validation plugin. */
function validationPluginFailed(outdir: string): boolean {
  return (validationPluginReports(outdir) ?? []).some((r) => r.conclusion !== 'success');
}
