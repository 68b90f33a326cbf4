import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { zipSync, strToU8 } from 'fflate';
import { ComplianceDecisions, ComplianceGate, SecureFunction, VulnerabilitySeverity } from '../../src';
import { main } from '../../src/cli/main';
import { synthThroughGate } from '../support/compliance';

const ENTRY = path.join(__dirname, 'fixtures', 'dependencies', 'uses-semver.ts');
const SEMVER = JSON.parse(readFileSync(require.resolve('semver/package.json'), 'utf8')).version as string;
const RULE = `SecureServerless-LambdaVulnerableDependency[semver@${SEMVER}:GHSA-test-0001]`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** An OSV record (OSV schema 1.6) for npm `semver`, affected from `introduced` to `fixed`. */
function record(id: string, severity: string, fixed: string, extra: Record<string, unknown> = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-11-01T00:00:00Z',
    aliases: [`CVE-2026-${id.slice(-4)}`],
    summary: `Test advisory ${id}`,
    affected: [
      {
        package: { ecosystem: 'npm', name: 'semver' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
    database_specific: { severity },
    ...extra,
  };
}

/** A directory holding `records`, one file each. */
function database(...records: object[]): string {
  const dir = tempDir('osv-');
  records.forEach((r, i) => writeFileSync(path.join(dir, `record-${i}.json`), JSON.stringify(r)));
  return dir;
}

/** An app with one SecureFunction that bundles semver, gated with `options`. */
function service() {
  const app = new App({ outdir: tempDir('cdk-out-') });
  const stack = new Stack(app, 'Service', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = new SecureFunction(stack, 'Versions', { entry: ENTRY });
  return { app, stack, fn };
}

describe('the gate matches every function bill of materials against an OSV export', () => {
  test('a high advisory on a bundled package fails synth, with the fixed version as the fix', () => {
    // GIVEN
    const { app } = service();
    const vulnerabilityDatabase = database(record('GHSA-test-0001', 'HIGH', '99.0.0'));

    // WHEN
    const { gate, exitCode } = synthThroughGate(app, { vulnerabilityDatabase, printSummary: false });

    // THEN
    expect(exitCode).toBe(1);
    const violation = gate.result!.violations.find((v) => v.ruleId === RULE);
    expect(violation).toEqual(
      expect.objectContaining({
        severity: 'error',
        constructPath: 'Service/Versions/Function',
        message: expect.stringContaining(`semver@${SEMVER}, affected by GHSA-test-0001 (CVE-2026-0001) [high]`),
        fix: expect.stringContaining('Upgrade semver to 99.0.0 or later'),
      }),
    );
    expect(gate.result!.dependencies).toEqual(
      expect.objectContaining({ vulnerabilitiesChecked: true, functions: 2, vulnerabilities: 1 }),
    );
    const sarif = JSON.parse(readFileSync(gate.reportFiles!.sarif, 'utf8'));
    const results = sarif.runs[0].results.filter(
      (r: { properties: { fullRuleId: string } }) => r.properties.fullRuleId === RULE,
    );
    expect(results).toEqual([
      expect.objectContaining({
        ruleId: 'SecureServerless-LambdaVulnerableDependency',
        level: 'error',
        message: { text: expect.stringContaining('Upgrade semver to 99.0.0 or later') },
      }),
    ]);
  });

  test('the version the advisory lists as fixed is not matched', () => {
    // GIVEN
    const { app } = service();
    const vulnerabilityDatabase = database(record('GHSA-test-0001', 'CRITICAL', SEMVER));

    // WHEN
    const result = ComplianceGate.check(app, { vulnerabilityDatabase });

    // THEN
    expect(result.violations.filter((v) => v.ruleId.startsWith('SecureServerless-LambdaVulnerableDependency'))).toEqual(
      [],
    );
    expect(result.dependencies.vulnerabilitiesChecked).toBe(true);
    expect(result.success).toBe(true);
  });

  test('a medium advisory is a warning under the default threshold, and an error under LOW', () => {
    // GIVEN
    const vulnerabilityDatabase = database(record('GHSA-test-0001', 'MODERATE', '99.0.0'));

    // WHEN
    const byDefault = ComplianceGate.check(service().app, { vulnerabilityDatabase });
    const strict = ComplianceGate.check(service().app, {
      vulnerabilityDatabase,
      vulnerabilityThreshold: VulnerabilitySeverity.LOW,
    });

    // THEN
    expect(byDefault.success).toBe(true);
    expect(byDefault.violations).toContainEqual(expect.objectContaining({ ruleId: RULE, severity: 'warning' }));
    expect(strict.success).toBe(false);
    expect(strict.violations).toContainEqual(expect.objectContaining({ ruleId: RULE, severity: 'error' }));
  });

  test('a decision accepts one advisory with its reason and expiry, and the report lists it as accepted', () => {
    // GIVEN
    const { app, fn } = service();
    ComplianceDecisions.of(fn).acknowledge({
      ruleId: RULE,
      reason: 'The vulnerable range parser is not reachable: versions come from our own release list',
      ticket: 'SEC-88',
      expires: '2099-01-31',
    });
    const vulnerabilityDatabase = database(record('GHSA-test-0001', 'HIGH', '99.0.0'));

    // WHEN
    const { gate, exitCode } = synthThroughGate(app, { vulnerabilityDatabase, printSummary: false });

    // THEN
    expect(exitCode ?? 0).toBe(0);
    expect(gate.result!.dependencies.acceptedVulnerabilities).toBe(1);
    const report = JSON.parse(readFileSync(gate.reportFiles!.json, 'utf8'));
    expect(report.dependencies.vulnerabilities).toEqual([
      expect.objectContaining({ advisory: 'GHSA-test-0001', package: 'semver', accepted: true, failing: false }),
    ]);
    expect(readFileSync(gate.reportFiles!.markdown, 'utf8')).toMatch(
      /\| `semver@[^`]+` \| GHSA-test-0001, CVE-2026-0001 \| high \| 99\.0\.0 \| accepted \|/,
    );
  });

  test('a withdrawn advisory is ignored, and an OSV zip is read like a directory', () => {
    // GIVEN
    const zip = path.join(tempDir('osv-zip-'), 'all.zip');
    writeFileSync(
      zip,
      zipSync({
        'GHSA-test-0001.json': strToU8(
          JSON.stringify(record('GHSA-test-0001', 'HIGH', '99.0.0', { withdrawn: '2026-11-02T00:00:00Z' })),
        ),
        'GHSA-test-0002.json': strToU8(JSON.stringify(record('GHSA-test-0002', 'HIGH', '99.0.0'))),
      }),
    );

    // WHEN
    const result = ComplianceGate.check(service().app, { vulnerabilityDatabase: zip });

    // THEN
    const ids = result.violations.map((v) => v.ruleId).filter((id) => id.includes('VulnerableDependency'));
    expect(ids).toEqual([`SecureServerless-LambdaVulnerableDependency[semver@${SEMVER}:GHSA-test-0002]`]);
  });

  test('without a database the bills of materials are written and the summary says no check ran', () => {
    // GIVEN
    const { app } = service();

    // WHEN
    const { gate, stderr } = synthThroughGate(app, {});

    // THEN
    expect(gate.result!.dependencies).toEqual(
      expect.objectContaining({ vulnerabilitiesChecked: false, functions: 2, components: 1 }),
    );
    expect(stderr).toContain('no vulnerability check ran (no vulnerabilityDatabase given)');
    const files = readdirSync(gate.reportFiles!.sbomDirectory);
    // The function's bundle, and the network helper's inline code (no package).
    expect(files).toEqual([
      'Service.SecureServerlessNetwork.Helper.Function.cdx.json',
      'Service.Versions.Function.cdx.json',
    ]);
    const bom = JSON.parse(readFileSync(path.join(gate.reportFiles!.sbomDirectory, files[1]), 'utf8'));
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.components.map((c: { purl: string }) => c.purl)).toContain(`pkg:npm/semver@${SEMVER}`);
    expect(readFileSync(gate.reportFiles!.markdown, 'utf8')).toContain('**No vulnerability check ran**');
  });

  test('a path that holds no OSV record fails synth, naming the option', () => {
    // GIVEN
    const empty = tempDir('osv-empty-');
    mkdirSync(path.join(empty, 'nothing-here'));

    // WHEN / THEN
    expect(() => ComplianceGate.check(service().app, { vulnerabilityDatabase: empty })).toThrow(
      /vulnerabilityDatabase: .*osv-empty-/,
    );
    expect(() => ComplianceGate.check(service().app, { vulnerabilityDatabase: path.join(empty, 'missing') })).toThrow(
      /vulnerabilityDatabase: .*missing does not exist/,
    );
  });
});

describe('the audit CLI', () => {
  test('matches an existing cdk.out with --vulnerability-database and writes its SBOMs with --sbom-dir', () => {
    // GIVEN
    const { app } = service();
    app.synth();
    const vulnerabilityDatabase = database(record('GHSA-test-0001', 'HIGH', '99.0.0'));
    const sbomDir = path.join(tempDir('sbom-'), 'out');
    const out: string[] = [];
    const err: string[] = [];

    // WHEN
    const code = main(
      [
        'audit',
        app.outdir,
        '--format',
        'json',
        '--vulnerability-database',
        vulnerabilityDatabase,
        '--sbom-dir',
        sbomDir,
      ],
      { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } },
    );

    // THEN
    expect(code).toBe(1);
    const report = JSON.parse(out.join(''));
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain(RULE);
    expect(readdirSync(sbomDir)).toEqual([
      'Service.SecureServerlessNetwork.Helper.Function.cdx.json',
      'Service.Versions.Function.cdx.json',
    ]);
    expect(err.join('')).toContain('Wrote 2 bill(s) of materials');
  });

  test('says that no check ran without a database, and refuses a threshold without one', () => {
    // GIVEN
    const { app } = service();
    app.synth();
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t) };

    // WHEN
    const withoutDatabase = main(['audit', app.outdir], { io });
    const thresholdAlone = main(['audit', app.outdir, '--vulnerability-threshold', 'low'], { io });
    const badPath = main(['audit', app.outdir, '--vulnerability-database', '/nonexistent/osv'], { io });

    // THEN
    expect(withoutDatabase).toBe(0);
    expect(err.join('')).toContain('No vulnerability check ran');
    expect(thresholdAlone).toBe(2);
    expect(badPath).toBe(2);
    expect(err.join('')).toContain('/nonexistent/osv does not exist');
  });
});
