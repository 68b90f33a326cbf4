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
 * `acknowledgedRuleId`). cdk-nag's own check strips only `annotation::`, so an acknowledgment written the way
 * aws-cdk-lib's report suggests (`cdk-secure-serverless::<rule>`) would pass CDK's verdict and fail the gate's.
 * @internal
 */
export function isAcknowledgedAt(node: IConstruct, ruleId: string): boolean {
  for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) {
        continue;
      }
      if (Object.keys(entry.data).some((key) => acknowledgedRuleId(key) === ruleId)) {
        return true;
      }
    }
  }
  return false;
}
