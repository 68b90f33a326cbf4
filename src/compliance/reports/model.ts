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
 * The bill of materials of one function, as the report lists it (the components are in its SBOM file).
 * @internal
 */
export interface ReportSbom {
  readonly constructPath: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly runtime?: string;
  /** How the components were found: `esbuild-metafile`, `directory` or `zip`. */
  readonly source: string;
  readonly components: number;
  /** The SBOM's file name in the `sbom/` directory of the cloud assembly (or of `audit --sbom-dir`). */
  readonly file: string;
}

/**
 * One vulnerable package in one function.
 * @internal
 */
export interface ReportVulnerability {
  readonly constructPath: string;
  /** The finding's rule id, which a decision accepts. */
  readonly ruleId: string;
  readonly ecosystem: string;
  readonly package: string;
  readonly version: string;
  readonly purl: string;
  /** The advisory (`GHSA-...`, `PYSEC-...`), and its aliases (`CVE-...`). */
  readonly advisory: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  /** `critical`, `high`, `medium`, `low` or `unknown`. */
  readonly severity: string;
  /** The CVSS v3 base score, when the advisory has a vector. */
  readonly score?: number;
  /** The versions that fix it, as the advisory lists them. */
  readonly fixedVersions: readonly string[];
  readonly url?: string;
  /** A decision accepts it. */
  readonly accepted: boolean;
  /** It fails synth: at or above the threshold, and not accepted. */
  readonly failing: boolean;
}

/**
 * What the report says of the functions' code.
 * @internal
 */
export interface ReportDependencies {
  /** The OSV export matched against. @default - none: no vulnerability check ran */
  readonly database?: { readonly path: string; readonly records: number; readonly skipped: number };
  /** The least severe vulnerability that fails. */
  readonly threshold: string;
  readonly sboms: readonly ReportSbom[];
  /** Functions without a bill of materials, and why. */
  readonly withoutSbom: ReadonlyArray<{ readonly constructPath: string; readonly reason: string }>;
  /** What makes a bill of materials incomplete (a package whose manifest could not be read). */
  readonly warnings: ReadonlyArray<{ readonly constructPath: string; readonly message: string }>;
  /** Every vulnerable package, accepted or not, most severe first. */
  readonly vulnerabilities: readonly ReportVulnerability[];
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
  /** The functions' bills of materials and their vulnerability check. */
  readonly dependencies: ReportDependencies;
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
