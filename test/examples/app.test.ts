import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { OrdersServiceStack } from '../../examples/app';
import { DecisionOrigin } from '../../src';
import { nagRuleOf } from '../../src/compliance/catalog';
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

  test('passes the AWS Control Tower proactive controls (cfn-guard) but for its one opt-out and the log bucket', () => {
    // The IdempotencyKeys table opts out of point-in-time recovery with a reason: cfn-guard cannot read the
    // acknowledgment, and an organisation that enforces this proactive control would refuse that table. The stack's
    // S3 access log bucket is SSE-S3 (log delivery refuses SSE-KMS) and logs no access of its own (into itself
    // without end), which CT.S3.PR.10 and CT.S3.PR.2 report.
    expect(controlTowerFailures(app)).toEqual([
      expect.stringMatching(/^dynamodb_table_pitr_enabled_check at IdempotencyKeysTable[0-9A-F]{8}$/),
      expect.stringMatching(
        /^s3_bucket_default_encryption_kms_check at SecureServerlessDefaultsAccessLogBucket[0-9A-F]{8}$/,
      ),
      expect.stringMatching(/^s3_bucket_logging_enabled_check at SecureServerlessDefaultsAccessLogBucket[0-9A-F]{8}$/),
    ]);
  });

  test("aws-cdk-lib's own validation (CloudFormation schemas, default rules on) reports nothing", () => {
    // A passing synth writes no validation report; a failing plugin would have written one.
    const plugins = validationPluginReports(outdir) ?? [];
    const findings = plugins.flatMap((p) => p.violations.map((v) => `${p.pluginName}: ${v.ruleName} (${v.severity})`));
    expect(findings).toEqual([]);
    process.stdout.write(
      `examples/app.ts on aws-cdk-lib ${cdkVersion()}: ${hasBuiltInValidator() ? "aws-cdk-lib's CloudFormation validator ran" : 'no built-in validator'}, no finding\n`,
    );
  });

  test("aws-cdk-lib's own validation is on in these tests: on 2.27x a schema error fails synth (the check above can fail)", () => {
    // GIVEN a queue with a property CloudFormation does not know and a retention that is not a number
    const bad = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'validator-')) });
    new CfnResource(new Stack(bad, 'Bad'), 'Queue', {
      type: 'AWS::SQS::Queue',
      properties: { MessageRetentionPeriod: 'many', Unknown: 1 },
    });

    // WHEN
    const previous = process.exitCode;
    let failed = false;
    try {
      bad.synth();
    } catch {
      failed = true;
    } finally {
      process.exitCode = previous;
    }

    // THEN
    const rules = (validationPluginReports(bad.outdir) ?? []).flatMap((p) =>
      p.violations.map((v) => `${p.pluginName}: ${v.ruleName}`),
    );
    if (hasBuiltInValidator()) {
      expect(failed).toBe(true);
      expect(rules).toEqual(
        expect.arrayContaining(['CloudFormation Validate: F3002', 'CloudFormation Validate: F3012']),
      );
    } else {
      expect(failed).toBe(false);
      expect(rules).toEqual([]);
    }
  });

  test('writes the JSON, SARIF and Markdown reports into the cloud assembly', () => {
    for (const file of ['compliance-report.json', 'compliance-report.sarif', 'compliance-report.md']) {
      expect(existsSync(path.join(outdir, file))).toBe(true);
    }
  });

  test('the Markdown report: decisions by control, the library apart, no failure wording under passed', () => {
    const markdown = readFileSync(path.join(outdir, 'compliance-report.md'), 'utf8');

    expect(markdown).toContain('**PASSED**: 0 error(s) and 0 warning(s) unaccepted');
    const team = section(markdown, "### The team's decisions", "### The library's exceptions");
    expect(team).toMatch(
      /\| DynamoDBPITREnabled \| `AwsSolutions-DDB3`<br>.* \| `OrdersService\/IdempotencyKeys` \| opt-out `optOuts.pointInTimeRecovery` \| Idempotency keys expire .* \| SEC-17 \| security-review@example.com \|/,
    );
    expect(team).toContain('opt-out `allowUnauthenticated`');
    const library = section(markdown, "### The library's exceptions", '## Frameworks');
    expect(library.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Control')).length).toBe(
      gate.result!.acknowledgments.filter((a) => a.origin === DecisionOrigin.LIBRARY).length,
    );
    const passed = markdown.split('\n').filter((line) => line.startsWith('- ✅'));
    expect(passed.length).toBeGreaterThan(50);
    // cdk-nag's own text for a rule says what is wrong when it fails: under "passed", each says what it requires.
    const nagLines = passed
      .map((line) => ({ line, rule: nagRuleOf(/`([^`]+)`/.exec(line)![1]) }))
      .filter((entry) => entry.rule !== undefined);
    expect(nagLines.length).toBeGreaterThan(50);
    for (const { line, rule } of nagLines) {
      expect(line).not.toContain(rule!.info.replace(/\s*-\s*\(Control IDs?:.*$/s, '').replace(/\.$/, ''));
      expect(line).toContain(rule!.requirement.replace(/\.$/, ''));
    }
    expect(markdown).toMatch(/\d+ rule\(s\) not applicable<\/summary>/);
    // Findings would be listed by construct path; the example has none.
    expect(section(markdown, '## Findings', '## Decisions').trim()).toBe('## Findings\n\nNone.');
  });

  test('the SARIF report validates and locates each accepted finding by source line or construct path', () => {
    const log = JSON.parse(readFileSync(path.join(outdir, 'compliance-report.sarif'), 'utf8'));
    const schema = JSON.parse(
      readFileSync(path.join(__dirname, '..', 'compliance', 'reports', 'sarif-schema-2.1.0.json'), 'utf8'),
    );
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const results = log.runs[0].results as any[];
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.suppressions).toHaveLength(1);
      expect(result.message.text).not.toContain(result.ruleId + ':');
      expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^OrdersService\//);
    }
    // The opt-out's findings lead to the line of examples/app.ts that created the table.
    const pitr = results.find((r) => r.ruleId === 'AwsSolutions-DDB3');
    expect(pitr.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/app.ts');
    const line =
      readFileSync(path.join(__dirname, '..', '..', 'examples', 'app.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes("new EncryptedTable(this, 'IdempotencyKeys'")) + 1;
    expect(pitr.locations[0].physicalLocation.region.startLine).toBe(line);
  });

  test('cfn-lint finds no error in its templates', () => {
    const corpus = new TemplateCorpus('examples/app.ts');
    corpus.add(app);
    corpus.expectValid();
  });
});

/** The text of `markdown` from the line `start` up to the line `end`. */
function section(markdown: string, start: string, end: string): string {
  const from = markdown.indexOf(`${start}\n`);
  const to = markdown.indexOf(`${end}\n`, from + start.length);
  return markdown.slice(from, to === -1 ? undefined : to);
}
