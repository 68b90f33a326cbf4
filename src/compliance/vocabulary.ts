/**
 * The gate's vocabulary: how serious a finding is and who made a decision. Imports nothing, so that rules,
 * packs, the gate, the reports and the CLI can all use it without depending on each other.
 */

/**
 * How serious a finding is.
 */
export enum Severity {
  /** Fails synth. */
  ERROR = 'error',
  /** Reported; fails synth only with `warningsAsErrors`. */
  WARNING = 'warning',
}

/**
 * How serious a known vulnerability is, as its advisory rates it (CVSS v3 base score, or the advisory's own
 * rating). The gate fails synth on vulnerabilities at or above `vulnerabilityThreshold`.
 */
export enum VulnerabilitySeverity {
  /** CVSS 9.0 to 10.0. */
  CRITICAL = 'critical',
  /** CVSS 7.0 to 8.9. */
  HIGH = 'high',
  /** CVSS 4.0 to 6.9 (GitHub's "moderate"). */
  MEDIUM = 'medium',
  /** CVSS 0.1 to 3.9. */
  LOW = 'low',
}

/**
 * The rule packs the compliance gate can run.
 */
export enum CompliancePack {
  /** AWS Solutions best practices (`AwsSolutions-*`). */
  AWS_SOLUTIONS = 'AwsSolutions',
  /** HIPAA Security rule (`HIPAA.Security-*`). */
  HIPAA_SECURITY = 'HIPAA.Security',
  /** NIST 800-53 revision 5 (`NIST.800.53.R5-*`). */
  NIST_800_53_R5 = 'NIST.800.53.R5',
  /** PCI DSS 3.2.1 (`PCI.DSS.321-*`). */
  PCI_DSS_321 = 'PCI.DSS.321',
  /** Serverless best practices (`Serverless-*`). */
  SERVERLESS = 'Serverless',
  /**
   * This library's own rules: OWASP Serverless Top 10 and controls cdk-nag lacks (`SecureServerless-*`, see
   * RULES.md). The gate runs them on the synthesized templates, so that escape hatches are seen too.
   */
  SECURE_SERVERLESS = 'SecureServerless',
}

/** Every pack, in the order reports list them. */
export const ALL_PACKS: readonly CompliancePack[] = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.PCI_DSS_321,
  CompliancePack.SERVERLESS,
  CompliancePack.SECURE_SERVERLESS,
];

/**
 * Who made a decision to accept findings.
 */
export enum DecisionOrigin {
  /** The team, through an opt-out prop of one of this library's constructs (`optOuts.vpc`, ...). */
  OPT_OUT = 'opt-out',
  /** The team, through `ComplianceDecisions.of(construct).acknowledge` or `Validations.of(construct).acknowledge`. */
  TEAM = 'team',
  /**
   * This library, inside its own constructs: an exception no sound configuration avoids (for example a rule that
   * wants a customer-managed key on a resource whose service only supports AWS-owned keys), with the reason.
   */
  LIBRARY = 'library',
}

/**
 * Where in the app a finding or a decision is, as far as it is known.
 * @internal
 */
export interface Location {
  /**
   * The construct path: of the resource (`Service/Orders/Table/Resource`), of the construct a decision is recorded
   * on, `<stack>/<logical id>` for a resource no construct records, or `''` for the app.
   */
  readonly constructPath: string;
  /** The resource's logical id in its stack's template. @default - unknown */
  readonly logicalId?: string;
  /** The CloudFormation resource type. @default - unknown */
  readonly resourceType?: string;
  /** The stack (its display name: the stack's construct path). @default - unknown */
  readonly stack?: string;
  /** The template file, relative to the working directory, with `/` separators. @default - unknown */
  readonly templatePath?: string;
  /** The 1-based line of the resource in the template file. @default - unknown */
  readonly templateLine?: number;
  /** The source file where the construct (or its nearest recorded ancestor) was created. @default - unknown */
  readonly sourceFile?: string;
  /** The 1-based line in `sourceFile`. @default - unknown */
  readonly sourceLine?: number;
}

/**
 * One unaccepted finding: a rule that one resource breaks (or a check of the gate's own, such as a decision
 * without a reason). The one representation the gate keeps; the public result and the reports are derived.
 * @internal
 */
export interface Finding {
  /** The rule id, with the finding in brackets for granular rules, for example `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleId: string;
  /** The pack that reported it. */
  readonly pack: CompliancePack;
  /** After `warningsAsErrors`. */
  readonly severity: Severity;
  /** What is wrong in this resource. */
  readonly problem: string;
  /** How to fix it (for cdk-nag's rules: what the rule requires). */
  readonly fix: string;
  /** Where. */
  readonly location: Location;
  /** True when the resource is in the template but no construct of the tree renders it. @default false */
  readonly templateOnly?: boolean;
}

/**
 * One finding a decision accepted.
 * @internal
 */
export interface AcceptedFinding {
  /** The rule id of the finding, with its `[finding]` suffix for granular rules. */
  readonly ruleId: string;
  /** The resource. */
  readonly location: Location;
}

/**
 * One decision to accept findings: an opt-out, an acknowledgment of the team's, or an exception of the library.
 * @internal
 */
export interface Decision {
  /** The rule ids it accepts (for a control, every pack's rule of the control). */
  readonly ruleIds: readonly string[];
  /** The control it was made for, when it was made for a control. @default - one rule */
  readonly control?: string;
  /** Why. */
  readonly reason: string;
  /** The ticket, risk-register entry or pull request that records it. @default - none */
  readonly ticket?: string;
  /** Who approved it. @default - none */
  readonly approvedBy?: string;
  /** The last day (`YYYY-MM-DD`) it holds; the gate fails after it. @default - no expiry */
  readonly expires?: string;
  /** Who made it. */
  readonly origin: DecisionOrigin;
  /** The opt-out prop, for opt-outs (`optOuts.vpc`). @default - not an opt-out */
  readonly optOut?: string;
  /**
   * For a rule id without a `[finding]` suffix: the granular findings it covers (cdk-nag v2's `appliesTo`, strings
   * or `{ regex: '/.../' }`; the regex `.*` for all, as cdk-nag v2 reads a suppression without `appliesTo`).
   * @default - none: only the exact ids, as aws-cdk-lib and cdk-nag v3 match
   */
  readonly appliesTo?: ReadonlyArray<string | { readonly regex: string }>;
  /** Where it was recorded: it covers that construct and everything under it. */
  readonly location: Location;
}
