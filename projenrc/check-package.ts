/**
 * Checks the npm package as a user gets it: packs it, fails when the tarball holds anything users do not need
 * (generated code of other languages, tests, sources, reports), then installs the tarball into an empty
 * project beside aws-cdk-lib, constructs and cdk-nag, synthesizes a small app through the compliance gate and
 * audits the result with the package's CLI. This is the "install from a clone" path the README documents.
 *
 *   npx projen test:package      (after `npx projen compile`)
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** What a user needs: the compiled library, its jsii assembly, docs, license, and the bundled dependency. */
const ALLOWED = [
  /^package\.json$/,
  /^(README|API|RULES)\.md$/,
  /^LICENSE$/,
  /^guard\/secure-serverless\.guard$/, // the Guard twins of our rules, for cfn-guard and Guard hooks
  /^\.jsii$/,
  /^\.jsii\.tabl\.json$/, // jsii-rosetta's translations of the examples, for the other languages' docs
  /^rosetta\/[\w-]+\.ts-fixture$/, // the fixtures those examples compile in
  /^lib\/.+\.(js|d\.ts)$/,
  ...(manifest.bundledDependencies as string[]).map((dep) => new RegExp(`^node_modules/${dep}/`)),
];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

const packDir = mkdtempSync(join(tmpdir(), 'pack-'));
const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], root));
const files: string[] = packed.files.map((f: { path: string }) => f.path);
const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
if (unexpected.length > 0) {
  throw new Error(`the npm package holds files users do not need:\n  ${unexpected.join('\n  ')}`);
}
if (!files.includes('lib/index.js') || !files.includes('.jsii')) {
  throw new Error('the npm package lacks lib/index.js or .jsii: run `npx projen compile` first');
}
if (!files.includes('guard/secure-serverless.guard')) {
  throw new Error('the npm package lacks guard/secure-serverless.guard: run `npx projen docgen:rules`');
}
const tarball = join(packDir, packed.filename);

// An empty project that installs the tarball the way the README says, with the peer versions the tests use.
const project = mkdtempSync(join(tmpdir(), 'consumer-'));
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
const peers = ['aws-cdk-lib', 'constructs', 'cdk-nag'].map((dep) => `${dep}@${manifest.devDependencies[dep]}`);
run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...peers], project);

writeFileSync(
  join(project, 'app.js'),
  `
const { App, Stack } = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const { ComplianceGate, EncryptedTable, SecureFunction } = require('cdk-secure-serverless');

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'us-east-1' } });
const table = new EncryptedTable(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
const fn = new SecureFunction(stack, 'Fn', { code: lambda.Code.fromInline('exports.handler = async () => 1;'), handler: 'index.handler' });
table.grantReadData(fn);
const gate = ComplianceGate.apply(app, { printSummary: false });
app.synth();
if (!gate.result.success) { console.error(gate.result.violations); process.exit(1); }
console.log(gate.result.violations.length + ' unaccepted findings');
`,
);
const synth = run('node', ['app.js'], project).trim();
const audit = run('npx', ['--no-install', 'cdk-secure-serverless', 'audit', 'cdk.out', '--format', 'json'], project);
const audited = JSON.parse(audit);
// The CLI's Guard rules are the ones the package ships.
run('npx', ['--no-install', 'cdk-secure-serverless', 'export-guard-rules', '--output', 'guard'], project);
const shipped = join(project, 'node_modules', 'cdk-secure-serverless', 'guard', 'secure-serverless.guard');
if (readFileSync(join(project, 'guard', 'secure-serverless.guard'), 'utf8') !== readFileSync(shipped, 'utf8')) {
  throw new Error('export-guard-rules wrote other rules than guard/secure-serverless.guard in the package');
}
process.stdout.write(
  `npm package: ${files.length} files, ${Math.round(packed.size / 1024)} kB packed, ${Math.round(packed.unpackedSize / 1024)} kB unpacked; ` +
    `installed from the tarball: synth through the gate: ${synth}; CLI audit of cdk.out: ${audited.findings.length} findings\n`,
);
