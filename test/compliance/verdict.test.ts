import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { CompliancePack } from '../../src';
import { main } from '../../src/cli/main';
import { cdkVersion } from '../support/cfn-lint';
import { GateSynth, synthThroughGate, validationPluginReports } from '../support/compliance';

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
  const plugins = validationPluginReports(app.outdir)!;
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
    expect(synth.gate.result!.acknowledgments.flatMap((a) => a.ruleIds).sort()).toEqual(
      [...new Set(findings.map((f) => f.ruleId))].sort(),
    );
    expect(synth.gate.result!.acknowledgments.filter((a) => a.unused)).toEqual([]);
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
    expect(synth.gate.result!.violations[0].message).toMatch(/has no reason.*Fix: Give it a reason/);
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

  describe('acknowledgments that match no finding', () => {
    /** The plain app with every finding acknowledged, plus `extra` on the table. */
    function withExtra(extra: string): App {
      const app = plainApp();
      for (const f of findings) {
        Validations.of(constructAt(app, f.constructPath)).acknowledge({ id: f.ruleId, reason: REASON });
      }
      Validations.of(constructAt(app, 'Verdict/Plain')).acknowledge({ id: extra, reason: REASON });
      return app;
    }

    test('a typo is reported as unused, a warning: the gate passes and says so', () => {
      // GIVEN
      const app = withExtra('AwsSolutions-DDB3X');

      // WHEN
      const synth = synthThroughGate(app, { writeReports: false });

      // THEN
      expect(synth.gate.result!.acknowledgments.filter((a) => a.unused)).toEqual([
        expect.objectContaining({
          ruleIds: ['AwsSolutions-DDB3X'],
          reason: REASON,
          constructPath: 'Verdict/Plain',
          unused: true,
          accepted: 0,
        }),
      ]);
      expect(verdicts(app, synth)).toEqual({ gate: true, cdkReport: true, exitCode: 0 });
      expect(synth.stderr).toMatch(
        /\[warning\] 1 decision\(s\) match no finding[\s\S]*AwsSolutions-DDB3X at Verdict\/Plain/,
      );
    });

    test('a base id does not cover granular findings: the finding stays and the acknowledgment is unused', () => {
      // GIVEN
      const app = plainApp();
      const stack = app.node.findChild('Verdict') as Stack;
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, restrictDefaultSecurityGroup: false });
      const sg = new ec2.SecurityGroup(stack, 'Open', { vpc, allowAllOutbound: true });
      Validations.of(sg).acknowledge({ id: 'SecureServerless-SecurityGroupOpenEgress', reason: REASON });

      // WHEN
      const synth = synthThroughGate(app, {
        writeReports: false,
        printSummary: false,
        packs: [CompliancePack.SECURE_SERVERLESS],
      });

      // THEN
      expect(synth.gate.result!.violations.map((v) => `${v.ruleId} at ${v.constructPath}`)).toContain(
        'SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0] at Verdict/Open/Resource',
      );
      expect(synth.gate.result!.acknowledgments.filter((a) => a.unused).flatMap((a) => a.ruleIds)).toEqual([
        'SecureServerless-SecurityGroupOpenEgress',
      ]);
    });

    test('fails with failOnUnusedAcknowledgments, and all three agree', () => {
      // GIVEN
      const app = withExtra('HIPAA.Security-DynamoDBPITREnable');

      // WHEN
      const synth = synthThroughGate(app, {
        writeReports: false,
        printSummary: false,
        failOnUnusedAcknowledgments: true,
      });

      // THEN
      expect(synth.gate.result!.violations.map((v) => `${v.ruleId} at ${v.constructPath}`)).toEqual([
        'SecureServerless-UnusedAcknowledgment[HIPAA.Security-DynamoDBPITREnable] at Verdict/Plain',
      ]);
      expect(synth.gate.result!.violations[0].message).toMatch(/matches no finding.*Fix: Correct the id/);
      expect(verdicts(app, synth)).toEqual({ gate: false, cdkReport: false, exitCode: 1 });
    });

    test('an acknowledgment of a pack that did not run, or of another tool, is not judged', () => {
      // GIVEN
      const app = withExtra('CloudFormation-Validate::W3010');
      Validations.of(constructAt(app, 'Verdict/Plain')).acknowledge({ id: 'Serverless-SomeRule', reason: REASON });

      // WHEN
      const packs = [CompliancePack.AWS_SOLUTIONS, CompliancePack.HIPAA_SECURITY, CompliancePack.NIST_800_53_R5];
      const synth = synthThroughGate(app, {
        writeReports: false,
        printSummary: false,
        packs,
        failOnUnusedAcknowledgments: true,
      });

      // THEN
      expect(synth.gate.result!.acknowledgments.filter((a) => a.unused)).toEqual([]);
    });
  });
});
