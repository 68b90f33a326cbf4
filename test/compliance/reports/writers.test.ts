import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { lambdaTemplate, TEST_RULES } from './fixtures';
import { CompliancePack } from '../../../src/compliance/packs';
import { writeJsonReport } from '../../../src/compliance/reports/json';
import { writeMarkdownReport } from '../../../src/compliance/reports/markdown';
import {
  ComplianceReport,
  createReport,
  fromTemplateAcknowledgment,
  fromTemplateFinding,
  frameworksOf,
} from '../../../src/compliance/reports/report';
import { writeSarifReport } from '../../../src/compliance/reports/sarif';
import { Severity } from '../../../src/compliance/vocabulary';
import { auditTemplate } from '../../../src/compliance/template-engine';

const TOOL = { name: 'cdk-secure-serverless', version: '1.2.3', informationUri: 'https://example.com/tool' };
const GENERATED_AT = new Date('2025-01-02T03:04:05.000Z');
const HIPAA_MESSAGE =
  'The Lambda function is not configured with function-level concurrent execution limits - (Control IDs: 164.312(b), 164.312(a)(2)(iv)).';

/** A report with template findings of ours, cdk-nag findings and both kinds of acknowledgment. */
function sampleReport(): ComplianceReport {
  const template = lambdaTemplate({
    cdk_nag: { rules_to_suppress: [{ id: 'SecureServerless-TestTracing', reason: 'Traced by | the proxy' }] },
  });
  const evaluation = auditTemplate(template, 'Orders', TEST_RULES);
  const source = { stack: 'Orders', templatePath: 'cdk.out/Orders.template.json', lines: new Map([['Fn', 12]]) };
  return createReport({
    rules: TEST_RULES,
    generatedAt: GENERATED_AT,
    tool: TOOL,
    findings: [
      ...evaluation.findings.map((f) => fromTemplateFinding(f, source, TEST_RULES)),
      {
        ruleId: 'HIPAA.Security-LambdaConcurrency',
        severity: Severity.ERROR,
        pack: CompliancePack.HIPAA_SECURITY,
        constructPath: 'Orders/Fn/Resource',
        stack: 'Orders',
        message: HIPAA_MESSAGE,
        frameworks: frameworksOf('HIPAA.Security-LambdaConcurrency', HIPAA_MESSAGE, TEST_RULES),
      },
      {
        ruleId: 'AwsSolutions-IAM5[Action::s3:*]',
        severity: Severity.WARNING,
        pack: CompliancePack.AWS_SOLUTIONS,
        constructPath: 'Orders/Fn/ServiceRole/DefaultPolicy/Resource',
        stack: 'Orders',
        message: 'The IAM entity contains wildcard permissions.',
        frameworks: { owasp: [] },
      },
    ],
    acknowledgments: [
      ...evaluation.acknowledgments.map((a) => fromTemplateAcknowledgment(a, source)),
      {
        ruleId: 'AwsSolutions-L1',
        pack: 'AwsSolutions',
        reason: 'Runtime pinned by the platform team',
        constructPath: 'Orders/Fn',
      },
    ],
  });
}

describe('report model', () => {
  test('maps our rules by their catalog entry and cdk-nag rules by pack, from the control ids in the message', () => {
    expect(frameworksOf('SecureServerless-TestNoSecretVariables[X]', 'm', TEST_RULES)).toEqual(
      TEST_RULES[0].frameworks,
    );
    expect(frameworksOf('HIPAA.Security-LambdaConcurrency', HIPAA_MESSAGE, [])).toEqual({
      owasp: [],
      hipaa: ['164.312(b)', '164.312(a)(2)(iv)'],
    });
    expect(frameworksOf('NIST.800.53.R5-LambdaDLQ', 'x - (Control ID: SI-13(5)).', [])).toEqual({
      owasp: [],
      nist: ['SI-13(5)'],
    });
    expect(frameworksOf('PCI.DSS.321-LambdaInsideVPC', 'no control ids', [])).toEqual({
      owasp: [],
      pci: ['PCI.DSS.321-LambdaInsideVPC'],
    });
    expect(frameworksOf('AwsSolutions-IAM5[Action::s3:*]', 'x', [])).toEqual({ owasp: [] });
  });

  test('lists every rule of ours that ran and every cdk-nag rule that reported, without finding suffixes', () => {
    const report = sampleReport();
    expect(report.rules.map((r) => r.id)).toEqual([
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'HIPAA.Security-LambdaConcurrency',
      'SecureServerless-TestNoSecretVariables',
      'SecureServerless-TestRoleInTemplate',
      'SecureServerless-TestTracing',
    ]);
    expect(report.rules.find((r) => r.id === 'HIPAA.Security-LambdaConcurrency')?.title).toBe(
      'The Lambda function is not configured with function-level concurrent execution limits',
    );
    expect(report.findings.map((f) => f.severity)).toEqual([Severity.ERROR, Severity.ERROR, Severity.WARNING]);
  });
});

describe('JSON writer', () => {
  test('writes the report data model', () => {
    const report = sampleReport();
    const parsed = JSON.parse(writeJsonReport(report));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(parsed).toMatchObject({
      generatedAt: '2025-01-02T03:04:05.000Z',
      tool: TOOL,
      findings: expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'SecureServerless-TestNoSecretVariables[DB_PASSWORD]',
          logicalId: 'Fn',
          stack: 'Orders',
          templatePath: 'cdk.out/Orders.template.json',
          frameworks: expect.objectContaining({ owasp: ['SAS-7'] }),
        }),
      ]),
      acknowledgments: expect.arrayContaining([
        expect.objectContaining({ ruleId: 'SecureServerless-TestTracing', reason: 'Traced by | the proxy' }),
      ]),
    });
  });
});

describe('SARIF writer', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test('the vendored schema rejects a malformed log (so a pass below means something)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] })).toBe(false);
  });

  test('writes a log that validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(writeSarifReport(sampleReport()));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('an empty report is valid too', () => {
    const log = JSON.parse(
      writeSarifReport(
        createReport({ findings: [], acknowledgments: [], rules: [], generatedAt: GENERATED_AT, tool: TOOL }),
      ),
    );
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });

  test('describes the tool and each rule with its severity and framework tags', () => {
    const run = JSON.parse(writeSarifReport(sampleReport())).runs[0];
    expect(run.tool.driver).toMatchObject({
      name: 'cdk-secure-serverless',
      version: '1.2.3',
      informationUri: TOOL.informationUri,
    });
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'SecureServerless-TestNoSecretVariables');
    expect(rule).toMatchObject({
      shortDescription: { text: 'Functions hold no secret-looking variables' },
      fullDescription: { text: TEST_RULES[0].explanation },
      help: {
        text: expect.stringContaining('OWASP Serverless Top 10: SAS-7'),
        markdown: expect.stringContaining('**Functions hold'),
      },
      defaultConfiguration: { level: 'error' },
    });
    expect(rule.properties.tags).toEqual(
      expect.arrayContaining([
        'OWASP:SAS-7',
        'HIPAA:164.312(a)(2)(iv)',
        'NIST-800-53:SC-28',
        'PCI-DSS:8.2.1',
        'GDPR:Art. 32',
      ]),
    );
    const hipaa = run.tool.driver.rules.find((r: any) => r.id === 'HIPAA.Security-LambdaConcurrency');
    expect(hipaa.properties.tags).toEqual(expect.arrayContaining(['HIPAA:164.312(b)', 'HIPAA:164.312(a)(2)(iv)']));
  });

  test('locates template findings in the stack template and at the logical id', () => {
    const run = JSON.parse(writeSarifReport(sampleReport())).runs[0];
    const result = run.results.find(
      (r: any) => r.properties.fullRuleId === 'SecureServerless-TestNoSecretVariables[DB_PASSWORD]',
    );
    expect(result).toMatchObject({
      ruleId: 'SecureServerless-TestNoSecretVariables',
      ruleIndex: run.tool.driver.rules.findIndex((r: any) => r.id === 'SecureServerless-TestNoSecretVariables'),
      level: 'error',
      message: { text: expect.stringContaining('DB_PASSWORD') },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'cdk.out/Orders.template.json' }, region: { startLine: 12 } },
          logicalLocations: [{ name: 'Fn', fullyQualifiedName: 'Orders/Fn', kind: 'resource' }],
        },
      ],
    });
    expect(result.suppressions).toBeUndefined();
    const nag = run.results.find((r: any) => r.ruleId === 'AwsSolutions-IAM5');
    expect(nag).toMatchObject({
      level: 'warning',
      locations: [{ logicalLocations: [{ fullyQualifiedName: 'Orders/Fn/ServiceRole/DefaultPolicy/Resource' }] }],
    });
  });

  test('reports acknowledged findings as suppressed results with the reason', () => {
    const run = JSON.parse(writeSarifReport(sampleReport())).runs[0];
    const suppressed = run.results.filter((r: any) => r.suppressions);
    expect(suppressed.map((r: any) => [r.ruleId, r.level, r.suppressions])).toEqual([
      [
        'AwsSolutions-L1',
        'warning',
        [{ kind: 'external', status: 'accepted', justification: 'Runtime pinned by the platform team' }],
      ],
      [
        'SecureServerless-TestTracing',
        'warning',
        [{ kind: 'external', status: 'accepted', justification: 'Traced by | the proxy' }],
      ],
    ]);
  });
});

describe('Markdown writer', () => {
  const markdown = writeMarkdownReport(sampleReport());

  test('gives totals per severity', () => {
    expect(markdown).toContain('**2 error(s), 1 warning(s)** unacknowledged; 2 acknowledged.');
    expect(markdown).toContain('| Error | 2 |');
    expect(markdown).toContain('| Warning | 1 |');
    expect(markdown).toContain('| Acknowledged | 2 |');
  });

  test('has a section per framework with the rules that failed and passed', () => {
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
    expect(hipaa).toContain('2 of 3 rule(s) failed.');
    expect(hipaa).toContain('| ❌ `HIPAA.Security-LambdaConcurrency` | 164.312(b), 164.312(a)(2)(iv) |');
    expect(hipaa).toContain('| ❌ `SecureServerless-TestNoSecretVariables` | 164.312(a)(2)(iv) |');
    expect(hipaa).toContain(
      '- ✅ `SecureServerless-TestTracing` (164.312(b)): Functions have active tracing (1 acknowledged)',
    );
    expect(section(markdown, '### GDPR')).toContain('1 of 1 rule(s) failed.');
  });

  test('lists findings and acknowledgments with their reasons, escaping table cells', () => {
    expect(markdown).toContain(
      '| error | `SecureServerless-TestNoSecretVariables[DB_PASSWORD]` | `Fn` (AWS::Lambda::Function) | Orders | Functions hold no secret-looking variables |',
    );
    expect(markdown).toContain(
      '| warning | `AwsSolutions-IAM5[Action::s3:*]` | `Orders/Fn/ServiceRole/DefaultPolicy/Resource` |',
    );
    expect(markdown).toContain(
      '| `SecureServerless-TestTracing` | `Fn` (AWS::Lambda::Function) | Orders | Traced by \\| the proxy |',
    );
    expect(markdown).toContain('| `AwsSolutions-L1` | `Orders/Fn` |  | Runtime pinned by the platform team |');
  });

  test('says so when there is nothing to report', () => {
    const empty = writeMarkdownReport(createReport({ findings: [], acknowledgments: [], rules: [], tool: TOOL }));
    expect(empty).toContain('**No unacknowledged findings** (0 acknowledged).');
    expect(section(empty, '## Findings')).toContain('None.');
  });
});

/** The text of a Markdown section, up to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  const level = heading.indexOf(' ');
  const rest = markdown.slice(start + heading.length);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return next === -1 ? rest : rest.slice(0, next);
}
