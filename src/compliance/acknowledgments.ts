import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgedRuleId } from './acknowledged-id';
import { ComplianceAcknowledgment } from './result';

/**
 * Every acknowledgment that applies inside `scope`: those recorded on `scope`, its children and its ancestors.
 * @internal
 */
export function collectAcknowledgments(scope: IConstruct): ComplianceAcknowledgment[] {
  const constructs = [...ancestors(scope), ...scope.node.findAll()];
  const found: ComplianceAcknowledgment[] = [];
  for (const construct of constructs) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) {
        continue;
      }
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ ruleId: acknowledgedRuleId(id), reason, constructPath: construct.node.path });
      }
    }
  }
  return found;
}

function ancestors(scope: IConstruct): IConstruct[] {
  const result: IConstruct[] = [];
  for (let current = scope.node.scope; current; current = current.node.scope) {
    result.unshift(current);
  }
  return result;
}

/**
 * Whether `ruleId` is acknowledged on `node` or one of its ancestors, in any id form aws-cdk-lib honours (see
 * `acknowledgedRuleId`); `onMatch` hears which construct's acknowledgment matched. cdk-nag's own check strips
 * only `annotation::`, so an acknowledgment written the way aws-cdk-lib's report suggests
 * (`cdk-secure-serverless::<rule>`) would pass CDK's verdict and fail the gate's.
 * @internal
 */
export function isAcknowledgedAt(
  node: IConstruct,
  ruleId: string,
  onMatch?: (constructPath: string, ruleId: string) => void,
): boolean {
  for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) {
        continue;
      }
      if (Object.keys(entry.data).some((key) => acknowledgedRuleId(key) === ruleId)) {
        onMatch?.(current.node.path, ruleId);
        return true;
      }
    }
  }
  return false;
}

/**
 * Which acknowledgments matched a finding during one run of the gate, so that those matching none can be
 * reported as unused (a typo, a base id that covers no granular finding, a control that no longer fails).
 * @internal
 */
export class AcknowledgmentUse {
  private static key(constructPath: string, ruleId: string): string {
    return `${constructPath}\u0000${ruleId}`;
  }

  private readonly used = new Set<string>();
  /** Where each rule applied (returned anything but not-applicable), by rule id without a finding suffix. */
  private readonly appliedAt = new Map<string, string[]>();

  /** Records that the rule `ruleId` (without a finding suffix) applied to the resource at `constructPath`. */
  public applied(constructPath: string, ruleId: string): void {
    const paths = this.appliedAt.get(ruleId);
    if (paths) {
      paths.push(constructPath);
    } else {
      this.appliedAt.set(ruleId, [constructPath]);
    }
  }

  /**
   * Whether `acknowledgment` accepts nothing: no finding matched it, and either its rule applied to some
   * resource it covers, or its rule is not known at all (`isKnownRule` says whether a rule exists although it
   * applied nowhere: a typo is not). An acknowledgment of a known rule that applied to nothing under it cannot
   * be judged (the rule may not see the weakness, as with an imported subnet), and is not unused.
   */
  public isUnused(acknowledgment: ComplianceAcknowledgment, isKnownRule: (ruleId: string) => boolean): boolean {
    if (this.wasUsed(acknowledgment)) {
      return false;
    }
    const bracket = acknowledgment.ruleId.indexOf('[');
    const rule = bracket === -1 ? acknowledgment.ruleId : acknowledgment.ruleId.slice(0, bracket);
    const applied = this.appliedAt.get(rule);
    if (!applied) {
      return !isKnownRule(rule);
    }
    const scope = acknowledgment.constructPath;
    return applied.some((path) => scope === '' || path === scope || path.startsWith(`${scope}/`));
  }

  /** Records that the acknowledgment of `ruleId` recorded on `constructPath` matched a finding. */
  public record(constructPath: string, ruleId: string): void {
    this.used.add(AcknowledgmentUse.key(constructPath, ruleId));
  }

  /** Whether `acknowledgment` matched a finding. */
  public wasUsed(acknowledgment: ComplianceAcknowledgment): boolean {
    return this.used.has(AcknowledgmentUse.key(acknowledgment.constructPath, acknowledgment.ruleId));
  }
}
