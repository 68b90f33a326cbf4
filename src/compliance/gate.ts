import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  Aspects,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GATE_PLUGIN_NAME } from './acknowledged-id';
import { ComplianceAssertionError } from './assertion';
import { ComplianceCheckOptions } from './options';
import { runGate } from './pipeline';
import { ComplianceReportFiles, removeReportFiles, reportFilesIn, writeReportFiles } from './report-files';
import { ComplianceResult, ComplianceViolation } from './result';
import { writeSbomFiles } from './sbom-files';
import { formatSummary } from './summary';
import { GuardSuppressions } from '../guard/suppressions';

/**
 * Options of `ComplianceGate.apply`.
 */
export interface ComplianceGateOptions extends ComplianceCheckOptions {
  /**
   * Print the gate's short summary (verdict, per-pack counts, unaccepted findings, where the reports are)
   * to standard error after synth.
   *
   * @default true
   */
  readonly printSummary?: boolean;

  /**
   * Write the JSON, SARIF 2.1.0 and Markdown reports into the cloud assembly directory after synth
   * (`cdk.out/compliance-report.{json,sarif,md}`), and one CycloneDX bill of materials per Lambda function with a
   * code asset (`cdk.out/sbom/`).
   *
   * @default true
   */
  readonly writeReports?: boolean;
}

/**
 * The synth-time compliance gate. It runs cdk-nag's AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1
 * and Serverless packs over the construct tree, and this library's own SecureServerless rules (OWASP Serverless
 * Top 10, see RULES.md) once over the synthesized templates, so that a weakening made through an escape hatch is
 * caught too. It fails synth on any unaccepted error or expired decision and writes JSON, SARIF and Markdown
 * reports listing every finding (what is wrong, how to fix it, where) and every decision with its reason.
 *
 * @exampleMetadata fixture=app
 * @example
 * const app = new App();
 * new MyServiceStack(app, 'Service');
 * ComplianceGate.apply(app);
 * // `cdk synth` fails on a violation.
 * app.synth();
 */
export class ComplianceGate implements IPolicyValidationPlugin {
  /**
   * Registers the gate on `stage` (usually the `App`) as a CDK validation plugin, so that `app.synth()` and
   * `cdk synth` check every stack in it, write the reports and fail on a violation. Report files an earlier
   * `cdk synth` left in the output directory are removed now. The decisions that accept findings of the
   * SecureServerless rules are written into the templates (`Metadata.guard.SuppressedRules` of each resource they
   * cover), so that the rules' Guard twins accept them too at deploy time.
   */
  public static apply(stage: Stage, options: ComplianceGateOptions = {}): ComplianceGate {
    const gate = new ComplianceGate(stage, options);
    Validations.of(stage).addPlugins(gate);
    // The decisions on our rules travel with the templates, for the rules' Guard twins at deploy time.
    Aspects.of(stage).add(new GuardSuppressions(options.today ?? new Date().toISOString().slice(0, 10)));
    return gate;
  }

  /**
   * Checks `scope` (an app, a stage, a stack or any construct in one) the way the gate does during `cdk synth`,
   * and returns the result as data. The app holding `scope` is synthesized first (once, like
   * `Template.fromStack`), so that Aspects have run and the template stage has templates to read: add every
   * construct before checking. No report files are written, and `process.exitCode` is left as it was, so this
   * is safe in unit tests. A gate registered on the same app with `apply` runs during that synth, as usual.
   */
  public static check(scope: IConstruct, options: ComplianceCheckOptions = {}): ComplianceResult {
    return runGate(scope, synthesizeQuietly(scope), options).result;
  }

  /**
   * For unit tests: checks `scope` like `check` and throws an error listing every unaccepted finding
   * (rule, construct path, logical id, message) when the check fails. With jest:
   * `expect(() => ComplianceGate.assertCompliant(stack)).not.toThrow()`.
   *
   * @returns the result, when the check passes
   */
  public static assertCompliant(scope: IConstruct, options: ComplianceCheckOptions = {}): ComplianceResult {
    const result = ComplianceGate.check(scope, options);
    if (!result.success) {
      throw new ComplianceAssertionError(scope.node.path, result);
    }
    return result;
  }

  /** The plugin's name in CDK's validation report. */
  public readonly name = GATE_PLUGIN_NAME;

  /**
   * Where the reports are written after synth.
   *
   * @default - undefined when `writeReports` is false
   */
  public readonly reportFiles?: ComplianceReportFiles;

  private readonly stage: Stage;
  private readonly options: ComplianceGateOptions;
  private _result?: ComplianceResult;

  private constructor(stage: Stage, options: ComplianceGateOptions) {
    this.stage = stage;
    this.options = options;
    if (options.writeReports ?? true) {
      const root = rootStage(stage);
      this.reportFiles = reportFilesIn(root.outdir, stage === root ? undefined : stage.stageName);
      removeReportFiles(this.reportFiles);
    }
  }

  /**
   * The result of the last synth this gate validated.
   *
   * @default - undefined until the app is synthesized
   */
  public get result(): ComplianceResult | undefined {
    return this._result;
  }

  /**
   * Called by aws-cdk-lib during synth. Not meant to be called directly: use `check()`.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const { result, report, dependencies } = runGate(this.stage, context.templatePaths, this.options);
    this._result = result;
    const written = this.reportFiles ? writeReportFiles(report, this.reportFiles) : false;
    if (this.reportFiles) {
      writeSbomFiles(dependencies, this.reportFiles.sbomDirectory);
    }
    if (this.options.printSummary ?? true) {
      const reports = this.reportFiles ? { files: this.reportFiles, written } : undefined;
      process.stderr.write(`${formatSummary(result, reports)}\n`);
    }
    return { success: result.success, violations: toPolicyViolations(result.violations) };
  }
}

function rootStage(stage: Stage): Stage {
  let root = stage;
  while (root.parentStage) {
    root = root.parentStage;
  }
  return root;
}

/**
 * Synthesizes the app holding `scope` (cached after the first time) and returns the template files of the
 * stacks in `scope`, restoring `process.exitCode`, which aws-cdk-lib sets when a registered plugin fails.
 */
function synthesizeQuietly(scope: IConstruct): string[] {
  const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
  if (!stage) {
    return []; // a construct tree without an app: nothing to synthesize; cdk-nag's packs run on the tree alone
  }
  const exitCode = process.exitCode;
  const root = rootStage(stage);
  try {
    root.synth();
  } catch (error) {
    // aws-cdk-lib 2.27x and newer throw when a validation plugin fails in a test or a plain `node app.js` run
    // (2.258 sets process.exitCode instead). When the only plugins that failed are compliance gates, the
    // verdict is what this check returns; any other failure (a construct's validation, CloudFormation's
    // schemas, another plugin) is the caller's to see.
    if (!onlyGatesFailed(root.outdir)) {
      throw error;
    }
  } finally {
    process.exitCode = exitCode;
  }
  const stacks = scope.node.findAll().filter(Stack.isStack);
  const holder = scope.node.scopes.find(Stack.isStack);
  return [...(holder && !stacks.includes(holder) ? [holder] : []), ...stacks]
    .filter((stack) => !stack.nested)
    .map((stack) => join(Stage.of(stack)!.outdir, stack.templateFile));
}

/**
 * Whether CDK's validation report in `outdir` says that validation plugins ran and every one that failed is a
 * compliance gate. False when there is no report (synth failed before the plugins ran).
 */
function onlyGatesFailed(outdir: string): boolean {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) {
    return false;
  }
  const reports: Array<{ pluginName: string; conclusion: string }> =
    JSON.parse(readFileSync(file, 'utf8')).pluginReports ?? [];
  const failed = reports.filter((r) => r.conclusion !== 'success');
  return failed.length > 0 && failed.every((r) => r.pluginName === GATE_PLUGIN_NAME);
}

/** Groups findings by rule, as CDK's validation report expects. */
function toPolicyViolations(violations: ComplianceViolation[]): PolicyViolation[] {
  const byRule = new Map<string, PolicyViolation>();
  for (const v of violations) {
    const existing = byRule.get(v.ruleId);
    const resource = {
      constructPath: v.constructPath,
      ...(v.logicalId ? { resourceLogicalId: v.logicalId } : {}),
      locations: ['Properties'],
    };
    if (existing) {
      existing.violatingResources.push(resource);
    } else {
      byRule.set(v.ruleId, {
        ruleName: v.ruleId,
        description: v.message,
        severity: v.severity,
        violatingResources: [resource],
        ruleMetadata: { pack: v.pack },
      });
    }
  }
  return [...byRule.values()];
}
