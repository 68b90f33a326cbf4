import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ComplianceGate, EncryptedTable } from '../../src';
import { DynamoDBCustomerManagedKey } from '../../src/compliance/rules/dynamodb/DynamoDBCustomerManagedKey';
import { synthThroughGate } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };
const REPORTS = ['compliance-report.json', 'compliance-report.sarif', 'compliance-report.md'];

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'css-gate-reports-'));
});
afterEach(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** An app with a compliant table that opts out of one control, and a plain table that fails. */
function app(options: { failing?: boolean } = {}): App {
  const result = new App({ outdir });
  const stack = new Stack(result, 'Orders', { env: { account: '123456789012', region: 'us-east-1' } });
  new EncryptedTable(stack, 'Sessions', {
    partitionKey,
    optOuts: { pointInTimeRecovery: { reason: 'Session cache, rebuilt on login' } },
  });
  if (options.failing ?? true) {
    new dynamodb.Table(stack, 'Plain', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
  }
  return result;
}

const read = (name: string) => readFileSync(join(outdir, name), 'utf8');

/** The 1-based line of this file that holds `text` (so the test does not break when lines move). */
function lineOf(text: string): number {
  return (
    readFileSync(__filename, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

describe('the reports the gate writes into the cloud assembly', () => {
  test('are the JSON, SARIF and Markdown files, and the summary says where they are', () => {
    const { gate, stderr } = synthThroughGate(app());

    expect(REPORTS.map((name) => existsSync(join(outdir, name)))).toEqual([true, true, true]);
    expect(gate.reportFiles).toEqual({
      json: join(outdir, 'compliance-report.json'),
      sarif: join(outdir, 'compliance-report.sarif'),
      markdown: join(outdir, 'compliance-report.md'),
      sbomDirectory: join(outdir, 'sbom'),
    });
    expect(stderr).toContain(`Reports: ${relative(process.cwd(), join(outdir, 'compliance-report.md'))}`);
  });

  test('JSON: every finding with what is wrong, the fix and where, and every decision with its fields', () => {
    synthThroughGate(app());
    const report = JSON.parse(read('compliance-report.json'));
    const template = JSON.parse(read('Orders.template.json'));
    const plainId = Object.keys(template.Resources).find((id) => id.startsWith('Plain'));

    expect(report.findings).toContainEqual({
      ruleId: 'SecureServerless-DynamoDBCustomerManagedKey',
      severity: 'error',
      pack: 'SecureServerless',
      problem: DynamoDBCustomerManagedKey.problem,
      fix: DynamoDBCustomerManagedKey.fix,
      location: {
        constructPath: 'Orders/Plain/Resource',
        logicalId: plainId,
        resourceType: 'AWS::DynamoDB::Table',
        stack: 'Orders',
        templatePath: relative(process.cwd(), join(outdir, 'Orders.template.json')),
        templateLine: expect.any(Number),
        sourceFile: 'test/compliance/gate-reports.test.ts',
        sourceLine: lineOf("new dynamodb.Table(stack, 'Plain'"),
      },
    });
    expect(report.rules).toContainEqual(
      expect.objectContaining({
        id: 'HIPAA.Security-DynamoDBPITREnabled',
        control: 'DynamoDBPITREnabled',
        status: 'failed',
        frameworks: expect.objectContaining({ hipaa: expect.arrayContaining(['164.308(a)(7)(i)']) }),
      }),
    );
    // The opt-out is one decision for the control in every pack, with its fields as data.
    expect(report.decisions).toContainEqual(
      expect.objectContaining({
        ruleIds: expect.arrayContaining(['AwsSolutions-DDB3', 'HIPAA.Security-DynamoDBPITREnabled']),
        origin: 'opt-out',
        optOut: 'optOuts.pointInTimeRecovery',
        reason: 'Session cache, rebuilt on login',
        location: expect.objectContaining({ constructPath: 'Orders/Sessions', stack: 'Orders' }),
        unused: false,
        expired: false,
      }),
    );
    expect(report.decisions).toContainEqual(
      expect.objectContaining({
        ruleIds: [expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Sessions\w+\.Arn>\/backup\/\*\]$/)],
        origin: 'library',
        location: expect.objectContaining({
          constructPath: 'Orders/SecureServerlessDefaults/BackupRole',
          logicalId: expect.stringMatching(/^SecureServerlessDefaultsBackupRole/),
          resourceType: 'AWS::IAM::Role',
          templatePath: relative(process.cwd(), join(outdir, 'Orders.template.json')),
        }),
      }),
    );
  });

  test('JSON: template lines point at the logical id in the template file', () => {
    synthThroughGate(app());
    const report = JSON.parse(read('compliance-report.json'));
    const lines = read('Orders.template.json').split('\n');

    expect(report.findings.length).toBeGreaterThan(0);
    for (const { location } of report.findings) {
      expect(lines[location.templateLine - 1]).toContain(`"${location.logicalId}": {`);
    }
  });

  test('SARIF: validates against the schema, leads to the source line, keeps the template as related', () => {
    synthThroughGate(app());
    const log = JSON.parse(read('compliance-report.sarif'));
    const schema = JSON.parse(readFileSync(join(__dirname, 'reports', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const result = log.runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'SecureServerless-DynamoDBCustomerManagedKey',
    );
    expect(result.message.text).toBe(`${DynamoDBCustomerManagedKey.problem}. Fix: ${DynamoDBCustomerManagedKey.fix}`);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/compliance/gate-reports.test.ts' },
      region: { startLine: lineOf("new dynamodb.Table(stack, 'Plain'") },
    });
    expect(result.locations[0].logicalLocations[0]).toMatchObject({
      name: 'Resource',
      fullyQualifiedName: 'Orders/Plain/Resource',
    });
    expect(result.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(
      relative(process.cwd(), join(outdir, 'Orders.template.json')),
    );
    const rule = log.runs[0].tool.driver.rules.find(
      (r: { id: string }) => r.id === 'SecureServerless-DynamoDBCustomerManagedKey',
    );
    expect(rule.help.markdown).toContain('HIPAA');
    const suppressed = log.runs[0].results.find(
      (r: { ruleId: string; suppressions?: unknown[] }) => r.ruleId === 'AwsSolutions-DDB3' && r.suppressions,
    );
    expect(suppressed.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Session cache, rebuilt on login' },
    ]);
  });

  test('Markdown: findings by construct path, decisions by control, frameworks without failure wording', () => {
    synthThroughGate(app());
    const markdown = read('compliance-report.md');

    for (const framework of [
      'OWASP Serverless Top 10',
      'HIPAA Security Rule',
      'PCI DSS 3.2.1',
      'NIST 800-53 rev 5',
      'GDPR',
    ]) {
      expect(markdown).toContain(`### ${framework}`);
    }
    expect(markdown).toContain('### `Orders/Plain/Resource`');
    expect(markdown).toMatch(/\| ❌ `SecureServerless-DynamoDBCustomerManagedKey` \| SAS-3/);
    expect(markdown).toMatch(/\| DynamoDBPITREnabled \| `AwsSolutions-DDB3`<br>`HIPAA.Security-DynamoDBPITREnabled`/);
    expect(markdown).toContain('Session cache, rebuilt on login');
    expect(markdown).toContain("### The library's exceptions");
    const passed = markdown.split('\n').filter((line) => line.startsWith('- ✅'));
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.filter((line) => /\b(is|are|does|do) not\b|\bnot enabled\b|\bhas no\b/i.test(line))).toEqual([]);
    expect(markdown).toMatch(/rule\(s\) not applicable<\/summary>/);
  });

  test('a passing app gets reports too', () => {
    const { exitCode } = synthThroughGate(app({ failing: false }));

    expect(exitCode).toBeUndefined();
    expect(read('compliance-report.md')).toContain('**PASSED**: 0 error(s) and 0 warning(s) unaccepted');
  });

  test('reports an earlier `cdk synth` left in a reused output directory are replaced', () => {
    for (const name of REPORTS) {
      writeFileSync(join(outdir, name), 'stale');
    }

    synthThroughGate(app());

    expect(read('compliance-report.md')).not.toBe('stale');
    expect(JSON.parse(read('compliance-report.json')).findings.length).toBeGreaterThan(0);
  });

  test('a second synth of the same app in one process keeps the first reports and says so', () => {
    const first = app();
    synthThroughGate(first);
    const before = read('compliance-report.json');

    // A forced synth runs the plugin again; aws-cdk-lib forbids changing files the assembly already holds.
    const writes: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const previous = process.exitCode;
    try {
      first.synth({ force: true });
    } catch (synthError) {
      // aws-cdk-lib 2.27x throws when the gate fails outside the CDK CLI (2.258 sets process.exitCode).
      if (!String(synthError).includes('A copy of this report can be found in')) {
        throw synthError;
      }
    } finally {
      process.exitCode = previous;
      stderr.mockRestore();
      error.mockRestore();
    }

    expect(read('compliance-report.json')).toBe(before);
    expect(writes.join('')).toContain('Reports not rewritten');
  });

  test('writeReports: false writes none', () => {
    const { gate } = synthThroughGate(app(), { writeReports: false });

    expect(gate.reportFiles).toBeUndefined();
    expect(REPORTS.filter((name) => existsSync(join(outdir, name)))).toEqual([]);
  });

  test('a gate on a nested stage names its reports after the stage', () => {
    const root = new App({ outdir });
    const stage = new Stage(root, 'Prod');
    new EncryptedTable(new Stack(stage, 'Orders'), 'Sessions', { partitionKey });
    const gate = ComplianceGate.apply(stage, { printSummary: false });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      root.synth();
    } finally {
      error.mockRestore();
    }

    expect(gate.reportFiles?.json).toBe(join(outdir, 'compliance-report.Prod.json'));
    expect(JSON.parse(read('compliance-report.Prod.json')).decisions.length).toBeGreaterThan(0);
  });
});
