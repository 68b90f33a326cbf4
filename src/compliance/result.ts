import type { DependencyCheck } from './dependency-stage';
import type { ReportDecision } from './reports/model';
import { CompliancePack, DecisionOrigin, Finding, Severity } from './vocabulary';

/**
 * One unaccepted finding: a rule that one resource breaks.
 */
export interface ComplianceViolation {
  /** The pack that reported it. */
  readonly pack: CompliancePack;
  /** The rule id, with the finding in brackets for granular rules, for example `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleId: string;
  /** Error or warning, after `warningsAsErrors` is applied. */
  readonly severity: Severity;
  /**
   * The construct path of the resource, for example `MyStack/Orders/Table/Resource`; for a resource no construct
   * records, `<stack>/<logical id>`.
   */
  readonly constructPath: string;
  /** What is wrong in this resource, and how to fix it. */
  readonly message: string;
  /** How to fix it: for this library's rules the fix, for cdk-nag's rules what the rule requires. */
  readonly fix: string;
  /**
   * The resource's logical id in its stack's template.
   *
   * @default - unknown: the finding is on a construct that is not a CloudFormation resource
   */
  readonly logicalId?: string;
  /**
   * The name of the stack whose template holds the resource.
   *
   * @default - unknown
   */
  readonly stackName?: string;
  /**
   * True when the resource is in the synthesized template but no construct of the tree renders it (for example a
   * resource written into the template outside the L1 classes): only the template shows it.
   *
   * @default false
   */
  readonly templateOnly?: boolean;
}

/**
 * A decision to accept findings, recorded on a construct with its reason: an opt-out, an acknowledgment of the
 * team's, or an exception of this library's. Covers the construct and everything under it.
 */
export interface ComplianceAcknowledgment {
  /** The rule ids it accepts (for a control, every pack's rule of it). */
  readonly ruleIds: string[];
  /**
   * The control it was made for.
   *
   * @default - it was made for one rule
   */
  readonly control?: string;
  /** Why. */
  readonly reason: string;
  /**
   * The ticket that records it.
   *
   * @default - none
   */
  readonly ticket?: string;
  /**
   * Who approved it.
   *
   * @default - none
   */
  readonly approvedBy?: string;
  /**
   * Its last day, `YYYY-MM-DD`.
   *
   * @default - it does not expire
   */
  readonly expires?: string;
  /** Who made it. */
  readonly origin: DecisionOrigin;
  /**
   * The opt-out prop, for opt-outs, for example `optOuts.vpc`.
   *
   * @default - not an opt-out
   */
  readonly optOut?: string;
  /** The construct it is recorded on (`''` for the app). */
  readonly constructPath: string;
  /** How many findings it accepted in this run. */
  readonly accepted: number;
  /**
   * True when it accepted no finding of the packs that ran although its rules were checked where it applies: a
   * typo, a base id that covers no granular finding (`AwsSolutions-IAM5` does not cover
   * `AwsSolutions-IAM5[Resource::*]`), or a control that passes now. Reported as a warning;
   * `failOnUnusedAcknowledgments` makes it an error.
   *
   * @default false
   */
  readonly unused?: boolean;
  /**
   * True when its last day is past: the gate fails (`SecureServerless-DecisionExpired`).
   *
   * @default false
   */
  readonly expired?: boolean;
}

/**
 * Per-pack counts of unaccepted findings.
 */
export interface PackSummary {
  /** The pack. */
  readonly pack: CompliancePack;
  /** Unaccepted findings of severity error. */
  readonly errors: number;
  /** Unaccepted findings of severity warning. */
  readonly warnings: number;
}

/**
 * What the gate learned of the functions' code: their bills of materials, and whether their packages were
 * matched against an OSV export.
 */
export interface DependencySummary {
  /**
   * True when every function's packages were matched against the `vulnerabilityDatabase`. False means that no
   * vulnerability check ran: no database was given (or the SecureServerless pack did not run).
   */
  readonly vulnerabilitiesChecked: boolean;
  /** The OSV export they were matched against. @default - none: no vulnerability check ran */
  readonly database?: string;
  /** The functions with a bill of materials (every Lambda function with a code asset). */
  readonly functions: number;
  /** Their packages, counted once per function. */
  readonly components: number;
  /** The functions without one, and why (inline code, an image, code in S3 without an asset). */
  readonly functionsWithoutSbom: number;
  /** Vulnerable packages found, one per function, package and advisory, accepted or not. */
  readonly vulnerabilities: number;
  /** How many of them decisions accept. */
  readonly acceptedVulnerabilities: number;
}

/**
 * The outcome of the compliance gate on a scope.
 */
export interface ComplianceResult {
  /** True when no finding has severity error (warnings count as errors with `warningsAsErrors`). */
  readonly success: boolean;
  /** Every unaccepted finding, one per rule and resource. */
  readonly violations: ComplianceViolation[];
  /** Every decision recorded in the scope, with its reason. */
  readonly acknowledgments: ComplianceAcknowledgment[];
  /** Counts per pack, in the order the packs ran. */
  readonly packs: PackSummary[];
  /** The functions' bills of materials and their vulnerability check. */
  readonly dependencies: DependencySummary;
}

/**
 * A finding's message: what is wrong, then how to fix it (for cdk-nag's rules, what the rule requires).
 * @internal
 */
export function messageOf(finding: Finding): string {
  const label = finding.pack === CompliancePack.SECURE_SERVERLESS ? 'Fix' : 'Required';
  return `${finding.problem}. ${label}: ${finding.fix}`;
}

/**
 * The public result, derived from the run's one list of findings and one list of decisions (with what the run
 * made of each).
 * @internal
 */
export function toResult(
  findings: readonly Finding[],
  decisions: readonly ReportDecision[],
  packs: readonly CompliancePack[],
  dependencies: DependencyCheck,
): ComplianceResult {
  return {
    success: findings.every((f) => f.severity !== Severity.ERROR),
    violations: findings.map((f) => ({
      pack: f.pack,
      ruleId: f.ruleId,
      severity: f.severity,
      constructPath: f.location.constructPath,
      message: messageOf(f),
      fix: f.fix,
      ...(f.location.logicalId ? { logicalId: f.location.logicalId } : {}),
      ...(f.location.stack ? { stackName: f.location.stack } : {}),
      ...(f.templateOnly ? { templateOnly: true } : {}),
    })),
    acknowledgments: decisions.map((d) => {
      const { unused, expired } = d;
      return {
        ruleIds: [...d.ruleIds],
        ...(d.control !== undefined ? { control: d.control } : {}),
        reason: d.reason,
        ...(d.ticket !== undefined ? { ticket: d.ticket } : {}),
        ...(d.approvedBy !== undefined ? { approvedBy: d.approvedBy } : {}),
        ...(d.expires !== undefined ? { expires: d.expires } : {}),
        origin: d.origin,
        ...(d.optOut !== undefined ? { optOut: d.optOut } : {}),
        constructPath: d.location.constructPath,
        accepted: d.accepted.length,
        ...(unused ? { unused: true } : {}),
        ...(expired ? { expired: true } : {}),
      };
    }),
    packs: packs.map((pack) => ({
      pack,
      errors: findings.filter((f) => f.pack === pack && f.severity === Severity.ERROR).length,
      warnings: findings.filter((f) => f.pack === pack && f.severity === Severity.WARNING).length,
    })),
    dependencies: {
      vulnerabilitiesChecked: dependencies.database !== undefined,
      ...(dependencies.database ? { database: dependencies.database.path } : {}),
      functions: dependencies.sboms.length,
      components: dependencies.sboms.reduce((sum, s) => sum + s.components.length, 0),
      functionsWithoutSbom: dependencies.skipped.length,
      vulnerabilities: dependencies.vulnerabilities.length,
      acceptedVulnerabilities: dependencies.vulnerabilities.filter((v) => v.accepted).length,
    },
  };
}
