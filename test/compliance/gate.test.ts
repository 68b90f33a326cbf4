import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ComplianceGate, CompliancePack, EncryptedTable, Severity } from '../../src';
import { newStack } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

/**
 * Synthesizes with the gate registered. A failing validation plugin sets process.exitCode = 1 (that is how
 * `cdk synth` fails); restore it so jest's own exit code is not affected, and hand it to the test.
 */
function synthWithGate(app: App, gate: ComplianceGate): { exitCode: number | undefined; stderr: string } {
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
    app.synth();
    return { exitCode: process.exitCode as number | undefined, stderr: writes.join('\n') };
  } finally {
    process.exitCode = previous;
    stderr.mockRestore();
    error.mockRestore();
    expect(gate.result).toBeDefined();
  }
}

describe('ComplianceGate.apply', () => {
  test('fails synth on an unacknowledged error and prints the summary and CDK report', () => {
    // GIVEN
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });
    const gate = ComplianceGate.apply(app);

    // WHEN
    const { exitCode, stderr } = synthWithGate(app, gate);

    // THEN
    expect(exitCode).toBe(1);
    expect(gate.result?.success).toBe(false);
    expect(stderr).toContain('cdk-secure-serverless compliance gate: FAILED');
    expect(stderr).toMatch(/\[error\] HIPAA\.Security-DynamoDBInBackupPlan at TestStack\/Plain\/Resource/);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    expect(JSON.stringify(report)).toContain('NIST.800.53.R5-DynamoDBPITREnabled');
  });

  test('lets a compliant app synthesize and lists its acknowledgments with their reasons', () => {
    const { app, stack } = newStack();
    new EncryptedTable(stack, 'Orders', {
      partitionKey,
      optOuts: { pointInTimeRecovery: { reason: 'Session cache, rebuilt on login' } },
    });
    const gate = ComplianceGate.apply(app);

    const { exitCode, stderr } = synthWithGate(app, gate);

    expect(exitCode).toBeUndefined();
    expect(gate.result?.success).toBe(true);
    expect(stderr).toContain('cdk-secure-serverless compliance gate: PASSED');
    expect(stderr).toContain(
      'AwsSolutions-DDB3 at TestStack/Orders: Opt-out (optOuts.pointInTimeRecovery): Session cache, rebuilt on login',
    );
  });

  test('warnings pass by default and fail with warningsAsErrors', () => {
    const build = () => {
      const fixture = newStack();
      new dynamodb.Table(fixture.stack, 'Plain', {
        partitionKey,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      });
      return fixture;
    };
    const lenient = build();
    const strict = build();
    const lenientGate = ComplianceGate.apply(lenient.app, { packs: [CompliancePack.AWS_SOLUTIONS] });
    const strictGate = ComplianceGate.apply(strict.app, {
      packs: [CompliancePack.AWS_SOLUTIONS],
      warningsAsErrors: true,
    });

    expect(synthWithGate(lenient.app, lenientGate).exitCode).toBeUndefined();
    expect(lenientGate.result?.violations).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-DDB3', severity: Severity.WARNING }),
    ]);
    expect(synthWithGate(strict.app, strictGate).exitCode).toBe(1);
    expect(strictGate.result?.violations).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-DDB3', severity: Severity.ERROR }),
    ]);
  });

  test('printSummary: false keeps standard error free of the summary', () => {
    const { app, stack } = newStack();
    new EncryptedTable(stack, 'Orders', { partitionKey });
    const gate = ComplianceGate.apply(app, { printSummary: false });

    expect(synthWithGate(app, gate).stderr).not.toContain('compliance gate');
  });
});

describe('ComplianceGate.check', () => {
  test('returns each finding with pack, rule, severity, construct path and message', () => {
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });

    const result = ComplianceGate.check(app);

    expect(result.success).toBe(false);
    expect(result.violations).toContainEqual({
      pack: CompliancePack.HIPAA_SECURITY,
      ruleId: 'HIPAA.Security-DynamoDBPITREnabled',
      severity: Severity.ERROR,
      constructPath: 'TestStack/Plain/Resource',
      message: expect.stringMatching(/Point-in-time Recovery/),
    });
    expect(result.packs).toEqual([
      { pack: CompliancePack.AWS_SOLUTIONS, errors: 0, warnings: 1 },
      { pack: CompliancePack.HIPAA_SECURITY, errors: 2, warnings: 0 },
      { pack: CompliancePack.NIST_800_53_R5, errors: 2, warnings: 0 },
      { pack: CompliancePack.PCI_DSS_321, errors: 0, warnings: 0 },
      { pack: CompliancePack.SERVERLESS, errors: 0, warnings: 0 },
    ]);
  });

  test('runs only the chosen packs', () => {
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });

    const result = ComplianceGate.check(app, { packs: [CompliancePack.PCI_DSS_321, CompliancePack.SERVERLESS] });

    expect(result.packs.map((p) => p.pack)).toEqual([CompliancePack.PCI_DSS_321, CompliancePack.SERVERLESS]);
    expect(result.success).toBe(true);
  });

  test('verbose adds the explanation to the message', () => {
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });

    const [terse] = ComplianceGate.check(app, { packs: [CompliancePack.AWS_SOLUTIONS] }).violations;
    const [verbose] = ComplianceGate.check(app, { packs: [CompliancePack.AWS_SOLUTIONS], verbose: true }).violations;

    expect(verbose.message.length).toBeGreaterThan(terse.message.length);
    expect(verbose.message.startsWith(terse.message)).toBe(true);
  });

  test('checks a single stack, and sees acknowledgments recorded above it', () => {
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
    Validations.of(app).acknowledge({ id: 'AwsSolutions-DDB3', reason: 'Tested elsewhere' });

    const result = ComplianceGate.check(stack, { packs: [CompliancePack.AWS_SOLUTIONS] });

    expect(result.violations).toEqual([]);
    expect(result.acknowledgments).toEqual([
      { ruleId: 'AwsSolutions-DDB3', reason: 'Tested elsewhere', constructPath: '' },
    ]);
  });
});
