import { CfnResource } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  IApplyRule,
  NagMessageLevel,
  NagPack,
  NagRuleCompliance,
  NagPackProps,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AcknowledgmentUse, isAcknowledgedAt } from './acknowledgments';
import { SecureServerlessChecks } from './secure-serverless-checks';

/**
 * The cdk-nag rule packs the compliance gate can run.
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
   * RULES.md). The gate also runs these rules on the synthesized templates.
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

type PackClass = new (scope?: IConstruct, props?: NagPackProps) => NagPack;

const CLASSES: Record<CompliancePack, PackClass> = {
  [CompliancePack.AWS_SOLUTIONS]: AwsSolutionsChecks,
  [CompliancePack.HIPAA_SECURITY]: HIPAASecurityChecks,
  [CompliancePack.NIST_800_53_R5]: NIST80053R5Checks,
  [CompliancePack.PCI_DSS_321]: PCIDSS321Checks,
  [CompliancePack.SERVERLESS]: ServerlessChecks,
  [CompliancePack.SECURE_SERVERLESS]: SecureServerlessChecks,
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
 * Creates the cdk-nag pack for `pack`; `onRule` hears once of each rule the pack applies to a resource it
 * concerns.
 * @internal
 */
export function createNagPack(
  pack: CompliancePack,
  verbose: boolean,
  onRule?: (rule: AppliedRule) => void,
  use?: AcknowledgmentUse,
): NagPack {
  const instance = new CLASSES[pack](undefined, { verbose });
  // Acknowledgments in every id form aws-cdk-lib honours, so that the gate's verdict and CDK's agree.
  (instance as unknown as { isAcknowledged(node: IConstruct, ruleId: string): boolean }).isAcknowledged = (
    node,
    ruleId,
  ) => isAcknowledgedAt(node, ruleId, (path, id) => use?.record(path, id));
  if (onRule || use) {
    // `applyRule` is the protected hook every rule goes through; wrap it on this instance (a subclass per pack
    // would do the same, for six classes).
    const hook = instance as unknown as { applyRule(params: IApplyRule): void };
    const applyRule = hook.applyRule.bind(instance);
    const recorded = new Set<string>();
    // One wrapper per rule function (cdk-nag's rules are module-level functions, applied to every resource),
    // so that each application costs a map lookup, not an allocation.
    const wrappers = new Map<IApplyRule['rule'], { readonly id: string; readonly wrapper: IApplyRule['rule'] }>();
    hook.applyRule = (params) => {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      const id = `${instance.readPackName}-${suffix}`;
      if (recorded.has(id) && !use) {
        applyRule(params); // already heard of, and nobody asks where rules apply: no wrapper
        return;
      }
      const rule = params.rule;
      let wrapper = wrappers.get(rule)?.id === id ? wrappers.get(rule)!.wrapper : undefined;
      if (!wrapper) {
        const heard = (node: CfnResource) => {
          use?.applied(node.node.path, id);
          if (!recorded.has(id)) {
            recorded.add(id);
            onRule?.({ id, info: params.info, explanation: params.explanation, level: params.level });
          }
        };
        wrapper = (node) => {
          try {
            const result = rule(node);
            if (result !== NagRuleCompliance.NOT_APPLICABLE) {
              heard(node);
            }
            return result;
          } catch (error) {
            heard(node); // cdk-nag reports a rule that throws as a finding
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
  }
  return instance;
}
