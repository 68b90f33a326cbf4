import * as fs from 'fs';
import * as path from 'path';
import { Aspects, CfnResource, IAspect, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ComplianceGate, CompliancePack, DecisionOrigin, EncryptedTable, Severity } from '../../src';
import { DynamoDBCustomerManagedKey } from '../../src/compliance/rules/dynamodb/DynamoDBCustomerManagedKey';
import { DynamoDBDeletionProtection } from '../../src/compliance/rules/dynamodb/DynamoDBDeletionProtection';
import { DynamoDBPointInTimeRecovery } from '../../src/compliance/rules/dynamodb/DynamoDBPointInTimeRecovery';
import { newStack, synthThroughGate } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('ComplianceGate.apply', () => {
  test('fails synth on an unacknowledged error and prints the summary and CDK report', () => {
    // GIVEN
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });
    // WHEN
    const { gate, exitCode, stderr } = synthThroughGate(app);

    // THEN
    expect(exitCode).toBe(1);
    expect(gate.result?.success).toBe(false);
    expect(stderr).toContain('cdk-secure-serverless compliance gate: FAILED');
    expect(stderr).toMatch(/unaccepted finding\(s\), each listed once in aws-cdk-lib's validation report below/);
    // Each finding is printed once: by aws-cdk-lib's report, with its construct path.
    expect(stderr.split('HIPAA.Security-DynamoDBInBackupPlan').length - 1).toBe(1);
    expect(stderr).toContain('TestStack/Plain/Resource');
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    expect(JSON.stringify(report)).toContain('NIST.800.53.R5-DynamoDBPITREnabled');
  });

  test('lets a compliant app synthesize and lists its acknowledgments with their reasons', () => {
    const { app, stack } = newStack();
    new EncryptedTable(stack, 'Orders', {
      partitionKey,
      optOuts: { pointInTimeRecovery: { reason: 'Session cache, rebuilt on login' } },
    });
    const { gate, exitCode, stderr } = synthThroughGate(app);

    expect(exitCode).toBeUndefined();
    expect(gate.result?.success).toBe(true);
    expect(stderr).toContain('cdk-secure-serverless compliance gate: PASSED');
    expect(stderr).toContain('decision(s), each with its reason in the reports');
    expect(gate.result?.acknowledgments).toContainEqual({
      ruleIds: [
        'AwsSolutions-DDB3',
        'HIPAA.Security-DynamoDBPITREnabled',
        'NIST.800.53.R5-DynamoDBPITREnabled',
        'SecureServerless-DynamoDBPointInTimeRecovery',
      ],
      constructPath: 'TestStack/Orders',
      reason: 'Session cache, rebuilt on login',
      origin: DecisionOrigin.OPT_OUT,
      optOut: 'optOuts.pointInTimeRecovery',
      accepted: 4,
    });
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
    const lenient = synthThroughGate(build().app, { packs: [CompliancePack.AWS_SOLUTIONS] });
    const strict = synthThroughGate(build().app, { packs: [CompliancePack.AWS_SOLUTIONS], warningsAsErrors: true });

    expect(lenient.exitCode).toBeUndefined();
    expect(lenient.gate.result?.violations).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-DDB3', severity: Severity.WARNING }),
    ]);
    expect(strict.exitCode).toBe(1);
    expect(strict.gate.result?.violations).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-DDB3', severity: Severity.ERROR }),
    ]);
  });

  test('printSummary: false keeps standard error free of the summary', () => {
    const { app, stack } = newStack();
    new EncryptedTable(stack, 'Orders', { partitionKey });
    expect(synthThroughGate(app, { printSummary: false }).stderr).not.toContain('compliance gate');
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
      message:
        'The DynamoDB table does not have Point-in-time Recovery enabled. Required: The DynamoDB table has point-in-time recovery enabled.',
      fix: 'The DynamoDB table has point-in-time recovery enabled.',
      logicalId: expect.stringMatching(/^Plain[0-9A-F]{8}$/),
      stackName: 'TestStack',
    });
    expect(result.packs).toEqual([
      { pack: CompliancePack.AWS_SOLUTIONS, errors: 0, warnings: 1 },
      { pack: CompliancePack.HIPAA_SECURITY, errors: 2, warnings: 0 },
      { pack: CompliancePack.NIST_800_53_R5, errors: 2, warnings: 0 },
      { pack: CompliancePack.PCI_DSS_321, errors: 0, warnings: 0 },
      { pack: CompliancePack.SERVERLESS, errors: 0, warnings: 0 },
      { pack: CompliancePack.SECURE_SERVERLESS, errors: 3, warnings: 0 },
    ]);
    expect(result.violations.filter((v) => v.pack === CompliancePack.SECURE_SERVERLESS).map((v) => v.ruleId)).toEqual([
      'SecureServerless-DynamoDBCustomerManagedKey',
      'SecureServerless-DynamoDBDeletionProtection',
      'SecureServerless-DynamoDBPointInTimeRecovery',
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
      {
        ruleIds: ['AwsSolutions-DDB3'],
        reason: 'Tested elsewhere',
        constructPath: '',
        origin: DecisionOrigin.TEAM,
        accepted: 1,
      },
    ]);
  });
});

describe('ComplianceGate.check synthesizes first', () => {
  test('sees what Aspects change at synth', () => {
    // GIVEN a table that an Aspect turns point-in-time recovery on for
    const { stack } = newStack();
    const table = new dynamodb.Table(stack, 'Plain', {
      partitionKey,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    const enablePitr: IAspect = {
      visit: (node) => {
        if (node instanceof dynamodb.CfnTable) {
          node.pointInTimeRecoverySpecification = { pointInTimeRecoveryEnabled: true };
        }
      },
    };
    Aspects.of(stack).add(enablePitr);

    // WHEN
    const ruleIds = ComplianceGate.check(table, { packs: [CompliancePack.AWS_SOLUTIONS] }).violations.map(
      (v) => v.ruleId,
    );

    // THEN
    expect(ruleIds).toEqual([]);
  });

  test('leaves process.exitCode alone when a gate registered on the app fails during that synth', () => {
    const { app, stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });
    ComplianceGate.apply(app, { printSummary: false, writeReports: false });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const previous = process.exitCode;
    process.exitCode = undefined;
    try {
      const result = ComplianceGate.check(app);

      expect(result.success).toBe(false);
      expect(process.exitCode).toBeUndefined();
    } finally {
      process.exitCode = previous;
      error.mockRestore();
    }
  });

  test('checking a construct reports only the resources under it', () => {
    const { stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey });
    const secure = new EncryptedTable(stack, 'Orders', { partitionKey });

    expect(ComplianceGate.check(secure).violations).toEqual([]);
    expect(ComplianceGate.check(stack).violations.length).toBeGreaterThan(0);
  });
});

describe('ComplianceGate.assertCompliant', () => {
  test('returns the result when nothing is unacknowledged', () => {
    const { stack } = newStack();
    new EncryptedTable(stack, 'Orders', { partitionKey });

    expect(ComplianceGate.assertCompliant(stack).success).toBe(true);
  });

  test('throws a readable error listing each finding with rule, path and logical id', () => {
    const { stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });

    expect(() => ComplianceGate.assertCompliant(stack, { packs: [CompliancePack.SECURE_SERVERLESS] })).toThrow(
      [
        '3 unaccepted compliance finding(s) in TestStack:',
        `  [error] SecureServerless-DynamoDBCustomerManagedKey at TestStack/Plain/Resource (logical id ${logicalIdOf(stack, 'Plain')} in TestStack): ${DynamoDBCustomerManagedKey.problem}. Fix: ${DynamoDBCustomerManagedKey.fix}`,
        `  [error] SecureServerless-DynamoDBDeletionProtection at TestStack/Plain/Resource (logical id ${logicalIdOf(stack, 'Plain')} in TestStack): ${DynamoDBDeletionProtection.problem}. Fix: ${DynamoDBDeletionProtection.fix}`,
        `  [error] SecureServerless-DynamoDBPointInTimeRecovery at TestStack/Plain/Resource (logical id ${logicalIdOf(stack, 'Plain')} in TestStack): ${DynamoDBPointInTimeRecovery.problem}. Fix: ${DynamoDBPointInTimeRecovery.fix}`,
        'Fix each resource, or accept the finding with a reason: an opt-out prop, or ComplianceDecisions.of(construct).acknowledge.',
      ].join('\n'),
    );
  });

  test('fails on warnings only with warningsAsErrors', () => {
    const { stack } = newStack();
    new dynamodb.Table(stack, 'Plain', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
    const packs = [CompliancePack.AWS_SOLUTIONS];

    expect(() => ComplianceGate.assertCompliant(stack, { packs })).not.toThrow();
    expect(() => ComplianceGate.assertCompliant(stack, { packs, warningsAsErrors: true })).toThrow(
      /\[error\] AwsSolutions-DDB3 at TestStack\/Plain\/Resource/,
    );
  });
});

function logicalIdOf(stack: import('aws-cdk-lib').Stack, id: string): string {
  return stack.resolve((stack.node.findChild(id).node.defaultChild as CfnResource).logicalId);
}
