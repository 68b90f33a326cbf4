import { CompliancePack } from './packs';
import { Severity } from './vocabulary';

/**
 * One unacknowledged finding: a rule that one resource breaks.
 */
export interface ComplianceViolation {
  /** The pack that reported it. */
  readonly pack: CompliancePack;
  /** The rule id, with the finding in brackets for granular rules, for example `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleId: string;
  /** Error or warning, after `warningsAsErrors` is applied. */
  readonly severity: Severity;
  /**
   * The construct path of the resource, for example `MyStack/Orders/Table/Resource`; for a template-only finding
   * on a resource no construct records, `<stack>/<logical id>`.
   */
  readonly constructPath: string;
  /** What is wrong. */
  readonly message: string;
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
   * True when only the template stage found it: the synthesized template breaks a rule that the construct tree
   * did not show (for example a resource written into the template outside the L1 classes).
   *
   * @default false
   */
  readonly templateOnly?: boolean;
}

/**
 * An acknowledged rule: a decision recorded on a construct, with its reason, that a rule does not apply there.
 * Covers the construct and everything under it.
 */
export interface ComplianceAcknowledgment {
  /** The acknowledged rule id. */
  readonly ruleId: string;
  /** Why. Opt-outs start with `Opt-out (<prop>):`. */
  readonly reason: string;
  /** The construct the acknowledgment was recorded on. */
  readonly constructPath: string;
  /**
   * True when the acknowledgment matched no finding of the packs that ran: a typo, a base id that covers no
   * granular finding (`AwsSolutions-IAM5` does not cover `AwsSolutions-IAM5[Resource::*]`), or a control that
   * passes now. Reported as a warning; `failOnUnusedAcknowledgments` makes it an error.
   *
   * @default false
   */
  readonly unused?: boolean;
}

/**
 * Per-pack counts of unacknowledged findings.
 */
export interface PackSummary {
  /** The pack. */
  readonly pack: CompliancePack;
  /** Unacknowledged findings of severity error. */
  readonly errors: number;
  /** Unacknowledged findings of severity warning. */
  readonly warnings: number;
}

/**
 * The outcome of the compliance gate on a scope.
 */
export interface ComplianceResult {
  /** True when no finding has severity error (warnings count as errors with `warningsAsErrors`). */
  readonly success: boolean;
  /** Every unacknowledged finding, one per rule and resource. */
  readonly violations: ComplianceViolation[];
  /** Every acknowledgment recorded in the scope, with its reason. */
  readonly acknowledgments: ComplianceAcknowledgment[];
  /** Counts per pack, in the order the packs ran. */
  readonly packs: PackSummary[];
}
