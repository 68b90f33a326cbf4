import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ComplianceDecisions, ComplianceGate, DecisionOrigin, EncryptedTable } from '../../src';
import { rulesOfControl } from '../../src/compliance/catalog';
import { cdkVersion } from '../support/cfn-lint';
import { synthThroughGate, validationPluginReports } from '../support/compliance';

/**
 * Decisions as data: one decision per control across packs, its fields in the result and the report, and its
 * expiry failing the gate; on the oldest and the newest aws-cdk-lib (this file runs on both).
 */
const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };
const REASON = 'Single-writer audit table: point-in-time recovery is replaced by the nightly export (ADR-12)';

function tableApp(): { app: App; stack: Stack; table: dynamodb.Table } {
  const app = new App();
  const stack = new Stack(app, 'Decisions', { env: { account: '123456789012', region: 'us-east-1' } });
  const table = new dynamodb.Table(stack, 'Audit', { partitionKey, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
  return { app, stack, table };
}

function failing(app: App, options = {}): string[] {
  return ComplianceGate.check(app, options).violations.map((v) => v.ruleId);
}

describe(`ComplianceDecisions (aws-cdk-lib ${cdkVersion()})`, () => {
  test('one decision on a control accepts the rule of every pack that checks it', () => {
    // GIVEN a plain table, which AwsSolutions, HIPAA, NIST and our pack all flag for point-in-time recovery
    const { app, table } = tableApp();
    const before = failing(tableApp().app);
    const pitr = rulesOfControl('DynamoDBPITREnabled');
    expect(before).toEqual(expect.arrayContaining(pitr));
    expect(pitr.length).toBeGreaterThanOrEqual(4);

    // WHEN
    ComplianceDecisions.of(table).acknowledge({
      control: 'DynamoDBPITREnabled',
      reason: REASON,
      ticket: 'SEC-88',
      approvedBy: 'security@example.com',
      expires: '2099-12-31',
    });

    // THEN none of them fails, and the result lists one decision with its fields
    const result = ComplianceGate.check(app);
    expect(result.violations.map((v) => v.ruleId).filter((id) => pitr.includes(id))).toEqual([]);
    const decisions = result.acknowledgments.filter((a) => a.control === 'DynamoDBPITREnabled');
    expect(decisions).toEqual([
      {
        ruleIds: [...pitr],
        control: 'DynamoDBPITREnabled',
        reason: REASON,
        ticket: 'SEC-88',
        approvedBy: 'security@example.com',
        expires: '2099-12-31',
        origin: DecisionOrigin.TEAM,
        constructPath: 'Decisions/Audit',
        accepted: pitr.length,
      },
    ]);
  });

  test("aws-cdk-lib's report and the exit code agree with the gate for a control decision", () => {
    const { app, table } = tableApp();
    const others = failing(tableApp().app).filter((id) => !rulesOfControl('DynamoDBPITREnabled').includes(id));
    for (const ruleId of others) {
      Validations.of(table).acknowledge({ id: ruleId, reason: 'Fixture: only the control decision is tested here' });
    }
    ComplianceDecisions.of(table).acknowledge({ control: 'DynamoDBPITREnabled', reason: REASON });

    const synth = synthThroughGate(app, { writeReports: false, printSummary: false });

    expect(synth.gate.result!.success).toBe(true);
    expect(validationPluginReports(app.outdir)!.every((p) => p.conclusion === 'success')).toBe(true);
    expect(synth.exitCode ?? 0).toBe(0);
  });

  test('a decision past its last day fails the gate, aws-cdk-lib and the exit code, and says it expired', () => {
    const { app, table } = tableApp();
    for (const ruleId of failing(tableApp().app)) {
      Validations.of(table).acknowledge({ id: ruleId, reason: 'Fixture: the rest is accepted' });
    }
    ComplianceDecisions.of(table).acknowledge({ ruleId: 'AwsSolutions-DDB3', reason: REASON, expires: '2026-11-30' });

    const synth = synthThroughGate(app, { writeReports: false, printSummary: false, today: '2026-12-01' });

    expect(synth.gate.result!.violations.map((v) => `${v.ruleId} at ${v.constructPath}`)).toEqual([
      'SecureServerless-DecisionExpired[AwsSolutions-DDB3] at Decisions/Audit',
    ]);
    expect(synth.gate.result!.violations[0].message).toMatch(/expired on 2026-11-30 .*Fix: Review the decision/);
    expect(synth.gate.result!.acknowledgments.find((a) => a.expires)).toMatchObject({ expired: true });
    expect(validationPluginReports(app.outdir)!.some((p) => p.conclusion !== 'success')).toBe(true);
    expect(synth.exitCode).toBe(1);
  });

  test('a decision holds through its last day', () => {
    const { app, table } = tableApp();
    ComplianceDecisions.of(table).acknowledge({ ruleId: 'AwsSolutions-DDB3', reason: REASON, expires: '2026-12-01' });

    const result = ComplianceGate.check(app, { today: '2026-12-01' });

    expect(result.violations.map((v) => v.ruleId)).not.toContain('SecureServerless-DecisionExpired[AwsSolutions-DDB3]');
    expect(result.violations.map((v) => v.ruleId)).not.toContain('AwsSolutions-DDB3');
  });

  test("an opt-out's ticket, approver and expiry are fields of its decision, and it expires too", () => {
    const app = new App();
    const stack = new Stack(app, 'Decisions', { env: { account: '123456789012', region: 'us-east-1' } });
    new EncryptedTable(stack, 'Sessions', {
      partitionKey,
      optOuts: {
        pointInTimeRecovery: {
          reason: 'Session cache',
          ticket: 'SEC-9',
          approvedBy: 'lead@example.com',
          expires: '2027-01-31',
        },
      },
    });

    const valid = ComplianceGate.check(app, { today: '2027-01-31' });
    const late = ComplianceGate.check(app, { today: '2027-02-01' });

    expect(valid.acknowledgments.find((a) => a.origin === DecisionOrigin.OPT_OUT)).toMatchObject({
      optOut: 'optOuts.pointInTimeRecovery',
      reason: 'Session cache',
      ticket: 'SEC-9',
      approvedBy: 'lead@example.com',
      expires: '2027-01-31',
    });
    expect(valid.success).toBe(true);
    expect(late.success).toBe(false);
    expect(late.violations.map((v) => v.ruleId)).toEqual([
      expect.stringMatching(/^SecureServerless-DecisionExpired\[AwsSolutions-DDB3,HIPAA/),
    ]);
  });

  test("the library's own exceptions are told apart from the team's decisions", () => {
    const app = new App();
    const stack = new Stack(app, 'Decisions', { env: { account: '123456789012', region: 'us-east-1' } });
    new EncryptedTable(stack, 'Orders', { partitionKey });

    const origins = new Set(ComplianceGate.check(app).acknowledgments.map((a) => a.origin));

    expect(origins).toEqual(new Set([DecisionOrigin.LIBRARY]));
  });

  test('a decision that accepts nothing is unused, whichever form it takes', () => {
    const { app, stack } = tableApp();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ComplianceDecisions.of(role).acknowledge({ control: 'DynamoDBPITREnabled', reason: REASON });

    const result = ComplianceGate.check(app);

    // The control's rules apply to the table, not under the role: the decision cannot be judged and is not unused.
    expect(result.acknowledgments.find((a) => a.control)?.unused).toBeUndefined();
    ComplianceDecisions.of(stack).acknowledge({ ruleId: 'AwsSolutions-DDB3X', reason: REASON });
    expect(ComplianceGate.check(app).acknowledgments.find((a) => a.ruleIds[0] === 'AwsSolutions-DDB3X')?.unused).toBe(
      true,
    );
  });

  describe('fails at once, naming the construct path, the prop and the fix, when', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['neither ruleId nor control is given', { reason: REASON }, /prop "decision.ruleId".*names both or neither/],
      [
        'both are given',
        { ruleId: 'AwsSolutions-DDB3', control: 'DynamoDBPITREnabled', reason: REASON },
        /names both or neither/,
      ],
      [
        'the control is unknown',
        { control: 'DynamoDBPitr', reason: REASON },
        /"DynamoDBPitr" is not a control.*closest: "DynamoDBPITREnabled"/,
      ],
      [
        'the reason is blank',
        { ruleId: 'AwsSolutions-DDB3', reason: '  ' },
        /prop "decision.reason": a decision needs a non-blank reason/,
      ],
      ['the ticket is blank', { ruleId: 'AwsSolutions-DDB3', reason: REASON, ticket: '' }, /prop "decision.ticket"/],
      [
        'the expiry is not a date',
        { ruleId: 'AwsSolutions-DDB3', reason: REASON, expires: '31/12/2027' },
        /prop "decision.expires": "31\/12\/2027" is not a date of the form YYYY-MM-DD/,
      ],
      [
        'the expiry is not a real day',
        { ruleId: 'AwsSolutions-DDB3', reason: REASON, expires: '2027-02-30' },
        /is not a date/,
      ],
    ];
    test.each(cases)('%s', (_name, decision, message) => {
      const { table } = tableApp();
      expect(() => ComplianceDecisions.of(table).acknowledge(decision as any)).toThrow(
        new RegExp(`^\\[CSS00\\d\\] Decisions/Audit: .*${message.source}.*Fix: `),
      );
    });
  });
});
