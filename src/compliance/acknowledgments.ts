import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ComplianceAcknowledgment } from './result';

/** aws-cdk-lib qualifies ids without a prefix as `annotation::<id>` (older versions wrote `annotation::`). */
const ANNOTATION_PREFIX = /^annotation::/i;

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
        found.push({ ruleId: id.replace(ANNOTATION_PREFIX, ''), reason, constructPath: construct.node.path });
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
