import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { main } from '../../src/cli/main';
import { cdkVersion } from '../support/cfn-lint';
import { GateSynth, synthThroughGate } from '../support/compliance';

/**
 * The gate's verdict, aws-cdk-lib's validation report and the exit code of `cdk synth` agree, whatever form an
 * acknowledgment's id takes, on the oldest and the newest aws-cdk-lib (this file runs on both).
 */
const REASON = 'Fixture of the verdict test: the finding is accepted to compare the verdicts';

/** A stack with one plain table, which several packs flag. */
function plainApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Verdict', { env: { account: '123456789012', region: 'us-east-1' } });
  new dynamodb.Table(stack, 'Plain', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return app;
}

/** What each of the three says: the gate's result, aws-cdk-lib's report conclusion, the exit code. */
function verdicts(app: App, synth: GateSynth): { gate: boolean; cdkReport: boolean; exitCode: number } {
  const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const plugins: Array<{ conclusion: string }> = report.pluginReports;
  return {
    gate: synth.gate.result!.success,
    cdkReport: plugins.every((p) => p.conclusion === 'success'),
    exitCode: synth.exitCode ?? 0,
  };
}

function constructAt(app: App, constructPath: string): IConstruct {
  return app.node.findAll().find((c) => c.node.path === constructPath)!;
}

/** The findings of the plain app without acknowledgments: rule id and construct path. */
function baselineFindings(): Array<{ ruleId: string; constructPath: string }> {
  const app = plainApp();
  const synth = synthThroughGate(app, { writeReports: false, printSummary: false });
  return synth.gate.result!.violations.map((v) => ({ ruleId: v.ruleId, constructPath: v.constructPath }));
}

describe(`verdict integrity (aws-cdk-lib ${cdkVersion()})`, () => {
  const findings = baselineFindings();

  test('without acknowledgments all three fail', () => {
    const app = plainApp();
    const synth = synthThroughGate(app, { writeReports: false, printSummary: false });

    expect(findings.length).toBeGreaterThan(3);
    expect(verdicts(app, synth)).toEqual({ gate: false, cdkReport: false, exitCode: 1 });
  });

  test.each([
    ['the plain rule id', ''],
    ["the id aws-cdk-lib's report prints (plugin name first)", 'cdk-secure-serverless::'],
  ])('acknowledging every finding by %s: all three pass', (_name, prefix) => {
    // GIVEN
    const app = plainApp();

    // WHEN
    for (const f of findings) {
      Validations.of(constructAt(app, f.constructPath)).acknowledge({ id: `${prefix}${f.ruleId}`, reason: REASON });
    }
    const synth = synthThroughGate(app, { writeReports: false, printSummary: false });

    // THEN
    expect(synth.gate.result!.violations).toEqual([]);
    expect(verdicts(app, synth)).toEqual({ gate: true, cdkReport: true, exitCode: 0 });
    expect(synth.gate.result!.acknowledgments.map((a) => a.ruleId).sort()).toEqual(
      [...new Set(findings.map((f) => f.ruleId))].sort(),
    );
  });

  test('fails when an acknowledgment has no reason, on the construct it was recorded on, and all three agree', () => {
    // GIVEN
    const app = plainApp();
    const [blank, ...rest] = findings;

    // WHEN
    Validations.of(constructAt(app, blank.constructPath)).acknowledge({ id: blank.ruleId, reason: '' });
    for (const f of rest) {
      Validations.of(constructAt(app, f.constructPath)).acknowledge({ id: f.ruleId, reason: REASON });
    }
    const synth = synthThroughGate(app, { writeReports: false, printSummary: false });

    // THEN
    expect(synth.gate.result!.violations.map((v) => `${v.ruleId} at ${v.constructPath}`)).toEqual([
      `SecureServerless-AcknowledgmentReason[${blank.ruleId}] at ${blank.constructPath}`,
    ]);
    expect(synth.gate.result!.violations[0].message).toMatch(/has no reason.*Fix: give the acknowledgment a reason/);
    expect(verdicts(app, synth)).toEqual({ gate: false, cdkReport: false, exitCode: 1 });
  });

  test('a whitespace reason counts as none', () => {
    const app = plainApp();
    for (const f of findings) {
      Validations.of(constructAt(app, f.constructPath)).acknowledge({ id: f.ruleId, reason: '   ' });
    }
    const synth = synthThroughGate(app, { writeReports: false, printSummary: false });

    expect(synth.gate.result!.violations).toHaveLength(findings.length);
    expect(
      synth.gate.result!.violations.every((v) => v.ruleId.startsWith('SecureServerless-AcknowledgmentReason[')),
    ).toBe(true);
    expect(verdicts(app, synth)).toEqual({ gate: false, cdkReport: false, exitCode: 1 });
  });

  test('the audit CLI reads acknowledgments in both forms from the cloud assembly', () => {
    // GIVEN: our own rules' findings acknowledged, half in each form
    const app = plainApp();
    const ours = findings.filter((f) => f.ruleId.startsWith('SecureServerless-'));
    ours.forEach((f, i) => {
      const id = i % 2 === 0 ? f.ruleId : `cdk-secure-serverless::${f.ruleId}`;
      Validations.of(constructAt(app, f.constructPath)).acknowledge({ id, reason: REASON });
    });
    app.synth();

    // WHEN
    let stdout = '';
    const code = main(['audit', app.outdir, '--format', 'json'], {
      io: { stdout: (t) => (stdout += t), stderr: () => undefined },
    });

    // THEN
    expect(ours.length).toBeGreaterThan(1);
    expect(JSON.parse(stdout).findings).toEqual([]);
    expect(code).toBe(0);
  });
});
