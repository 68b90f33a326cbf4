import { existsSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { OrdersServiceStack } from '../../examples/app';
import { cdkVersion, hasBuiltInValidator, TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, synthThroughGate, validationPluginReports } from '../support/compliance';

/**
 * The example app, as `npx projen example` runs it: through the compliance gate, with the context `cdk init`
 * gives a new project (test/support/cdk-init-context.ts), on the aws-cdk-lib of this run.
 */
describe('examples/app.ts', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'example-'));
  const app = new App({ outdir });
  new OrdersServiceStack(app, 'OrdersService', { env: { account: '123456789012', region: 'eu-west-1' } });
  const { gate, exitCode } = synthThroughGate(app);

  test('synthesizes through the gate with zero unacknowledged findings in all six packs', () => {
    expect(exitCode ?? 0).toBe(0);
    expect(gate.result?.violations).toEqual([]);
    expect(gate.result?.success).toBe(true);
    // Every acknowledgment (the app's opt-out and the library's exceptions) matches a finding.
    expect(gate.result?.acknowledgments.filter((a) => a.unused)).toEqual([]);
    expect(gate.result?.packs.map((p) => `${p.pack}: ${p.errors}/${p.warnings}`)).toEqual([
      'AwsSolutions: 0/0',
      'HIPAA.Security: 0/0',
      'NIST.800.53.R5: 0/0',
      'PCI.DSS.321: 0/0',
      'Serverless: 0/0',
      'SecureServerless: 0/0',
    ]);
  });

  test('passes the AWS Control Tower proactive controls (cfn-guard) but for its one opt-out', () => {
    // The IdempotencyKeys table opts out of point-in-time recovery with a reason: cfn-guard cannot read the
    // acknowledgment, and an organisation that enforces this proactive control would refuse that table.
    expect(controlTowerFailures(app)).toEqual([
      expect.stringMatching(/^dynamodb_table_pitr_enabled_check at IdempotencyKeysTable[0-9A-F]{8}$/),
    ]);
  });

  test("aws-cdk-lib's own validation (CloudFormation schemas, default rules on) reports nothing", () => {
    const plugins = validationPluginReports(outdir)!;
    const findings = plugins.flatMap((p) => p.violations.map((v) => `${p.pluginName}: ${v.ruleName} (${v.severity})`));
    expect(findings).toEqual([]);
    expect(plugins.map((p) => `${p.pluginName}: ${p.conclusion}`)).toEqual(
      plugins.map((p) => `${p.pluginName}: success`),
    );
    // aws-cdk-lib 2.27x and newer validate against CloudFormation's schemas at every synth.
    const builtIn = plugins.some((p) => p.pluginName === 'CloudFormation Validate');
    process.stdout.write(
      `examples/app.ts on aws-cdk-lib ${cdkVersion()}: ${plugins.map((p) => p.pluginName).join(', ') || 'no validation plugin'}: no finding\n`,
    );
    expect(builtIn).toBe(hasBuiltInValidator());
  });

  test('writes the JSON, SARIF and Markdown reports into the cloud assembly', () => {
    for (const file of ['compliance-report.json', 'compliance-report.sarif', 'compliance-report.md']) {
      expect(existsSync(path.join(outdir, file))).toBe(true);
    }
  });

  test('cfn-lint finds no error in its templates', () => {
    const corpus = new TemplateCorpus('examples/app.ts');
    corpus.add(app);
    corpus.expectValid();
  });
});
