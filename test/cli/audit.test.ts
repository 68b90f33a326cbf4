import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { main } from '../../src/cli/main';
import { ALL_RULES } from '../../src/compliance/rules';
import { GUARD_RULES_FILE, rulesWithGuardTwin } from '../../src/guard/rules-file';
import { ROLE_EXISTS, TRACING } from '../compliance/reports/fixtures';
import { guardVerdicts } from '../support/guard';

/** Runs the CLI in-process and captures what it writes. */
function run(argv: string[], options: { rules?: typeof ALL_RULES; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { ...options, io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'css-audit-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A plain aws-cdk-lib app, without any of our constructs, synthesized into `outdir`. */
function synthPlainApp(outdir: string, options: { acknowledge?: boolean; inStage?: boolean } = {}): void {
  const app = new App({ outdir });
  const stack = new Stack(options.inStage ? new Stage(app, 'Prod') : app, 'Service');
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addMethod('GET', new apigateway.LambdaIntegration(fn), {
    authorizationType: apigateway.AuthorizationType.NONE,
  });
  if (options.acknowledge) {
    Validations.of(fn).acknowledge({ id: 'SecureServerless-LambdaTracing', reason: 'Traced by the service mesh' });
  }
  app.synth();
}

const FUNCTION_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      FunctionName: !Sub "\${AWS::StackName}-fn"
      Handler: index.handler
      Runtime: nodejs22.x
      Code:
        ZipFile: !Join ["\\n", ["exports.handler = async () => 1;"]]
      Environment:
        Variables:
          DB_PASSWORD: hunter2
          TABLE: !Ref Table
`;

describe('audit of a cloud assembly', () => {
  test('reports the findings of a plain aws-cdk-lib app and exits 1', () => {
    // GIVEN
    synthPlainApp(join(dir, 'cdk.out'));

    // WHEN
    const { code, stdout, stderr } = run(['audit', join(dir, 'cdk.out'), '--format', 'json'], { cwd: dir });

    // THEN
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const ids = report.findings.map((f: any) => f.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'SecureServerless-ApiMethodAuthorization',
        'SecureServerless-DynamoDBCustomerManagedKey',
        'SecureServerless-LambdaTracing',
      ]),
    );
    expect(report.findings.find((f: any) => f.ruleId === 'SecureServerless-ApiMethodAuthorization')).toMatchObject({
      severity: 'error',
      pack: 'SecureServerless',
      location: {
        stack: 'Service',
        resourceType: 'AWS::ApiGateway::Method',
        templatePath: 'cdk.out/Service.template.json',
        templateLine: expect.any(Number),
      },
    });
    expect(report.rules.find((r: any) => r.id === 'SecureServerless-ApiMethodAuthorization')).toMatchObject({
      status: 'failed',
      frameworks: expect.objectContaining({ owasp: ['SAS-2'] }),
    });
    expect(
      report.rules.filter(
        (r: any) => r.pack === 'SecureServerless' && !r.id.includes('Acknowledgment') && !r.id.includes('Decision'),
      ),
    ).toHaveLength(ALL_RULES.length);
    // and what each function's role lets it do, from the template alone: only an AWS managed policy here
    expect(report.permissions).toEqual([
      expect.objectContaining({
        stack: 'Service',
        constructPath: expect.stringMatching(/^Service\/.*\/Resource$/),
        externalPolicies: ['arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        allowed: [],
      }),
    ]);
  });

  test("honours Validations.acknowledge() recorded in the assembly's construct metadata", () => {
    synthPlainApp(join(dir, 'cdk.out'), { acknowledge: true });

    const report = JSON.parse(run(['audit', join(dir, 'cdk.out'), '--format', 'json']).stdout);

    expect(report.findings.map((f: any) => f.ruleId)).not.toContain('SecureServerless-LambdaTracing');
    expect(report.decisions).toEqual([
      expect.objectContaining({
        ruleIds: ['SecureServerless-LambdaTracing'],
        reason: 'Traced by the service mesh',
        accepted: [expect.objectContaining({ ruleId: 'SecureServerless-LambdaTracing' })],
        unused: false,
      }),
    ]);
  });

  test('audits the stacks of nested assemblies (stages)', () => {
    synthPlainApp(join(dir, 'cdk.out'), { inStage: true });

    const report = JSON.parse(run(['audit', join(dir, 'cdk.out'), '--format', 'json'], { cwd: dir }).stdout);

    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0].location.templatePath).toMatch(
      /^cdk\.out\/assembly-Prod\/ProdService[0-9A-F]+\.template\.json$/,
    );
  });

  test('reads a stack without resources (CDK writes its template without a Resources section) as empty', () => {
    // An empty stack is not valid CloudFormation (aws-cdk-lib 2.27x's validator: F0001); with the default rules
    // off (as `cdk init` did not set them before), aws-cdk-lib writes its template anyway.
    const app = new App({
      outdir: join(dir, 'cdk.out'),
      postCliContext: { '@aws-cdk/core:validateAgainstDefaultRules': false },
    });
    new Stack(app, 'Empty');
    app.synth();

    const { code, stdout } = run(['audit', join(dir, 'cdk.out'), '--format', 'json']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  test('writes SARIF that leads to the source line, with the template as related location', () => {
    synthPlainApp(join(dir, 'cdk.out'));

    const { stdout } = run(['audit', join(dir, 'cdk.out'), '--format=sarif'], { cwd: dir });

    const result = JSON.parse(stdout).runs[0].results.find(
      (r: any) => r.ruleId === 'SecureServerless-ApiMethodAuthorization',
    );
    // The creation stacks aws-cdk-lib records in the assembly lead to the line of this test that made the method.
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /^(\.\.\/)*.*test\/cli\/audit\.test\.ts$/,
    );
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^Service\/Api\/.*GET/);
    expect(result.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('cdk.out/Service.template.json');
  });
});

describe('audit of a single template', () => {
  test('reads a JSON template', () => {
    const file = join(dir, 'stack.template.json');
    writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { DB_PASSWORD: 'hunter2' } } } },
        },
      }),
    );

    const { code, stdout } = run(['audit', file, '--format', 'json']);

    expect(code).toBe(1);
    const finding = JSON.parse(stdout).findings.find((f: any) =>
      f.ruleId.startsWith('SecureServerless-LambdaPlaintextSecret'),
    );
    expect(finding).toMatchObject({
      ruleId: 'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
      location: { constructPath: 'stack/Fn', stack: 'stack', logicalId: 'Fn' },
      templateOnly: true,
    });
  });

  test('reads a YAML template with short-form intrinsic functions', () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(file, FUNCTION_YAML);

    // `!GetAtt Role.Arn` must become { 'Fn::GetAtt': ['Role', 'Arn'] } for this rule to pass.
    expect(run(['audit', file, '--format', 'json'], { rules: [ROLE_EXISTS] })).toMatchObject({ code: 0 });
    const report = JSON.parse(run(['audit', file, '--format', 'json']).stdout);
    expect(report.findings.map((f: any) => f.ruleId)).toContain('SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]');
    expect(report.findings.find((f: any) => f.location.logicalId === 'Fn').location.templateLine).toBe(11);
  });

  test('writes Markdown by default', () => {
    const file = join(dir, 'template.yml');
    writeFileSync(file, FUNCTION_YAML);

    const { stdout } = run(['audit', file]);

    expect(stdout).toMatch(/^# Compliance report/);
    expect(stdout).toContain('### OWASP Serverless Top 10');
  });
});

describe('--fail-on', () => {
  // Every rule of the catalog is an error; the threshold is tested with a catalog holding a warning-level rule.
  const WARNING_ONLY = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } },
    },
  };

  test('exits 0 on warnings with the default --fail-on error, 1 with --fail-on warning', () => {
    const file = join(dir, 'function.json');
    writeFileSync(file, JSON.stringify(WARNING_ONLY));
    const rules = [TRACING];
    const report = JSON.parse(run(['audit', file, '--format', 'json'], { rules }).stdout);
    expect(report.findings.map((f: any) => [f.ruleId, f.severity])).toEqual([
      ['SecureServerless-TestTracing', 'warning'],
    ]);

    expect(run(['audit', file], { rules }).code).toBe(0);
    expect(run(['audit', file, '--fail-on', 'error'], { rules }).code).toBe(0);
    expect(run(['audit', file, '--fail-on', 'warning'], { rules }).code).toBe(1);
  });

  test('exits 1 on errors whatever the threshold', () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(file, FUNCTION_YAML);
    expect(run(['audit', file, '--fail-on=error']).code).toBe(1);
    expect(run(['audit', file, '--fail-on=warning']).code).toBe(1);
  });
});

describe('--output', () => {
  test('writes the report to the file, creating its directory, and nothing to stdout', () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(file, FUNCTION_YAML);
    const output = join(dir, 'reports', 'audit.sarif');

    const { code, stdout, stderr } = run(['audit', file, '--format', 'sarif', '--output', output]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^Wrote the sarif report to .*audit\.sarif: \d+ error\(s\), \d+ warning\(s\), 0 decision\(s\)\.\n$/,
    );
    expect(JSON.parse(readFileSync(output, 'utf8')).version).toBe('2.1.0');
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  test.each([
    ['no arguments', [], /missing command/],
    ['an unknown command', ['scan', 'x'], /unknown command "scan"/],
    ['no path', ['audit'], /audit needs a path/],
    ['two paths', ['audit', 'a', 'b'], /audit takes one path/],
    ['an unknown flag', ['audit', '.', '--strict'], /unknown option "--strict"/],
    ['an unknown format', ['audit', '.', '--format', 'html'], /unknown format "html"/],
    ['an unknown --fail-on', ['audit', '.', '--fail-on', 'info'], /unknown severity "info"/],
    ['a flag without its value', ['audit', '.', '--output'], /option "--output" needs a value/],
    ['a missing path', ['audit', '/nonexistent/cdk.out'], /\/nonexistent\/cdk\.out: no such file or directory/],
  ])('%s', (_, argv, message) => {
    const { code, stdout, stderr } = run(argv as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^cdk-secure-serverless: [^\n]+\n$/);
  });

  test.each([
    ['invalid JSON', 'bad.json', '{ "Resources": ', /bad\.json: invalid JSON/],
    ['invalid YAML', 'bad.yaml', 'Resources: [unclosed', /bad\.yaml: invalid YAML/],
    [
      'not a template',
      'package.json',
      '{ "name": "x" }',
      /package\.json is not a CloudFormation template: it has no "Resources" object/,
    ],
    [
      'a resource without a type',
      'stack.yaml',
      'Resources:\n  Fn:\n    Properties: {}\n',
      /resource "Fn" has no string "Type"/,
    ],
  ])('%s', (_, name, content, message) => {
    writeFileSync(join(dir, name), content);
    const { code, stderr } = run(['audit', join(dir, name)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^cdk-secure-serverless: [^\n]+\n$/);
  });

  test('a directory that is not a cloud assembly', () => {
    const { code, stderr } = run(['audit', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a cloud assembly \(no manifest\.json\)/);
  });

  test('--help prints the usage and exits 0', () => {
    const { code, stdout } = run(['audit', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cdk-secure-serverless audit/);
  });
});

describe('export-guard-rules', () => {
  test('writes the Guard twins into the directory, which cfn-guard runs on a template with our verdicts', () => {
    // GIVEN a template with a function without tracing
    const out = join(dir, 'out', 'guard');
    const template = join(dir, 'template.json');
    writeFileSync(
      template,
      JSON.stringify({
        Resources: {
          Untraced: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
          Traced: { Type: 'AWS::Lambda::Function', Properties: { TracingConfig: { Mode: 'Active' } } },
        },
      }),
    );

    // WHEN
    const { code, stderr } = run(['export-guard-rules', '--output', out]);

    // THEN the file is the one the package ships, and cfn-guard fails the untraced function only
    expect(code).toBe(0);
    const file = join(out, GUARD_RULES_FILE);
    expect(stderr).toMatch(
      new RegExp(
        `^Wrote ${rulesWithGuardTwin(ALL_RULES).length} Guard rule\\(s\\) to .*secure-serverless\\.guard; \\d+ rule\\(s\\) have no Guard twin`,
      ),
    );
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(__dirname, '../../guard', GUARD_RULES_FILE), 'utf8'));
    const verdicts = guardVerdicts(
      ALL_RULES.filter((r) => r.name === 'LambdaTracing'),
      template,
      dir,
    );
    expect([...verdicts.get('template.json')!.get('SecureServerless_LambdaTracing')!]).toEqual(['Untraced']);
  });

  test.each([
    ['no --output', ['export-guard-rules'], /export-guard-rules needs --output DIR/],
    ['a path', ['export-guard-rules', 'guard', '--output', 'x'], /takes no path, got guard/],
    ['an unknown flag', ['export-guard-rules', '--output', 'x', '--format', 'json'], /unknown option "--format"/],
  ])('exits 2 on %s', (_, argv, message) => {
    const { code, stderr } = run(argv as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^cdk-secure-serverless: [^\n]+\n$/);
  });

  test('exits 2 when the directory cannot be created', () => {
    writeFileSync(join(dir, 'file'), '');
    const { code, stderr } = run(['export-guard-rules', '--output', join(dir, 'file', 'guard')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/file\/guard: cannot write: (ENOTDIR|EEXIST)/);
  });
});
