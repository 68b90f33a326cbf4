import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { NagMessageLevel } from 'cdk-nag';
import { NO_SECRET_VARIABLES, TEST_RULES, TRACING } from './fixtures';
import { requirementOf } from '../../../src/compliance/catalog';
import type { AppliedRule } from '../../../src/compliance/packs';
import type { FunctionPermissions } from '../../../src/compliance/permissions';
import { createReport, ReportInput } from '../../../src/compliance/reports/build';
import { nagFrameworks, withoutControlIds } from '../../../src/compliance/reports/frameworks';
import { writeJsonReport } from '../../../src/compliance/reports/json';
import { writeMarkdownReport } from '../../../src/compliance/reports/markdown';
import { ComplianceReport, ReportDecision } from '../../../src/compliance/reports/model';
import { writeSarifReport } from '../../../src/compliance/reports/sarif';
import { messageOf } from '../../../src/compliance/result';
import { CompliancePack, DecisionOrigin, Finding, Location, Severity } from '../../../src/compliance/vocabulary';

const TOOL = { name: 'cdk-secure-serverless', version: '1.2.3', informationUri: 'https://example.com/tool' };
const GENERATED_AT = new Date('2025-01-02T03:04:05.000Z');

const SECRET = 'SecureServerless-TestNoSecretVariables';
const TRACED = 'SecureServerless-TestTracing';
const ROLE = 'SecureServerless-TestRoleInTemplate';
const CONCURRENCY = 'HIPAA.Security-LambdaConcurrency';
const DLQ = 'HIPAA.Security-LambdaDLQ';
const IN_VPC = 'HIPAA.Security-LambdaInsideVPC';
const PITR = 'HIPAA.Security-DynamoDBPITREnabled';
const WILDCARD = 'AwsSolutions-IAM5';

/** cdk-nag's rules that ran, as the packs offer them: the HIPAA ones name their control ids in their text. */
const NAG_RULES: AppliedRule[] = [
  {
    id: CONCURRENCY,
    info: 'The Lambda function is not configured with function-level concurrent execution limits - (Control IDs: 164.312(b), 164.312(a)(2)(iv)).',
    explanation: 'Limits keep a runaway function from exhausting the account.',
    level: NagMessageLevel.ERROR,
  },
  {
    id: DLQ,
    info: 'The Lambda function is not configured with a dead-letter configuration - (Control ID: 164.312(b)).',
    explanation: 'Failed events are kept for a retry.',
    level: NagMessageLevel.ERROR,
  },
  {
    id: IN_VPC,
    info: 'The Lambda function is not VPC enabled - (Control IDs: 164.308(a)(3)(i), 164.312(e)(1)).',
    explanation: 'A function in a VPC reaches private resources only.',
    level: NagMessageLevel.ERROR,
  },
  {
    id: PITR,
    info: 'The DynamoDB table does not have Point-in-time Recovery enabled - (Control IDs: 164.308(a)(7)(i)).',
    explanation: 'Point-in-time recovery restores the table to any second.',
    level: NagMessageLevel.ERROR,
  },
  {
    id: WILDCARD,
    info: 'The IAM entity contains wildcard permissions and does not have a cdk-nag rule suppression with evidence for those permission.',
    explanation: 'Wildcards grant more than the function needs.',
    level: NagMessageLevel.WARN,
  },
];

/** The Orders function: known in the tree, created at a source line. */
const ORDERS_FN: Location = {
  constructPath: 'Orders/Api/Fn/Resource',
  logicalId: 'ApiFn1234',
  resourceType: 'AWS::Lambda::Function',
  stack: 'Orders',
  templatePath: 'cdk.out/Orders.template.json',
  templateLine: 12,
  sourceFile: 'lib/orders-stack.ts',
  sourceLine: 42,
};

/** Its policy: known in the tree, with no source line. */
const POLICY: Location = {
  constructPath: 'Orders/Api/Fn/ServiceRole/DefaultPolicy/Resource',
  logicalId: 'ApiFnPolicy5678',
  resourceType: 'AWS::IAM::Policy',
  stack: 'Orders',
  templatePath: 'cdk.out/Orders.template.json',
  templateLine: 30,
};

/** A function only the template holds. */
const LEGACY_FN: Location = {
  constructPath: 'Orders/LegacyFn',
  logicalId: 'LegacyFn',
  resourceType: 'AWS::Lambda::Function',
  stack: 'Orders',
  templatePath: 'cdk.out/Orders.template.json',
  templateLine: 50,
};

const SECRET_FINDING: Finding = {
  ruleId: `${SECRET}[DB_PASSWORD]`,
  pack: CompliancePack.SECURE_SERVERLESS,
  severity: Severity.ERROR,
  problem: `${NO_SECRET_VARIABLES.problem}: DB_PASSWORD`,
  fix: NO_SECRET_VARIABLES.fix,
  location: ORDERS_FN,
};
const LEGACY_FINDING: Finding = {
  ...SECRET_FINDING,
  ruleId: `${SECRET}[API_PASSWORD]`,
  problem: `${NO_SECRET_VARIABLES.problem}: API_PASSWORD`,
  location: LEGACY_FN,
  templateOnly: true,
};
const CONCURRENCY_FINDING: Finding = {
  ruleId: CONCURRENCY,
  pack: CompliancePack.HIPAA_SECURITY,
  severity: Severity.ERROR,
  problem: withoutControlIds(NAG_RULES[0].info),
  fix: requirementOf(CONCURRENCY)!,
  location: ORDERS_FN,
};
const WILDCARD_FINDING: Finding = {
  ruleId: `${WILDCARD}[Action::s3:*]`,
  pack: CompliancePack.AWS_SOLUTIONS,
  severity: Severity.WARNING,
  problem: 'The IAM entity contains wildcard permissions | s3:*',
  fix: requirementOf(WILDCARD)!,
  location: POLICY,
};

/** The team's acknowledgment of the tracing rule on the Api construct: its reason has a pipe and a line break. */
const TRACING_DECISION: ReportDecision = {
  ruleIds: [TRACED],
  reason: 'Traced by | the proxy\nsee ADR-7',
  ticket: 'SEC-42',
  approvedBy: 'alice@example.com',
  expires: '2030-01-31',
  origin: DecisionOrigin.TEAM,
  location: { constructPath: 'Orders/Api' },
  accepted: [{ ruleId: TRACED, location: ORDERS_FN }],
  unused: false,
  expired: false,
};
/** The team's decision for a control, past its last day and accepting nothing. */
const CONCURRENCY_DECISION: ReportDecision = {
  ruleIds: [CONCURRENCY, 'NIST.800.53.R5-LambdaConcurrency'],
  control: 'LambdaConcurrency',
  reason: 'Reserved concurrency is set by the platform',
  ticket: 'RISK-7',
  approvedBy: 'bob@example.com',
  expires: '2024-12-31',
  origin: DecisionOrigin.TEAM,
  location: { constructPath: 'Orders/Billing' },
  accepted: [],
  unused: true,
  expired: true,
};
/** An opt-out prop of one of the library's constructs. */
const VPC_OPT_OUT: ReportDecision = {
  ruleIds: [IN_VPC],
  control: 'LambdaInsideVPC',
  reason: 'The function calls public AWS endpoints only',
  origin: DecisionOrigin.OPT_OUT,
  optOut: 'optOuts.vpc',
  location: { constructPath: 'Orders/Api' },
  accepted: [{ ruleId: IN_VPC, location: ORDERS_FN }],
  unused: false,
  expired: false,
};
/** The library's own exception, on a resource without a source line. */
const LIBRARY_EXCEPTION: ReportDecision = {
  ruleIds: [`${WILDCARD}[Resource::*]`],
  reason: 'X-Ray PutTraceSegments supports no resource-level permissions',
  origin: DecisionOrigin.LIBRARY,
  location: { constructPath: 'Orders/Api/Fn/ServiceRole' },
  accepted: [{ ruleId: `${WILDCARD}[Resource::*]`, location: POLICY }],
  unused: false,
  expired: false,
};

const PERMISSIONS: FunctionPermissions[] = [
  {
    logicalId: 'ApiFn1234',
    constructPath: 'Orders/Api/Fn/Resource',
    stack: 'Orders',
    role: 'ApiFnRole',
    allowed: [
      { action: 'dynamodb:GetItem', resources: ['<OrdersTable.Arn>'], policies: ['ApiFnPolicy5678'] },
      {
        action: 's3:*',
        resources: ['arn:aws:s3:::bucket/*', '*'],
        condition: { Bool: { 'aws:SecureTransport': 'true' } },
        policies: ['ApiFnPolicy5678'],
      },
    ],
    denied: [{ action: 'iam:*', resources: ['*'], policies: ['ApiFnRole:Guard'] }],
    externalPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  },
];

/** The rules that applied somewhere: everything but the role rule and point-in-time recovery. */
const APPLIED = new Set([SECRET, TRACED, CONCURRENCY, DLQ, IN_VPC, WILDCARD]);

function sampleInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    // deliberately unsorted
    findings: [WILDCARD_FINDING, LEGACY_FINDING, SECRET_FINDING, CONCURRENCY_FINDING],
    decisions: [LIBRARY_EXCEPTION, TRACING_DECISION, VPC_OPT_OUT, CONCURRENCY_DECISION],
    ourRules: TEST_RULES,
    nagRules: NAG_RULES,
    applied: (ruleId) => APPLIED.has(ruleId),
    permissions: PERMISSIONS,
    generatedAt: GENERATED_AT,
    tool: TOOL,
    ...overrides,
  };
}

function sampleReport(): ComplianceReport {
  return createReport(sampleInput());
}

function emptyReport(): ComplianceReport {
  return createReport({
    findings: [],
    decisions: [],
    ourRules: [],
    applied: () => false,
    generatedAt: GENERATED_AT,
    tool: TOOL,
  });
}

describe('createReport', () => {
  test('sorts the findings: errors first, then by construct path, then by rule id', () => {
    const report = sampleReport();
    expect(report.findings).toEqual([CONCURRENCY_FINDING, SECRET_FINDING, LEGACY_FINDING, WILDCARD_FINDING]);
    expect(report.success).toBe(false);
    expect(report.generatedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(report.tool).toEqual(TOOL);
  });

  test("sorts the decisions: the team's by control, then the library's", () => {
    expect(sampleReport().decisions).toEqual([CONCURRENCY_DECISION, VPC_OPT_OUT, TRACING_DECISION, LIBRARY_EXCEPTION]);
  });

  test('lists every rule that ran, by id, with its status and counts', () => {
    const rules = sampleReport().rules;
    expect(rules.map((r) => [r.id, r.status, r.findings, r.accepted])).toEqual([
      [WILDCARD, 'failed', 1, 1],
      [PITR, 'not-applicable', 0, 0],
      [CONCURRENCY, 'failed', 1, 0],
      [DLQ, 'passed', 0, 0],
      [IN_VPC, 'passed', 0, 1],
      // the gate's own checks of decisions always ran
      ['SecureServerless-AcknowledgmentReason', 'passed', 0, 0],
      ['SecureServerless-DecisionExpired', 'passed', 0, 0],
      [SECRET, 'failed', 2, 0],
      [ROLE, 'not-applicable', 0, 0],
      [TRACED, 'passed', 0, 1],
      ['SecureServerless-UnusedAcknowledgment', 'passed', 0, 0],
    ]);
  });

  test("describes our rules from their definition and cdk-nag's from the catalog and the pack's level", () => {
    const rules = new Map(sampleReport().rules.map((r) => [r.id, r]));
    expect(rules.get(TRACED)).toEqual({
      id: TRACED,
      pack: 'SecureServerless',
      control: 'TestTracingControl',
      requirement: TRACING.title,
      explanation: TRACING.explanation,
      severity: Severity.WARNING,
      frameworks: TRACING.frameworks,
      status: 'passed',
      findings: 0,
      accepted: 1,
    });
    expect(rules.get(CONCURRENCY)).toEqual({
      id: CONCURRENCY,
      pack: 'HIPAA.Security',
      control: 'LambdaConcurrency',
      requirement: requirementOf(CONCURRENCY),
      explanation: NAG_RULES[0].explanation,
      severity: Severity.ERROR,
      frameworks: { owasp: [], hipaa: ['164.312(b)', '164.312(a)(2)(iv)'] },
      status: 'failed',
      findings: 1,
      accepted: 0,
    });
    expect(rules.get(WILDCARD)).toMatchObject({
      pack: 'AwsSolutions',
      severity: Severity.WARNING,
      frameworks: { owasp: [] },
    });
    expect(rules.get(DLQ)?.frameworks).toEqual({ owasp: [], hipaa: ['164.312(b)'] });
  });

  test('adds a rule that only a finding names, with its fix as the requirement', () => {
    const report = createReport(
      sampleInput({
        findings: [
          {
            ruleId: 'Serverless-LambdaTracing',
            pack: CompliancePack.SERVERLESS,
            severity: Severity.WARNING,
            problem: 'The function does not have tracing',
            fix: 'The function has tracing - (Control IDs: X-1).',
            location: ORDERS_FN,
          },
        ],
      }),
    );
    expect(report.rules.find((r) => r.id === 'Serverless-LambdaTracing')).toMatchObject({
      pack: 'Serverless',
      requirement: 'The function has tracing',
      severity: Severity.WARNING,
      status: 'failed',
      findings: 1,
    });
    expect(report.success).toBe(true);
  });

  test('sorts the permissions by stack and construct path', () => {
    const other: FunctionPermissions = {
      ...PERMISSIONS[0],
      logicalId: 'A',
      constructPath: 'Billing/Fn/Resource',
      stack: 'Billing',
    };
    expect(createReport(sampleInput({ permissions: [PERMISSIONS[0], other] })).permissions).toEqual([
      other,
      PERMISSIONS[0],
    ]);
  });

  test.each([
    [
      'HIPAA.Security',
      'HIPAA.Security-LambdaConcurrency',
      'x - (Control IDs: 164.312(b), 164.312(a)(2)(iv)).',
      { owasp: [], hipaa: ['164.312(b)', '164.312(a)(2)(iv)'] },
    ],
    ['NIST.800.53.R5', 'NIST.800.53.R5-LambdaDLQ', 'x - (Control ID: SI-13(5)).', { owasp: [], nist: ['SI-13(5)'] }],
    [
      'PCI.DSS.321',
      'PCI.DSS.321-LambdaInsideVPC',
      'no control ids',
      { owasp: [], pci: ['PCI.DSS.321-LambdaInsideVPC'] },
    ],
    ['AwsSolutions', 'AwsSolutions-IAM5', 'x - (Control IDs: 1).', { owasp: [] }],
  ])('maps a %s rule to the framework controls its text names', (pack, ruleId, info, expected) => {
    expect(nagFrameworks(pack, ruleId, info)).toEqual(expected);
  });

  test('drops the control ids from a text', () => {
    expect(withoutControlIds(NAG_RULES[0].info)).toBe(
      'The Lambda function is not configured with function-level concurrent execution limits',
    );
  });
});

describe('JSON writer', () => {
  test('writes the report data model, indented, with a final newline', () => {
    // GIVEN
    const report = sampleReport();

    // WHEN
    const text = writeJsonReport(report);

    // THEN
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});

describe('SARIF writer', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const run = JSON.parse(writeSarifReport(sampleReport())).runs[0];
  const resultOf = (fullRuleId: string, suppressed = false) =>
    run.results.find(
      (r: any) => r.properties.fullRuleId === fullRuleId && (r.suppressions !== undefined) === suppressed,
    );
  const indexOf = (ruleId: string) => run.tool.driver.rules.findIndex((r: any) => r.id === ruleId);

  test('the vendored schema rejects a malformed log (so a pass below means something)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] })).toBe(false);
  });

  test('writes a log that validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(writeSarifReport(sampleReport()));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  test('an empty report is valid too', () => {
    const log = JSON.parse(writeSarifReport(emptyReport()));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });

  test('describes the tool and every rule of the report, in its order', () => {
    expect(run.tool.driver).toMatchObject({
      name: 'cdk-secure-serverless',
      version: '1.2.3',
      informationUri: TOOL.informationUri,
    });
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(sampleReport().rules.map((r) => r.id));
    expect(run.properties).toEqual({ generatedAt: '2025-01-02T03:04:05.000Z' });
  });

  test('describes each rule with its requirement, severity, tags and security-severity', () => {
    const secret = run.tool.driver.rules[indexOf(SECRET)];
    expect(secret).toMatchObject({
      id: SECRET,
      name: 'TestNoSecretVariables',
      shortDescription: { text: NO_SECRET_VARIABLES.title },
      fullDescription: { text: NO_SECRET_VARIABLES.explanation },
      help: {
        text: expect.stringContaining('OWASP Serverless Top 10: SAS-7'),
        markdown: expect.stringContaining(`**${NO_SECRET_VARIABLES.title}**`),
      },
      defaultConfiguration: { level: 'error' },
    });
    expect(secret.properties).toEqual({
      tags: [
        'security',
        'SecureServerless',
        'OWASP:SAS-7',
        'HIPAA:164.312(a)(2)(iv)',
        'PCI-DSS:8.2.1',
        'NIST-800-53:SC-28',
        'GDPR:Art. 32',
      ],
      'security-severity': '8.0',
    });
    const tracing = run.tool.driver.rules[indexOf(TRACED)];
    expect(tracing.defaultConfiguration).toEqual({ level: 'warning' });
    expect(tracing.properties).toEqual({
      tags: ['security', 'SecureServerless', 'control:TestTracingControl', 'OWASP:SAS-5', 'HIPAA:164.312(b)'],
      'security-severity': '5.0',
    });
    const concurrency = run.tool.driver.rules[indexOf(CONCURRENCY)];
    expect(concurrency.shortDescription.text).toBe(requirementOf(CONCURRENCY));
    expect(concurrency.properties.tags).toEqual([
      'security',
      'HIPAA.Security',
      'control:LambdaConcurrency',
      'HIPAA:164.312(b)',
      'HIPAA:164.312(a)(2)(iv)',
    ]);
  });

  test('says what is wrong and how to fix it, without repeating the rule id', () => {
    const unaccepted = run.results.filter((r: any) => r.suppressions === undefined);
    expect(
      unaccepted.map((r: any) => [r.properties.fullRuleId, r.ruleId, r.ruleIndex, r.level, r.message.text]),
    ).toEqual([
      [CONCURRENCY, CONCURRENCY, indexOf(CONCURRENCY), 'error', messageOf(CONCURRENCY_FINDING)],
      [`${SECRET}[DB_PASSWORD]`, SECRET, indexOf(SECRET), 'error', messageOf(SECRET_FINDING)],
      [`${SECRET}[API_PASSWORD]`, SECRET, indexOf(SECRET), 'error', messageOf(LEGACY_FINDING)],
      [`${WILDCARD}[Action::s3:*]`, WILDCARD, indexOf(WILDCARD), 'warning', messageOf(WILDCARD_FINDING)],
    ]);
    expect(resultOf(`${SECRET}[DB_PASSWORD]`).message.text).toBe(
      `${NO_SECRET_VARIABLES.problem}: DB_PASSWORD. Fix: ${NO_SECRET_VARIABLES.fix}`,
    );
    for (const result of unaccepted) {
      expect(result.message.text).not.toContain(result.ruleId);
    }
  });

  test('locates a finding at the source line that created the construct, with the construct path and the template', () => {
    expect(resultOf(`${SECRET}[DB_PASSWORD]`)).toMatchObject({
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'lib/orders-stack.ts' }, region: { startLine: 42 } },
          logicalLocations: [{ name: 'Resource', fullyQualifiedName: 'Orders/Api/Fn/Resource', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'cdk.out/Orders.template.json' }, region: { startLine: 12 } },
          message: { text: 'Synthesized template: ApiFn1234 in stack Orders' },
        },
      ],
      properties: { constructPath: 'Orders/Api/Fn/Resource', resourceType: 'AWS::Lambda::Function' },
    });
  });

  test('locates a finding without a source line at its construct path only, with the template as related', () => {
    const result = resultOf(`${WILDCARD}[Action::s3:*]`);
    expect(result.locations).toEqual([
      {
        logicalLocations: [
          {
            name: 'Resource',
            fullyQualifiedName: 'Orders/Api/Fn/ServiceRole/DefaultPolicy/Resource',
            kind: 'resource',
          },
        ],
      },
    ]);
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'cdk.out/Orders.template.json' }, region: { startLine: 30 } },
        message: { text: 'Synthesized template: ApiFnPolicy5678 in stack Orders' },
      },
    ]);
    expect(resultOf(`${SECRET}[API_PASSWORD]`).locations[0]).not.toHaveProperty('physicalLocation');
  });

  test('gives each result a fingerprint of the full rule id, the stack and the logical id', () => {
    expect(resultOf(`${SECRET}[DB_PASSWORD]`).partialFingerprints).toEqual({
      'cdkSecureServerless/v1': `${SECRET}[DB_PASSWORD]|Orders|ApiFn1234`,
    });
  });

  test('reports accepted findings as results with a suppression that carries the reason', () => {
    const suppressed = run.results.filter((r: any) => r.suppressions !== undefined);
    expect(suppressed.map((r: any) => [r.properties.fullRuleId, r.ruleIndex, r.level, r.suppressions])).toEqual([
      [
        IN_VPC,
        indexOf(IN_VPC),
        'error',
        [{ kind: 'external', status: 'accepted', justification: 'The function calls public AWS endpoints only' }],
      ],
      [
        TRACED,
        indexOf(TRACED),
        'warning',
        [{ kind: 'external', status: 'accepted', justification: 'Traced by | the proxy\nsee ADR-7' }],
      ],
      [
        `${WILDCARD}[Resource::*]`,
        indexOf(WILDCARD),
        'warning',
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: 'X-Ray PutTraceSegments supports no resource-level permissions',
          },
        ],
      ],
    ]);
    const traced = resultOf(TRACED, true);
    expect(traced.message.text).toBe(
      `Accepted by a decision: ${TRACED} (the rule requires: ${TRACING.title}). Reason: Traced by | the proxy\nsee ADR-7`,
    );
    expect(traced.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'lib/orders-stack.ts' },
      region: { startLine: 42 },
    });
  });
});

describe('Markdown writer', () => {
  const markdown = writeMarkdownReport(sampleReport());

  test('gives the verdict and the counts', () => {
    expect(markdown).toContain('Generated 2025-01-02T03:04:05.000Z by cdk-secure-serverless 1.2.3.');
    expect(markdown).toContain(
      '**FAILED**: 3 error(s) and 1 warning(s) unaccepted; 3 decision(s) of the team, 1 exception(s) of the library.',
    );
  });

  test('groups the findings by construct path, in the report order, with what is wrong and how to fix it', () => {
    const findings = section(markdown, '## Findings');
    const headings = findings.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual([
      '### `Orders/Api/Fn/Resource`',
      '### `Orders/LegacyFn`',
      '### `Orders/Api/Fn/ServiceRole/DefaultPolicy/Resource`',
    ]);
    const fn = section(markdown, '### `Orders/Api/Fn/Resource`');
    expect(fn).toContain('AWS::Lambda::Function `ApiFn1234`, stack `Orders`, created at `lib/orders-stack.ts:42`');
    expect(fn).toContain('| Severity | Rule | What is wrong | How to fix it |');
    expect(fn).toContain(
      `| error | \`${CONCURRENCY}\` | ${CONCURRENCY_FINDING.problem} | ${requirementOf(CONCURRENCY)} |`,
    );
    expect(fn).toContain(
      `| error | \`${SECRET}[DB_PASSWORD]\` | ${SECRET_FINDING.problem} | ${NO_SECRET_VARIABLES.fix} |`,
    );
    expect(section(markdown, '### `Orders/LegacyFn`')).toContain('AWS::Lambda::Function `LegacyFn`, stack `Orders`\n');
  });

  test('escapes | and line breaks in table cells', () => {
    expect(section(markdown, '### `Orders/Api/Fn/ServiceRole/DefaultPolicy/Resource`')).toContain(
      `| warning | \`${WILDCARD}[Action::s3:*]\` | The IAM entity contains wildcard permissions \\| s3:* |`,
    );
    expect(markdown).toContain('| Traced by \\| the proxy see ADR-7 |');
    expect(markdown).not.toContain('the proxy\nsee');
  });

  test("lists the team's decisions by control with rules, reason, ticket, approver and expiry", () => {
    const team = section(markdown, "### The team's decisions");
    expect(team).toContain('| Control | Rules | Where | How | Reason | Ticket | Approved by | Expires | Accepted |');
    expect(tableRows(team)).toEqual([
      '| LambdaConcurrency | `HIPAA.Security-LambdaConcurrency`<br>`NIST.800.53.R5-LambdaConcurrency` | `Orders/Billing` | acknowledged | Reserved concurrency is set by the platform | RISK-7 | bob@example.com | ❌ 2024-12-31 (expired) | 0 ⚠️ unused |',
      '| LambdaInsideVPC | `HIPAA.Security-LambdaInsideVPC` | `Orders/Api` | opt-out `optOuts.vpc` | The function calls public AWS endpoints only |  |  |  | 1 |',
      `| ${TRACED} | \`${TRACED}\` | \`Orders/Api\` | acknowledged | Traced by \\| the proxy see ADR-7 | SEC-42 | alice@example.com | 2030-01-31 | 1 |`,
    ]);
    expect(team).not.toContain('X-Ray');
  });

  test("lists the library's exceptions apart", () => {
    const library = section(markdown, "### The library's exceptions");
    expect(tableRows(library)).toEqual([
      '| IAMNoWildcardPermissions | `AwsSolutions-IAM5[Resource::*]` | `Orders/Api/Fn/ServiceRole` | X-Ray PutTraceSegments supports no resource-level permissions | 1 |',
    ]);
  });

  test('lists the decisions that accept nothing', () => {
    const unused = section(markdown, '### Decisions that accept nothing');
    expect(unused.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- `HIPAA.Security-LambdaConcurrency`<br>`NIST.800.53.R5-LambdaConcurrency` on `Orders/Billing`',
    ]);
  });

  test('has a section per framework with the rules that failed, passed and had nothing to check', () => {
    for (const title of [
      'OWASP Serverless Top 10',
      'HIPAA Security Rule',
      'PCI DSS 3.2.1',
      'NIST 800-53 rev 5',
      'GDPR',
    ]) {
      expect(markdown).toContain(`### ${title}`);
    }
    const hipaa = section(markdown, '### HIPAA Security Rule');
    expect(hipaa).toContain('2 rule(s) failed, 3 passed, 1 not applicable (nothing in the app for them to check).');
    expect(tableRows(hipaa)).toEqual([
      `| ❌ \`${CONCURRENCY}\` | 164.312(b), 164.312(a)(2)(iv) | ${requirementOf(CONCURRENCY)} | 1 |`,
      `| ❌ \`${SECRET}\` | 164.312(a)(2)(iv) | ${NO_SECRET_VARIABLES.title} | 2 |`,
    ]);
    expect(hipaa).toContain('<details><summary>3 rule(s) passed</summary>');
    expect(hipaa.split('\n').filter((l) => l.startsWith('- ✅'))).toEqual([
      `- ✅ \`${DLQ}\` (164.312(b)): ${requirementOf(DLQ)}`,
      `- ✅ \`${IN_VPC}\` (164.308(a)(3)(i), 164.312(e)(1)): ${requirementOf(IN_VPC)} (1 finding(s) accepted by decisions)`,
      `- ✅ \`${TRACED}\` (164.312(b)): ${TRACING.title} (1 finding(s) accepted by decisions)`,
    ]);
    expect(hipaa).toContain('<details><summary>1 rule(s) not applicable</summary>');
    expect(hipaa).toContain(`- \`${PITR}\` (164.308(a)(7)(i)): ${requirementOf(PITR)}`);

    const owasp = section(markdown, '### OWASP Serverless Top 10');
    expect(owasp).toContain('1 rule(s) failed, 1 passed, 1 not applicable');
    expect(owasp).toContain(`- \`${ROLE}\` (SAS-4): Functions use a role of the same template`);
    expect(section(markdown, '### GDPR')).toContain('1 rule(s) failed, 0 passed, 0 not applicable');
  });

  test("words passed rules by what they require, never by cdk-nag's failure text", () => {
    expect(requirementOf(DLQ)).toMatch(/dead-letter/);
    const frameworks = section(markdown, '## Frameworks');
    for (const rule of NAG_RULES) {
      expect(frameworks).not.toContain(withoutControlIds(rule.info));
    }
  });

  test('lists what each function can do', () => {
    const permissions = section(markdown, '## What each function can do');
    expect(permissions).toContain('### `Orders/Api/Fn/Resource` (Orders)');
    expect(tableRows(permissions)).toEqual([
      '| `dynamodb:GetItem` | `<OrdersTable.Arn>` |  |',
      '| `s3:*` | `arn:aws:s3:::bucket/*`<br>`*` | yes |',
    ]);
    expect(permissions).toContain('Denied: `iam:*`.');
    expect(permissions).toContain(
      'Also attached, not readable from the template: `arn:aws:iam::aws:policy/ReadOnlyAccess`.',
    );
  });

  test('says so when there is nothing to report', () => {
    const empty = writeMarkdownReport(emptyReport());
    expect(empty).toContain(
      '**PASSED**: 0 error(s) and 0 warning(s) unaccepted; 0 decision(s) of the team, 0 exception(s) of the library.',
    );
    expect(section(empty, '## Findings')).toContain('None.');
    expect(section(empty, "### The team's decisions")).toContain('None.');
    expect(section(empty, "### The library's exceptions")).toContain('None.');
    expect(empty).not.toContain('### Decisions that accept nothing');
    expect(section(empty, '### HIPAA Security Rule')).toContain('No rule that ran maps to this framework.');
    expect(section(empty, '## What each function can do')).toContain('No Lambda function.');
  });
});

/** The text of a Markdown section, up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(' ');
  const rest = markdown.slice(start + heading.length);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return next === -1 ? rest : rest.slice(0, next);
}

/** The body rows of the tables of a section (not the header and separator rows). */
function tableRows(text: string): string[] {
  const lines = text.split('\n');
  return lines.filter((l, i) => l.startsWith('| ') && !lines[i + 1]?.startsWith('|---') && !l.startsWith('|---'));
}
