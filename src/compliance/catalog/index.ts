/**
 * The rule catalog: every rule the gate knows, cdk-nag's and ours, grouped into controls.
 *
 * A control is one thing to check, named after cdk-nag's rule function (for example `LambdaInsideVPC`): the
 * packs that check the same thing share the function, so `HIPAA.Security-LambdaInsideVPC`,
 * `NIST.800.53.R5-LambdaInsideVPC` and `PCI.DSS.321-LambdaInsideVPC` are one control, and our own
 * `SecureServerless-LambdaInsideVpc` joins it through its rule's `control`. Acknowledging a control means
 * acknowledging every rule id of it.
 */
import { NAG_REQUIREMENTS } from './nag-requirements';
import { NAG_RULES, NagRuleData } from './nag-rules.generated';
import { ALL_RULES, PACK_NAME, RuleDefinition } from '../rules';

/**
 * One rule of a cdk-nag pack, with what its control requires.
 * @internal
 */
export interface NagRule {
  /** The id the pack reports, for example `AwsSolutions-L1`. */
  readonly id: string;
  /** The control: cdk-nag's rule function name, for example `LambdaLatestVersion`. */
  readonly control: string;
  /** The pack, for example `AwsSolutions`. */
  readonly pack: string;
  /** cdk-nag's text for a finding (failure wording). */
  readonly info: string;
  /** What the control requires, as one sentence (requirement wording). */
  readonly requirement: string;
}

const NAG_RULE_BY_ID: ReadonlyMap<string, NagRuleData> = new Map(NAG_RULES.map((rule) => [rule.id, rule]));
const REQUIREMENT_BY_CONTROL: ReadonlyMap<string, string> = new Map(Object.entries(NAG_REQUIREMENTS));
const OWN_RULE_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(
  ALL_RULES.map((rule) => [`${PACK_NAME}-${rule.name}`, rule]),
);

/** Every rule id of each control: the packs' rules in pack order, then ours. */
const RULES_BY_CONTROL: ReadonlyMap<string, readonly string[]> = (() => {
  const byControl = new Map<string, string[]>();
  for (const rule of NAG_RULES) {
    byControl.set(rule.control, [...(byControl.get(rule.control) ?? []), rule.id]);
  }
  for (const [id, rule] of OWN_RULE_BY_ID) {
    if (rule.control !== undefined) {
      byControl.set(rule.control, [...(byControl.get(rule.control) ?? []), id]);
    }
  }
  return byControl;
})();

/**
 * Every control of cdk-nag's packs that the gate runs, sorted.
 * @internal
 */
export const CONTROLS: readonly string[] = [...new Set(NAG_RULES.map((rule) => rule.control))].sort();

/** The rule id without a granular finding's `[finding]` suffix. */
function withoutFinding(ruleId: string): string {
  const bracket = ruleId.indexOf('[');
  return bracket < 0 ? ruleId : ruleId.slice(0, bracket);
}

/**
 * The cdk-nag rule a reported id belongs to, with its control and requirement. A `[finding]` suffix is ignored.
 * @returns `undefined` for this library's own `SecureServerless-*` rules and for ids no pack reports
 * @internal
 */
export function nagRuleOf(ruleId: string): NagRule | undefined {
  const rule = NAG_RULE_BY_ID.get(withoutFinding(ruleId));
  if (rule === undefined) {
    return undefined;
  }
  const { id, control, pack, info } = rule;
  return { id, control, pack, info, requirement: REQUIREMENT_BY_CONTROL.get(control)! };
}

/**
 * The control a rule id belongs to: cdk-nag's rule function name for a pack's rule, the control our rule is
 * equivalent to for a `SecureServerless-*` rule. A `[finding]` suffix is ignored.
 * @returns `undefined` for unknown ids and for our rules that no cdk-nag rule matches
 * @internal
 */
export function controlOf(ruleId: string): string | undefined {
  const id = withoutFinding(ruleId);
  return NAG_RULE_BY_ID.get(id)?.control ?? OWN_RULE_BY_ID.get(id)?.control;
}

/**
 * Every rule id of a control: the rules of all five cdk-nag packs that check it, then this library's
 * equivalent rules.
 * @returns an empty list for an unknown control
 * @internal
 */
export function rulesOfControl(control: string): readonly string[] {
  return RULES_BY_CONTROL.get(control) ?? [];
}

/**
 * What a rule requires, as one sentence: its control's requirement for a cdk-nag rule, its title for one of
 * ours. A `[finding]` suffix is ignored.
 * @returns `undefined` for unknown ids
 * @internal
 */
export function requirementOf(ruleId: string): string | undefined {
  const id = withoutFinding(ruleId);
  const nag = NAG_RULE_BY_ID.get(id);
  return nag !== undefined ? REQUIREMENT_BY_CONTROL.get(nag.control) : OWN_RULE_BY_ID.get(id)?.title;
}
