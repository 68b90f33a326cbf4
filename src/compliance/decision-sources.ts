import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgedRuleId } from './acknowledged-id';
import { DECISION_METADATA, RecordedDecision } from './decisions';
import { isObject } from './rules/template-values';
import { Decision, DecisionOrigin } from './vocabulary';

/**
 * One metadata entry of a construct, as the construct tree and a cloud assembly's manifest both hold it.
 * @internal
 */
export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

/**
 * The decisions one construct's metadata records: each decision recorded with its fields (opt-outs, the
 * library's exceptions, `ComplianceDecisions`), and each other acknowledgment of a rule
 * (`Validations.of(construct).acknowledge`) as a decision of the team with its reason. The same for the
 * construct tree and for a cloud assembly.
 * @internal
 */
export function decisionsOfEntries(constructPath: string, entries: readonly MetadataEntry[]): Decision[] {
  const decisions: Decision[] = [];
  const claimed = new Set<string>();
  for (const entry of entries) {
    if (entry.type === DECISION_METADATA && isRecordedDecision(entry.data)) {
      const data = entry.data;
      const ruleIds = data.ruleIds.map(acknowledgedRuleId);
      ruleIds.forEach((id) => claimed.add(id));
      decisions.push({
        ruleIds,
        ...(data.control !== undefined ? { control: data.control } : {}),
        reason: data.reason,
        ...(data.ticket !== undefined ? { ticket: data.ticket } : {}),
        ...(data.approvedBy !== undefined ? { approvedBy: data.approvedBy } : {}),
        ...(data.expires !== undefined ? { expires: data.expires } : {}),
        origin: data.origin,
        ...(data.optOut !== undefined ? { optOut: data.optOut } : {}),
        location: { constructPath },
      });
    }
  }
  for (const entry of entries) {
    if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isObject(entry.data)) {
      continue;
    }
    for (const [key, reason] of Object.entries(entry.data)) {
      const ruleId = acknowledgedRuleId(key);
      if (!claimed.has(ruleId)) {
        claimed.add(ruleId);
        decisions.push({
          ruleIds: [ruleId],
          reason: typeof reason === 'string' ? reason : '',
          origin: DecisionOrigin.TEAM,
          location: { constructPath },
        });
      }
    }
  }
  return decisions;
}

/**
 * Every decision that applies inside `scope`: those recorded on `scope`, everything under it and its ancestors.
 * @internal
 */
export function decisionsInTree(scope: IConstruct): Decision[] {
  const constructs = [...ancestors(scope), ...scope.node.findAll()];
  return constructs.flatMap((c) =>
    c.node.metadata.length === 0 ? [] : decisionsOfEntries(c.node.path, c.node.metadata),
  );
}

/**
 * The decisions of a resource's `Metadata.cdk_nag.rules_to_suppress` (cdk-nag's format in templates that were
 * not synthesized here), recorded at the resource; malformed entries are ignored.
 * @internal
 */
export function decisionsInResourceMetadata(constructPath: string, metadata: unknown): Decision[] {
  const entries = isObject(metadata) && isObject(metadata.cdk_nag) ? metadata.cdk_nag.rules_to_suppress : undefined;
  if (!Array.isArray(entries)) {
    return [];
  }
  return entries
    .filter(
      (e): e is { id: string; reason: string; appliesTo?: unknown } =>
        isObject(e) && typeof e.id === 'string' && typeof e.reason === 'string',
    )
    .map((e) => ({
      ruleIds: [acknowledgedRuleId(e.id)],
      reason: e.reason,
      origin: DecisionOrigin.TEAM,
      // cdk-nag v2 reads a suppression without `appliesTo` as covering every finding of the rule.
      appliesTo: Array.isArray(e.appliesTo) ? e.appliesTo.filter(isPattern) : [{ regex: '/.*/' }],
      location: { constructPath },
    }));
}

function ancestors(scope: IConstruct): IConstruct[] {
  const result: IConstruct[] = [];
  for (let current = scope.node.scope; current; current = current.node.scope) {
    result.unshift(current);
  }
  return result;
}

function isRecordedDecision(data: unknown): data is RecordedDecision {
  return (
    isObject(data) &&
    Array.isArray(data.ruleIds) &&
    data.ruleIds.every((id) => typeof id === 'string') &&
    typeof data.reason === 'string' &&
    Object.values(DecisionOrigin).includes(data.origin as DecisionOrigin)
  );
}

function isPattern(value: unknown): value is string | { regex: string } {
  return typeof value === 'string' || (isObject(value) && typeof value.regex === 'string');
}
