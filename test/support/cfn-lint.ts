import { spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';

/**
 * cfn-lint, CloudFormation's resource schemas as an oracle: what AWS would accept, which no security pack
 * knows. The rules we ignore, each with its reason, are in `.cfnlintrc.yaml` at the repository root (cfn-lint
 * reads it from the working directory).
 */

/** One cfn-lint finding. */
export interface CfnLintFinding {
  /** The template file (base name). */
  readonly file: string;
  /** The rule id, for example `E3031`. */
  readonly rule: string;
  /** `Error`, `Warning` or `Informational`. */
  readonly level: string;
  readonly message: string;
  /** Where in the template: `Resources/<id>/Properties/...`. */
  readonly path: string;
}

const REPO_ROOT = path.join(__dirname, '..', '..');
/** cfn-lint's own entry point (what its `cfn-lint` script runs). */
const CFN_LINT_MAIN = 'import sys; from cfnlint.runner import main; sys.exit(main())';

/** Runs cfn-lint once over `templates` and returns its findings. Fails loudly when cfn-lint is missing. */
export function lintTemplates(templates: readonly string[]): CfnLintFinding[] {
  if (templates.length === 0) {
    throw new Error('lintTemplates: no template to lint; a test that lints nothing proves nothing');
  }
  // Through python3, so that a cfn-lint installed by pip outside PATH (`pip install --user`) runs too.
  const result = spawnSync('python3', ['-c', CFN_LINT_MAIN, '--format', 'json', '--', ...templates], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `cfn-lint could not run (${result.error.message}); install it with 'npx projen install:cfn-lint' (the test task does)`,
    );
  }
  // cfn-lint's exit code is a bit mask of the levels found (2 error, 4 warning, 8 informational); anything
  // else, or output that is not JSON, means it failed to run.
  if (result.status === null || result.status % 2 === 1 || !result.stdout.trim().startsWith('[')) {
    throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  const raw = JSON.parse(result.stdout) as Array<{
    Filename: string;
    Level: string;
    Message: string;
    Rule: { Id: string };
    Location: { Path?: Array<string | number> };
  }>;
  return raw.map((f) => ({
    file: path.basename(f.Filename),
    rule: f.Rule.Id,
    level: f.Level,
    message: f.Message,
    path: (f.Location.Path ?? []).join('/'),
  }));
}

/**
 * The templates a test file synthesizes, copied aside as they are added and linted together at the end (one
 * cfn-lint process: its start-up costs more than a small template).
 *
 * @example
 * const corpus = new TemplateCorpus('SecureFunction compliance');
 * test('...', () => { ...; corpus.add(app); });
 * test('cfn-lint finds no error', () => corpus.expectValid());
 */
export class TemplateCorpus {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'cfn-lint-'));
  private readonly templates: string[] = [];
  private offered = 0;

  constructor(
    private readonly label: string,
    /** Keep every n-th app offered to `sample` (1 keeps all). */
    private readonly every = 1,
  ) {}

  /** Adds every stack template of `stage` (synthesized now, or the assembly it already synthesized). */
  public add(stage: Stage): void {
    for (const stack of stage.synth().stacksRecursively) {
      const copy = path.join(this.dir, `${this.templates.length}-${path.basename(stack.templateFullPath)}`);
      copyFileSync(stack.templateFullPath, copy);
      this.templates.push(copy);
    }
  }

  /** Adds `stage` when it is the n-th offered (see the constructor): a sample of many random configurations. */
  public sample(stage: Stage): void {
    if (this.offered++ % this.every === 0) {
      this.add(stage);
    }
  }

  /** How many templates were added. */
  public get size(): number {
    return this.templates.length;
  }

  /**
   * Lints every template added and fails on any finding cfn-lint reports (`.cfnlintrc.yaml` lists the ignored
   * rules with their reasons); prints how many templates were checked.
   */
  public expectValid(): void {
    const findings = lintTemplates(this.templates);
    const errors = findings.filter((f) => f.level === 'Error').length;
    process.stdout.write(
      `cfn-lint: ${this.label}: ${this.templates.length} templates, ${errors} errors, ${findings.length - errors} other findings (aws-cdk-lib ${cdkVersion()})\n`,
    );
    expect(findings.map((f) => `${f.level} ${f.rule} ${f.file} ${f.path}: ${f.message}`)).toEqual([]);
  }
}

/** The version of aws-cdk-lib the tests run on (the jest config of the newest maps `aws-cdk-lib` to it). */
export function cdkVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('aws-cdk-lib/package.json')).version;
}

/**
 * Whether this aws-cdk-lib validates templates against CloudFormation's schemas at synth (2.27x and newer): it then
 * exports the validator's plugin (`CloudFormationValidatePlugin`). Its module path is not in aws-cdk-lib's
 * `exports`, so it cannot be resolved directly.
 */
export function hasBuiltInValidator(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return typeof (require('aws-cdk-lib') as Record<string, unknown>).CloudFormationValidatePlugin === 'function';
}
