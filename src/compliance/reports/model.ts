import type { FunctionPermissions } from '../permissions';
import type { FrameworkMapping } from '../rules/rule';
import type { AcceptedFinding, Decision, Finding, Severity } from '../vocabulary';

/**
 * The tool that produced a report.
 * @internal
 */
export interface ReportTool {
  /** The tool's name, `cdk-secure-serverless`. */
  readonly name: string;
  /** The tool's version. */
  readonly version: string;
  /** Where to read about the tool and its rules. */
  readonly informationUri: string;
}

/**
 * How a rule fared in a run.
 * @internal
 */
export type RuleStatus = 'failed' | 'passed' | 'not-applicable';

/**
 * A rule the report refers to: every rule that ran, with its status.
 * @internal
 */
export interface ReportRule {
  /** The rule id without a finding suffix, for example `SecureServerless-LambdaPlaintextSecret`. */
  readonly id: string;
  /** The pack. */
  readonly pack: string;
  /** The control it checks, when equivalent rules of other packs check it too. @default - none */
  readonly control?: string;
  /** What the rule requires, as a requirement (never a failure's wording). */
  readonly requirement: string;
  /** Why it matters. @default - none */
  readonly explanation?: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The framework controls it maps to. */
  readonly frameworks: FrameworkMapping;
  /** Failed (unaccepted findings), passed (applied, none unaccepted), or not applicable (nothing to check). */
  readonly status: RuleStatus;
  /** Unaccepted findings. */
  readonly findings: number;
  /** Findings decisions accepted. */
  readonly accepted: number;
}

/**
 * A decision with what the run made of it.
 * @internal
 */
export interface ReportDecision extends Decision {
  /** The findings it accepted. */
  readonly accepted: readonly AcceptedFinding[];
  /** It accepts nothing although its rules were checked where it applies. */
  readonly unused: boolean;
  /** Its last day is past. */
  readonly expired: boolean;
}

/**
 * A compliance report: the data that the JSON, SARIF and Markdown writers format.
 * @internal
 */
export interface ComplianceReport {
  /** When the report was made, ISO 8601. */
  readonly generatedAt: string;
  /** The tool that made it. */
  readonly tool: ReportTool;
  /** True when no unaccepted finding is an error. */
  readonly success: boolean;
  /** Unaccepted findings, errors first, by construct path. */
  readonly findings: readonly Finding[];
  /** Every decision, by control. */
  readonly decisions: readonly ReportDecision[];
  /** Every rule that ran, by id. */
  readonly rules: readonly ReportRule[];
  /** What each Lambda function's role lets it do, read from all the policies attached to the role. */
  readonly permissions: readonly FunctionPermissions[];
}

/**
 * Counts of a report, for summaries.
 * @internal
 */
export interface ReportTotals {
  readonly errors: number;
  readonly warnings: number;
  readonly decisions: number;
}

/** @internal */
export function totalsOf(report: ComplianceReport): ReportTotals {
  return {
    errors: report.findings.filter((f) => f.severity === 'error').length,
    warnings: report.findings.filter((f) => f.severity === 'warning').length,
    decisions: report.decisions.length,
  };
}
