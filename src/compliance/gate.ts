import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ComplianceCheckOptions, evaluate } from './evaluate';
import { ComplianceResult, ComplianceViolation } from './result';
import { formatSummary } from './summary';

/**
 * Options of `ComplianceGate.apply`.
 */
export interface ComplianceGateOptions extends ComplianceCheckOptions {
  /**
   * Print the gate's summary (per-pack counts, findings, acknowledgments) to standard error after synth.
   *
   * @default true
   */
  readonly printSummary?: boolean;
}

/**
 * The synth-time compliance gate: runs cdk-nag's AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1
 * and Serverless packs over a whole app, fails synth on any unacknowledged error, and reports every finding
 * and every acknowledgment with its reason.
 *
 * @example
 * const app = new App();
 * new MyServiceStack(app, 'Service');
 * ComplianceGate.apply(app);
 * app.synth(); // `cdk synth` fails on a violation
 */
export class ComplianceGate implements IPolicyValidationPlugin {
  /**
   * Registers the gate on `stage` (usually the `App`) as a CDK validation plugin, so that `app.synth()` and
   * `cdk synth` check every stack in it and fail on a violation.
   */
  public static apply(stage: Stage, options: ComplianceGateOptions = {}): ComplianceGate {
    const gate = new ComplianceGate(options);
    Validations.of(stage).addPlugins(gate);
    return gate;
  }

  /**
   * Checks `scope` (an app, a stage, a stack or any construct) now, without synthesizing, and returns the
   * result as data: for assertions in tests, yours and ours. Aspects, which run at synth, are not applied.
   */
  public static check(scope: IConstruct, options: ComplianceCheckOptions = {}): ComplianceResult {
    return evaluate(scope, options);
  }

  /** The plugin's name in CDK's validation report. */
  public readonly name = 'cdk-secure-serverless';

  private readonly options: ComplianceGateOptions;
  private _result?: ComplianceResult;

  private constructor(options: ComplianceGateOptions) {
    this.options = options;
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
    const result = evaluate(context.appConstruct, this.options);
    this._result = result;
    if (this.options.printSummary ?? true) {
      process.stderr.write(`${formatSummary(result)}\n`);
    }
    return { success: result.success, violations: toPolicyViolations(result.violations) };
  }
}

/** Groups findings by rule, as CDK's validation report expects. */
function toPolicyViolations(violations: ComplianceViolation[]): PolicyViolation[] {
  const byRule = new Map<string, PolicyViolation>();
  for (const v of violations) {
    const existing = byRule.get(v.ruleId);
    const resource = { constructPath: v.constructPath, locations: ['Properties'] };
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
