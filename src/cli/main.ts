import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { UsageError } from './usage-error';
import { audit } from '../compliance/audit';
import { writeJsonReport } from '../compliance/reports/json';
import { writeMarkdownReport } from '../compliance/reports/markdown';
import { ComplianceReport, totalsOf } from '../compliance/reports/model';
import { writeSarifReport } from '../compliance/reports/sarif';
import { ALL_RULES } from '../compliance/rules';
import { RuleDefinition } from '../compliance/rules/rule';
import { writeSbomFiles } from '../compliance/sbom-files';
import { TemplateLoadError } from '../compliance/template-files';
import { Severity, VulnerabilitySeverity } from '../compliance/vocabulary';
import { VulnerabilityDatabaseError } from '../compliance/vulnerability-database';
import { writeGuardRules } from '../guard/export';

/** Exit codes of the CLI. */
export enum ExitCode {
  /** No unaccepted finding at or above the `--fail-on` severity. */
  OK = 0,
  /** At least one unaccepted finding at or above the `--fail-on` severity. */
  FINDINGS = 1,
  /** A usage error: unknown command or flag, missing path, invalid JSON/YAML, not a template. */
  USAGE = 2,
}

/**
 * Where the CLI writes; `process.stdout`/`process.stderr` unless a test passes its own.
 * @internal
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * What the CLI may be given besides its arguments, for tests.
 * @internal
 */
export interface CliOptions {
  /** @default - process.stdout / process.stderr */
  readonly io?: CliIo;
  /** @default - the catalog, ALL_RULES */
  readonly rules?: readonly RuleDefinition[];
  /** The directory template paths in reports are relative to. @default process.cwd() */
  readonly cwd?: string;
}

const WRITERS: Record<string, (report: ComplianceReport) => string> = {
  json: writeJsonReport,
  sarif: writeSarifReport,
  md: writeMarkdownReport,
};

const FAIL_ON: Record<string, readonly Severity[]> = {
  error: [Severity.ERROR],
  warning: [Severity.ERROR, Severity.WARNING],
};

const USAGE = `Usage: cdk-secure-serverless audit <cdk.out directory | template.json | template.yaml> [options]
       cdk-secure-serverless export-guard-rules --output DIR

audit: audits synthesized CloudFormation templates with the SecureServerless rules, and the packages of each Lambda
function's code asset.

Options:
  --format json|sarif|md   Report format (default: md)
  --output FILE            Write the report to FILE instead of standard output
  --fail-on error|warning  Exit 1 when an unaccepted finding has this severity or higher (default: error)
  --vulnerability-database PATH
                           Match each function's packages against an OSV export: a directory of OSV JSON
                           records, or a per-ecosystem zip such as npm/all.zip (default: no vulnerability check)
  --vulnerability-threshold critical|high|medium|low
                           The least severe vulnerability reported as an error (default: high)
  --sbom-dir DIR           Write one CycloneDX bill of materials per Lambda function with a code asset into DIR
  -h, --help               Show this help

export-guard-rules: writes DIR/secure-serverless.guard, the CloudFormation Guard twins of the SecureServerless
rules, for cfn-guard and for a CloudFormation Guard hook (see the GuardHook construct).

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error.
`;

interface AuditArgs {
  readonly path: string;
  readonly format: string;
  readonly output?: string;
  readonly failOn: string;
  readonly vulnerabilityDatabase?: string;
  readonly vulnerabilityThreshold?: VulnerabilitySeverity;
  readonly sbomDir?: string;
}

const THRESHOLDS = Object.values(VulnerabilitySeverity) as string[];
const OPTIONS = [
  '--format',
  '--output',
  '--fail-on',
  '--vulnerability-database',
  '--vulnerability-threshold',
  '--sbom-dir',
];

/**
 * The command line: `cdk-secure-serverless audit <path> [--format json|sarif|md] [--output FILE]
 * [--fail-on error|warning] ...` and `cdk-secure-serverless export-guard-rules --output DIR`. Takes the arguments after the program name and returns the exit code.
 * @internal
 */
export function main(argv: readonly string[], options: CliOptions = {}): number {
  const io = options.io ?? { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  try {
    const [command, ...rest] = argv;
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return ExitCode.OK;
    }
    if (command === undefined) {
      throw new UsageError('missing command; run "cdk-secure-serverless audit <path>" (see --help)');
    }
    if (command === 'export-guard-rules') {
      return exportGuardRules(rest, options, io);
    }
    if (command !== 'audit') {
      throw new UsageError(`unknown command "${command}"; use "audit" or "export-guard-rules" (see --help)`);
    }
    const args = parseAuditArgs(rest);
    if (args === 'help') {
      io.stdout(USAGE);
      return ExitCode.OK;
    }
    const { report, dependencies } = audit(args.path, options.rules ?? ALL_RULES, options.cwd, {
      vulnerabilityDatabase: args.vulnerabilityDatabase,
      vulnerabilityThreshold: args.vulnerabilityThreshold,
    });
    if (args.sbomDir) {
      const files = writeSbomFiles(dependencies, args.sbomDir);
      io.stderr(`Wrote ${files.length} bill(s) of materials to ${args.sbomDir}.\n`);
    }
    // Said whenever a package could have been checked: never a silent pass, and no noise for code without any.
    if (!report.dependencies.database && report.dependencies.sboms.some((s) => s.components > 0)) {
      io.stderr('No vulnerability check ran: pass --vulnerability-database <OSV export> to match the packages.\n');
    }
    const text = WRITERS[args.format](report);
    if (args.output) {
      writeOutput(args.output, text);
      const totals = totalsOf(report);
      io.stderr(
        `Wrote the ${args.format} report to ${args.output}: ${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.decisions} decision(s).\n`,
      );
    } else {
      io.stdout(text);
    }
    const failing = FAIL_ON[args.failOn];
    return report.findings.some((f) => failing.includes(f.severity)) ? ExitCode.FINDINGS : ExitCode.OK;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof TemplateLoadError ||
      error instanceof VulnerabilityDatabaseError
    ) {
      io.stderr(`cdk-secure-serverless: ${error.message}\n`);
      return ExitCode.USAGE;
    }
    throw error;
  }
}

function exportGuardRules(args: readonly string[], options: CliOptions, io: CliIo): ExitCode {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(USAGE);
    return ExitCode.OK;
  }
  const { values, paths } = parseFlags(args, ['--output']);
  if (paths.length > 0) {
    throw new UsageError(`export-guard-rules takes no path, got ${paths.join(' ')}; use --output DIR`);
  }
  const output = values['--output'];
  if (output === undefined) {
    throw new UsageError('export-guard-rules needs --output DIR, the directory to write secure-serverless.guard into');
  }
  let written;
  try {
    written = writeGuardRules(output, options.rules ?? ALL_RULES);
  } catch (error) {
    throw new UsageError(
      `${output}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  io.stderr(
    `Wrote ${written.twins} Guard rule(s) to ${written.file}; ${written.without} rule(s) have no Guard twin (listed in its header with the reason).\n`,
  );
  return ExitCode.OK;
}

/** `--flag value` and `--flag=value` pairs of `allowed` flags (`-o` is `--output`), and the other arguments. */
function parseFlags(
  args: readonly string[],
  allowed: readonly string[],
): { values: Record<string, string>; paths: string[] } {
  const values: Record<string, string> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    const name = flag === '-o' ? '--output' : flag;
    if (!allowed.includes(name)) {
      throw new UsageError(`unknown option "${flag}" (see --help)`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`option "${name}" needs a value`);
    }
    values[name] = value;
  }
  return { values, paths };
}

function parseAuditArgs(args: readonly string[]): AuditArgs | 'help' {
  if (args.includes('-h') || args.includes('--help')) {
    return 'help';
  }
  const { values, paths } = parseFlags(args, OPTIONS);
  if (paths.length === 0) {
    throw new UsageError('audit needs a path: a cdk.out directory or a template file');
  }
  if (paths.length > 1) {
    throw new UsageError(`audit takes one path, got ${paths.length}: ${paths.join(' ')}`);
  }
  const format = values['--format'] ?? 'md';
  if (!(format in WRITERS)) {
    throw new UsageError(`unknown format "${format}"; use json, sarif or md`);
  }
  const failOn = values['--fail-on'] ?? 'error';
  if (!(failOn in FAIL_ON)) {
    throw new UsageError(`unknown severity "${failOn}" for --fail-on; use error or warning`);
  }
  const threshold = values['--vulnerability-threshold'];
  if (threshold !== undefined && !THRESHOLDS.includes(threshold)) {
    throw new UsageError(`unknown severity "${threshold}" for --vulnerability-threshold; use ${THRESHOLDS.join(', ')}`);
  }
  if (threshold !== undefined && values['--vulnerability-database'] === undefined) {
    throw new UsageError('--vulnerability-threshold needs --vulnerability-database: without one no check runs');
  }
  return {
    path: paths[0],
    format,
    failOn,
    output: values['--output'],
    vulnerabilityDatabase: values['--vulnerability-database'],
    vulnerabilityThreshold: threshold as VulnerabilitySeverity | undefined,
    sbomDir: values['--sbom-dir'],
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
