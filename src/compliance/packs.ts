import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  IApplyRule,
  NagMessageLevel,
  NagPack,
  NagRuleCompliance,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DecisionMatcher } from './decision-matcher';
import { CompliancePack } from './vocabulary';

type PackClass = new () => NagPack;

/** cdk-nag's packs; ours runs on the synthesized templates instead (see template-stage.ts). */
const CLASSES: Record<Exclude<CompliancePack, CompliancePack.SECURE_SERVERLESS>, PackClass> = {
  [CompliancePack.AWS_SOLUTIONS]: AwsSolutionsChecks,
  [CompliancePack.HIPAA_SECURITY]: HIPAASecurityChecks,
  [CompliancePack.NIST_800_53_R5]: NIST80053R5Checks,
  [CompliancePack.PCI_DSS_321]: PCIDSS321Checks,
  [CompliancePack.SERVERLESS]: ServerlessChecks,
};

/**
 * A rule a pack applied, with the text the pack gives it: the reports list every rule that ran, passed ones and
 * acknowledged ones included, which cdk-nag does not report.
 * @internal
 */
export interface AppliedRule {
  /** The rule id without a finding suffix, for example `HIPAA.Security-LambdaConcurrency`. */
  readonly id: string;
  /** The pack's one-line text, with `(Control IDs: ...)` for the HIPAA, NIST and PCI packs. */
  readonly info: string;
  /** Why it matters. */
  readonly explanation: string;
  /** The pack's level for it. */
  readonly level: NagMessageLevel;
}

/**
 * Creates the cdk-nag pack for `pack`: `matcher` decides which findings are accepted (in every id form
 * aws-cdk-lib honours, so that the gate's verdict and CDK's agree) and hears where each rule applied; `onRule`
 * hears once of each rule the pack offers, whether it applies to anything or not.
 * @internal
 */
export function createNagPack(
  pack: Exclude<CompliancePack, CompliancePack.SECURE_SERVERLESS>,
  matcher: DecisionMatcher,
  onRule: (rule: AppliedRule) => void,
): NagPack {
  const instance = new CLASSES[pack]();
  // cdk-nag's own check strips only `annotation::`: an acknowledgment written the way aws-cdk-lib's report
  // suggests (`cdk-secure-serverless::<rule>`) would pass CDK's verdict and fail the gate's.
  (instance as unknown as { isAcknowledged(node: IConstruct, ruleId: string): boolean }).isAcknowledged = (
    node,
    ruleId,
  ) => matcher.match(node.node.path, ruleId) !== undefined;
  // `applyRule` is the protected hook every rule goes through; wrap it on this instance (a subclass per pack
  // would do the same, for five classes).
  const hook = instance as unknown as { applyRule(params: IApplyRule): void };
  const applyRule = hook.applyRule.bind(instance);
  // One wrapper per rule function (cdk-nag's rules are module-level functions, applied to every resource), so
  // that each application costs a map lookup, not an allocation.
  const wrappers = new Map<IApplyRule['rule'], { readonly id: string; readonly wrapper: IApplyRule['rule'] }>();
  hook.applyRule = (params) => {
    const suffix = params.ruleSuffixOverride ?? params.rule.name;
    const id = `${instance.readPackName}-${suffix}`;
    const rule = params.rule;
    let wrapper = wrappers.get(rule)?.id === id ? wrappers.get(rule)!.wrapper : undefined;
    if (!wrapper) {
      onRule({ id, info: params.info, explanation: params.explanation, level: params.level });
      wrapper = (node) => {
        try {
          const result = rule(node);
          if (result !== NagRuleCompliance.NOT_APPLICABLE) {
            matcher.applied(node.node.path, id);
          }
          return result;
        } catch (error) {
          matcher.applied(node.node.path, id); // cdk-nag reports a rule that throws as a finding
          throw error;
        }
      };
      wrappers.set(rule, { id, wrapper });
    }
    // The packs pass a fresh object per call: point it at the wrapper, keeping the rule's id.
    params.ruleSuffixOverride = suffix;
    params.rule = wrapper;
    applyRule(params);
  };
  return instance;
}
