import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ComplianceGate, EncryptedTable } from '../../src';
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

describe('the reports the gate writes into the cloud assembly', () => {
  test('are the JSON, SARIF and Markdown files, and the summary says where they are', () => {
    const { gate, stderr } = synthThroughGate(app());

    expect(REPORTS.map((name) => existsSync(join(outdir, name)))).toEqual([true, true, true]);
    expect(gate.reportFiles).toEqual({
      json: join(outdir, 'compliance-report.json'),
      sarif: join(outdir, 'compliance-report.sarif'),
      markdown: join(outdir, 'compliance-report.md'),
    });
    expect(stderr).toContain(`Reports: ${relative(process.cwd(), join(outdir, 'compliance-report.md'))}`);
  });

  test('JSON: every finding and acknowledgment with rule, severity, construct path, logical id, stack and frameworks', () => {
    synthThroughGate(app());
    const report = JSON.parse(read('compliance-report.json'));
    const template = JSON.parse(read('Orders.template.json'));
    const plainId = Object.keys(template.Resources).find((id) => id.startsWith('Plain'));

    expect(report.findings).toContainEqual({
      ruleId: 'SecureServerless-DynamoDBCustomerManagedKey',
      severity: 'error',
      pack: 'SecureServerless',
      message: 'DynamoDB tables are encrypted with a customer-managed KMS key',
      frameworks: expect.objectContaining({ owasp: ['SAS-3'], hipaa: expect.any(Array), gdpr: ['Art. 32'] }),
      constructPath: 'Orders/Plain/Resource',
      logicalId: plainId,
      resourceType: 'AWS::DynamoDB::Table',
      stack: 'Orders',
      templatePath: relative(process.cwd(), join(outdir, 'Orders.template.json')),
      templateLine: expect.any(Number),
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'HIPAA.Security-DynamoDBPITREnabled',
        frameworks: expect.objectContaining({ hipaa: expect.arrayContaining(['164.308(a)(7)(i)']) }),
      }),
    );
    // An acknowledgment on an L3 covers its subtree: it is located by stack; one on a resource, by logical id too.
    expect(report.acknowledgments).toContainEqual({
      ruleId: 'AwsSolutions-DDB3',
      pack: 'AwsSolutions',
      severity: 'warning',
      reason: 'Opt-out (optOuts.pointInTimeRecovery): Session cache, rebuilt on login',
      constructPath: 'Orders/Sessions',
      stack: 'Orders',
      frameworks: { owasp: [] },
    });
    expect(report.acknowledgments).toContainEqual(
      expect.objectContaining({
        ruleId: expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Sessions\w+\.Arn>\/backup\/\*\]$/),
        constructPath: 'Orders/SecureServerlessDefaults/BackupRole',
        logicalId: expect.stringMatching(/^SecureServerlessDefaultsBackupRole/),
        resourceType: 'AWS::IAM::Role',
        templatePath: relative(process.cwd(), join(outdir, 'Orders.template.json')),
      }),
    );
  });

  test('JSON: template lines point at the logical id in the template file', () => {
    synthThroughGate(app());
    const report = JSON.parse(read('compliance-report.json'));
    const lines = read('Orders.template.json').split('\n');

    for (const finding of report.findings) {
      expect(lines[finding.templateLine - 1]).toContain(`"${finding.logicalId}": {`);
    }
  });

  test('SARIF: validates against the SARIF 2.1.0 schema and locates results in the template', () => {
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
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
      relative(process.cwd(), join(outdir, 'Orders.template.json')),
    );
    expect(result.locations[0].logicalLocations[0]).toMatchObject({
      name: expect.stringMatching(/^Plain/),
      fullyQualifiedName: 'Orders/Plain/Resource',
    });
    const rule = log.runs[0].tool.driver.rules.find(
      (r: { id: string }) => r.id === 'SecureServerless-DynamoDBCustomerManagedKey',
    );
    expect(rule.help.markdown).toContain('HIPAA');
    const suppressed = log.runs[0].results.find(
      (r: { ruleId: string; suppressions?: unknown[] }) => r.ruleId === 'AwsSolutions-DDB3' && r.suppressions,
    );
    expect(suppressed.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Opt-out (optOuts.pointInTimeRecovery): Session cache, rebuilt on login',
      },
    ]);
  });

  test('Markdown: a section per framework, the findings, and the acknowledgments with their reasons', () => {
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
    expect(markdown).toMatch(/\| ❌ `SecureServerless-DynamoDBCustomerManagedKey` \| SAS-3/);
    expect(markdown).toContain('| `AwsSolutions-DDB3` |');
    expect(markdown).toContain('Session cache, rebuilt on login');
  });

  test('a passing app gets reports too', () => {
    const { exitCode } = synthThroughGate(app({ failing: false }));

    expect(exitCode).toBeUndefined();
    expect(read('compliance-report.md')).toContain('**No unacknowledged findings**');
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
    expect(JSON.parse(read('compliance-report.Prod.json')).acknowledgments.length).toBeGreaterThan(0);
  });
});
