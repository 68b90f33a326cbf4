import { CfnResource, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { guardRuleName, isGuardRule } from './rules-file';
import { decisionsOfEntries } from '../compliance/decision-sources';
import { ALL_RULES } from '../compliance/rules';
import { PACK_NAME } from '../compliance/rules/rule';

/** The resource metadata key of cfn-guard's suppressions (`Metadata.guard.SuppressedRules`). */
export const GUARD_METADATA = 'guard';

/** Guard rule name of each rule with a Guard twin, by its `SecureServerless-<name>` id. */
const TWIN_NAMES = new Map(
  ALL_RULES.filter((rule) => isGuardRule(rule.guard)).map((rule) => [`${PACK_NAME}-${rule.name}`, guardRuleName(rule)]),
);

/**
 * Writes the decisions that accept SecureServerless findings into the template, as the
 * `Metadata.guard.SuppressedRules` of each resource they cover (cfn-guard's convention), so that the rules' Guard
 * twins accept at deploy time, in a Guard hook's stack input, what the gate accepted at synth time. The gate
 * adds it to the stage it is applied to.
 *
 * A decision covers its construct and everything under it, as in the gate. Guard decides per resource, so a
 * decision on one granular finding (`SecureServerless-IamWildcardResource[logs:CreateLogDelivery]`) suppresses the
 * rule's twin on the resources it covers. A decision past its `expires` date (as of `today`, `YYYY-MM-DD`) is not
 * written: the gate fails on it, and so does Guard.
 * @internal
 */
export class GuardSuppressions implements IAspect {
  private readonly byConstruct = new Map<IConstruct, readonly string[]>();

  constructor(private readonly today: string) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) {
      return;
    }
    const names = new Set(node.node.scopes.flatMap((scope) => this.suppressedAt(scope)));
    if (names.size === 0) {
      return;
    }
    const existing = node.getMetadata(GUARD_METADATA);
    const own: unknown[] = Array.isArray(existing?.SuppressedRules) ? existing.SuppressedRules : [];
    node.addMetadata(GUARD_METADATA, {
      ...existing,
      SuppressedRules: [...new Set([...own, ...names])].sort(),
    });
  }

  /** The Guard rule names the decisions recorded on `scope` itself suppress. */
  private suppressedAt(scope: IConstruct): readonly string[] {
    let names = this.byConstruct.get(scope);
    if (names === undefined) {
      names =
        scope.node.metadata.length === 0
          ? []
          : decisionsOfEntries(scope.node.path, scope.node.metadata)
              .filter((decision) => decision.expires === undefined || decision.expires >= this.today)
              .flatMap((decision) => decision.ruleIds)
              .map((id) => TWIN_NAMES.get(id.replace(/\[.*\]$/, '')))
              .filter((name): name is string => name !== undefined);
      this.byConstruct.set(scope, names);
    }
    return names;
  }
}
