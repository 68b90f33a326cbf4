import type { AuditTarget } from './cloud-assembly';
import { DecisionMatcher } from './decision-matcher';
import { decisionsInResourceMetadata } from './decision-sources';
import { PACK_NAME, RuleDefinition, TemplateContext, TemplateResource } from './rules/rule';
import { ParsedResource, parseTemplate, runRule } from './template-engine';
import { relativePath } from './template-files';
import { CompliancePack, Decision, Finding, Location, Severity } from './vocabulary';

/**
 * How {@link templateFindings} runs.
 * @internal
 */
export interface TemplateStageOptions {
  /** Our rules to run. */
  readonly rules: readonly RuleDefinition[];
  /** Decides which findings are accepted, and hears where each rule applied. */
  readonly matcher: DecisionMatcher;
  /** The directory template paths are relative to. */
  readonly cwd: string;
  /** Whether a resource at this construct path is checked (`undefined`: no construct records it). @default - all */
  readonly inScope?: (constructPath: string | undefined) => boolean;
  /** Report warnings as errors. @default false */
  readonly warningsAsErrors?: boolean;
}

/**
 * Runs our rules once over every resource of `targets`' templates, as CloudFormation will receive them
 * (escape hatches and resources written outside the L1 classes included), and returns the findings no decision
 * accepts.
 *
 * @throws InvalidTemplateError when a target is not a template
 * @internal
 */
export function templateFindings(targets: readonly AuditTarget[], options: TemplateStageOptions): Finding[] {
  const findings: Finding[] = [];
  for (const target of targets) {
    const templatePath = relativePath(options.cwd, target.file);
    const parsed = resourcesOf(target);
    const context: TemplateContext = { resources: new Map(parsed.map((r) => [r.resource.logicalId, r.resource])) };
    for (const { resource, metadata } of parsed) {
      const recorded = target.constructPaths.get(resource.logicalId) ?? cdkPathOf(metadata);
      if (options.inScope && !options.inScope(recorded)) {
        continue;
      }
      const constructPath = recorded ?? `${target.stack}/${resource.logicalId}`;
      // Made only for a resource with findings: the line scan of the template is not free.
      let location: Location | undefined;
      const locate = (): Location => {
        const line = target.lineOf(resource.logicalId);
        return (location ??= {
          constructPath,
          logicalId: resource.logicalId,
          resourceType: resource.type,
          stack: target.stack,
          templatePath,
          ...(line ? { templateLine: line } : {}),
        });
      };
      for (const rule of options.rules) {
        const hits = runRuleOn(rule, resource, context, constructPath, locate, options.matcher);
        for (const hit of hits) {
          findings.push({
            ruleId: hit.ruleId,
            pack: CompliancePack.SECURE_SERVERLESS,
            severity: options.warningsAsErrors ? Severity.ERROR : rule.severity,
            problem: hit.problem,
            fix: rule.fix,
            location: locate(),
            ...(recorded === undefined ? { templateOnly: true } : {}),
          });
        }
      }
    }
  }
  return findings;
}

/**
 * The decisions the templates' own resource metadata records (`Metadata.cdk_nag.rules_to_suppress`), at each
 * resource.
 *
 * @throws InvalidTemplateError when a target is not a template
 * @internal
 */
export function decisionsInTemplates(targets: readonly AuditTarget[]): Decision[] {
  return targets.flatMap((target) =>
    resourcesOf(target).flatMap(({ resource, metadata }) =>
      metadata?.cdk_nag === undefined
        ? []
        : decisionsInResourceMetadata(
            target.constructPaths.get(resource.logicalId) ??
              cdkPathOf(metadata) ??
              `${target.stack}/${resource.logicalId}`,
            metadata,
          ),
    ),
  );
}

function runRuleOn(
  rule: RuleDefinition,
  resource: TemplateResource,
  context: TemplateContext,
  constructPath: string,
  locate: () => Location,
  matcher: DecisionMatcher,
): Array<{ ruleId: string; problem: string }> {
  const hits = runRule(rule, resource, context);
  if (hits === undefined) {
    return [];
  }
  matcher.applied(constructPath, `${PACK_NAME}-${rule.name}`);
  return hits
    .filter((hit) => !matcher.match(constructPath, hit.ruleId, locate()))
    .map((hit) => ({
      ruleId: hit.ruleId,
      problem: hit.crashed
        ? `${rule.problem} (the rule failed to run: ${hit.crashed})`
        : hit.finding !== undefined
          ? `${rule.problem}: ${hit.finding}`
          : rule.problem,
    }));
}

/** Each target's resources, parsed once for the decisions and the rules. */
const PARSED = new WeakMap<AuditTarget, ParsedResource[]>();

function resourcesOf(target: AuditTarget): ParsedResource[] {
  let parsed = PARSED.get(target);
  if (!parsed) {
    parsed = parseTemplate(target.template, target.stack);
    PARSED.set(target, parsed);
  }
  return parsed;
}

function cdkPathOf(metadata: { readonly [key: string]: any } | undefined): string | undefined {
  return typeof metadata?.['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined;
}
