import { PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AcknowledgmentUse, collectAcknowledgments } from './acknowledgments';
import { ALL_PACKS, AppliedRule, CompliancePack, createNagPack } from './packs';
import { ComplianceAcknowledgment, ComplianceResult, ComplianceViolation } from './result';
import { Severity } from './vocabulary';
import { PACK_NAME } from './rules/rule';

/** The id, after the pack name, of the gate's check that every acknowledgment has a reason. */
const ACKNOWLEDGMENT_REASON_RULE = 'AcknowledgmentReason';

/**
 * Options shared by `ComplianceGate.apply` and `ComplianceGate.check`.
 */
export interface ComplianceCheckOptions {
  /**
   * The packs to run.
   *
   * @default - all: AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1, Serverless and SecureServerless
   */
  readonly packs?: CompliancePack[];

  /**
   * Treat warnings as errors, so that an unacknowledged warning fails synth too.
   *
   * @default false
   */
  readonly warningsAsErrors?: boolean;

  /**
   * Add each rule's explanation to its message.
   *
   * @default false
   */
  readonly verbose?: boolean;

  /**
   * Fail on acknowledgments that match no finding of the packs that run (`SecureServerless-UnusedAcknowledgment`),
   * instead of listing them as warnings.
   *
   * @default false
   */
  readonly failOnUnusedAcknowledgments?: boolean;
}

/**
 * Runs the chosen packs over every resource under `scope` and collects the result; `onRule` hears of every
 * rule a pack applies.
 * @internal
 */
export function evaluate(
  scope: IConstruct,
  options: ComplianceCheckOptions = {},
  onRule?: (rule: AppliedRule) => void,
  use?: AcknowledgmentUse,
): ComplianceResult {
  const packs = options.packs ?? [...ALL_PACKS];
  const warningsAsErrors = options.warningsAsErrors ?? false;
  const violations: ComplianceViolation[] = [];
  const summaries = packs.map((pack) => {
    const found = runPack(scope, pack, options.verbose ?? false, onRule, use).map((v) =>
      warningsAsErrors ? { ...v, severity: Severity.ERROR } : v,
    );
    violations.push(...found);
    return {
      pack,
      errors: found.filter((v) => v.severity === Severity.ERROR).length,
      warnings: found.filter((v) => v.severity === Severity.WARNING).length,
    };
  });
  const acknowledgments = collectAcknowledgments(scope);
  const unreasoned = acknowledgmentsWithoutReason(acknowledgments);
  violations.push(...unreasoned);
  return {
    success: violations.every((v) => v.severity !== Severity.ERROR),
    violations,
    acknowledgments,
    packs: summaries.map((s) =>
      s.pack === CompliancePack.SECURE_SERVERLESS ? { ...s, errors: s.errors + unreasoned.length } : s,
    ),
  };
}

/**
 * Every acknowledgment must say why: one without a reason (aws-cdk-lib 2.27x accepts `reason: ''`) is an error
 * at the construct it was recorded on, whichever packs run, so that no exception reaches the report unexplained.
 */
function acknowledgmentsWithoutReason(acknowledgments: readonly ComplianceAcknowledgment[]): ComplianceViolation[] {
  return acknowledgments
    .filter((a) => typeof a.reason !== 'string' || a.reason.trim() === '')
    .map((a) => ({
      pack: CompliancePack.SECURE_SERVERLESS,
      ruleId: `${PACK_NAME}-${ACKNOWLEDGMENT_REASON_RULE}[${a.ruleId}]`,
      severity: Severity.ERROR,
      constructPath: a.constructPath,
      message: `The acknowledgment of ${a.ruleId} on ${a.constructPath || 'the app'} has no reason, so the report cannot say why the finding is accepted. Fix: give the acknowledgment a reason a reviewer would accept (Validations.of(construct).acknowledge({ id, reason })), or remove it`,
    }));
}

function runPack(
  scope: IConstruct,
  pack: CompliancePack,
  verbose: boolean,
  onRule?: (rule: AppliedRule) => void,
  use?: AcknowledgmentUse,
): ComplianceViolation[] {
  let reported: PolicyViolation[];
  try {
    reported = createNagPack(pack, verbose, onRule, use).validateScope(scope).violations;
  } catch (error) {
    // A pack that crashes must not pass silently.
    return [
      {
        pack,
        ruleId: `${pack}-PackFailed`,
        severity: Severity.ERROR,
        constructPath: scope.node.path,
        message: `The ${pack} pack failed to run: ${(error as Error).message}`,
      },
    ];
  }
  return reported.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      pack,
      ruleId: violation.ruleName,
      severity: violation.severity === 'warning' ? Severity.WARNING : Severity.ERROR,
      constructPath: resource.constructPath ?? resource.resourceLogicalId ?? scope.node.path,
      message: violation.description,
    })),
  );
}
