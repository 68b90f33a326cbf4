import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ALL_RULES } from './rules';
import { PACK_NAME, RuleDefinition, RuleOutcome, TemplateContext, TemplateResource } from './rules/rule';
import { Severity } from './vocabulary';

/**
 * This library's own rule pack, for the OWASP Serverless Top 10 risks and controls cdk-nag lacks, as a
 * cdk-nag v3 `NagPack`. Each rule is written once (see RULES.md) and reads the resource as it will be in the
 * template, escape hatches (`addPropertyOverride`) included, so it also sees resources that cdk-nag's rules
 * skip because they are not typed L1 classes (custom-resource providers' functions, for example).
 *
 * On by default in `ComplianceGate`; usable on its own:
 * `Validations.of(app).addPlugins(new SecureServerlessChecks())`.
 */
export class SecureServerlessChecks extends NagPack {
  public readonly name = PACK_NAME;
  private readonly contexts = new Map<Stack, TemplateContext>();
  private readonly nagRules = new Map<RuleDefinition, (node: CfnResource) => NagRuleResult>();
  private readonly rendered = new Map<CfnResource, { resource?: TemplateResource; template: TemplateContext }>();

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PACK_NAME;
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of ALL_RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.name,
        info: rule.title,
        explanation: rule.explanation,
        level: rule.severity === Severity.ERROR ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
        node,
        rule: this.nagRuleOf(rule),
      });
    }
  }

  /** `rule` as a cdk-nag rule function: one per rule, applied to each resource as the template will hold it. */
  private nagRuleOf(rule: RuleDefinition): (node: CfnResource) => NagRuleResult {
    let nagRule = this.nagRules.get(rule);
    if (!nagRule) {
      nagRule = (node: CfnResource) => {
        const { resource, template } = this.renderedOf(node);
        return resource ? toNagResult(rule.check(resource, template)) : NagRuleCompliance.NOT_APPLICABLE;
      };
      this.nagRules.set(rule, nagRule);
    }
    return nagRule;
  }

  /** `node` as the template will hold it, and its template; looked up once per resource. */
  private renderedOf(node: CfnResource): { resource?: TemplateResource; template: TemplateContext } {
    let rendered = this.rendered.get(node);
    if (!rendered) {
      const stack = Stack.of(node);
      const template = this.contextOf(stack);
      rendered = { resource: template.resources.get(stack.resolve(node.logicalId)), template };
      this.rendered.set(node, rendered);
    }
    return rendered;
  }

  /** The resolved resources of `stack`, rendered once per validation. */
  private contextOf(stack: Stack): TemplateContext {
    let context = this.contexts.get(stack);
    if (!context) {
      const resources = new Map<string, TemplateResource>();
      for (const child of stack.node.findAll()) {
        if (CfnResource.isCfnResource(child) && Stack.of(child) === stack) {
          const rendered = renderResource(child);
          if (rendered) {
            resources.set(rendered.logicalId, rendered);
          }
        }
      }
      context = { resources };
      this.contexts.set(stack, context);
    }
    return context;
  }
}

/** The resource as the template will hold it: properties resolved, overrides applied. */
function renderResource(node: CfnResource): TemplateResource | undefined {
  const stack = Stack.of(node);
  const rendered = stack.resolve((node as unknown as { _toCloudFormation(): object })._toCloudFormation()) as {
    Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const [logicalId, body] = Object.entries(rendered.Resources ?? {})[0] ?? [];
  if (!logicalId || !body) {
    return undefined;
  }
  return { logicalId, type: body.Type, properties: body.Properties ?? {} };
}

function toNagResult(outcome: RuleOutcome): NagRuleResult {
  switch (outcome) {
    case 'not-applicable':
      return NagRuleCompliance.NOT_APPLICABLE;
    case 'compliant':
      return NagRuleCompliance.COMPLIANT;
    case 'non-compliant':
      return NagRuleCompliance.NON_COMPLIANT;
    default:
      return outcome.length === 0 ? NagRuleCompliance.COMPLIANT : outcome;
  }
}
