import { join } from 'path';
import { CfnElement, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { nagRuleOf } from './catalog';
import { AuditTarget, loadStackTemplates, readTemplateFile } from './cloud-assembly';
import { creationSiteOf } from './creation-site';
import { decisionFindings, decisionStatus } from './decision-checks';
import { DecisionMatcher, isAtOrUnder, parentPath } from './decision-matcher';
import { decisionsInTree } from './decision-sources';
import { DependencyCheck, dependencyStage } from './dependency-stage';
import { nagFindings, OfferedRules } from './nag-stage';
import { ComplianceCheckOptions } from './options';
import { functionPermissions } from './permissions';
import { createReport } from './reports/build';
import { ComplianceReport, ReportDecision } from './reports/model';
import { ComplianceResult, toResult } from './result';
import { ALL_RULES } from './rules';
import { PACK_NAME } from './rules/rule';
import { relativePath } from './template-files';
import { decisionsInTemplates, templateFindings } from './template-stage';
import { ALL_PACKS, CompliancePack, Finding, Location } from './vocabulary';
import { vulnerabilityDatabase } from './vulnerability-database';

/**
 * What one run of the gate produced: the result users assert on, and the report the writers format.
 * @internal
 */
export interface GateRun {
  readonly result: ComplianceResult;
  readonly report: ComplianceReport;
  /** The functions' bills of materials and what their vulnerability check found. */
  readonly dependencies: DependencyCheck;
}

/**
 * The gate on `scope`, whose stacks were synthesized to `templateFiles`, in one pass per rule:
 * 1. the decisions recorded in the construct tree, matched to findings by one matcher;
 * 2. cdk-nag's packs over the construct tree;
 * 3. our rules over the synthesized templates (escape hatches and resources outside the L1 classes included),
 *    and every function's bill of materials, matched against the OSV export when one is given;
 * 4. the gate's checks of the decisions (reason, expiry, unused);
 * 5. every finding and decision located (construct path, template, source line), and the result and report
 *    derived from the one list of findings and the one list of decisions.
 * @internal
 */
export function runGate(
  scope: IConstruct,
  templateFiles: readonly string[],
  options: ComplianceCheckOptions,
  cwd: string = process.cwd(),
): GateRun {
  const packs = options.packs ?? [...ALL_PACKS];
  const targets = [...loadStackTemplates(templateFiles), ...nestedStackTargets(scope)];
  const decisions = [...decisionsInTree(scope), ...decisionsInTemplates(targets)];
  const matcher = new DecisionMatcher(decisions);
  const offered: OfferedRules = new Map();

  const findings: Finding[] = [];
  for (const pack of packs) {
    if (pack !== CompliancePack.SECURE_SERVERLESS) {
      findings.push(...nagFindings(scope, pack, matcher, offered, options));
    }
  }
  if (packs.includes(CompliancePack.SECURE_SERVERLESS)) {
    findings.push(
      ...templateFindings(targets, {
        rules: ALL_RULES,
        matcher,
        cwd,
        inScope: scopeFilter(scope),
        warningsAsErrors: options.warningsAsErrors,
      }),
    );
  }
  const dependencies = dependencyStage(targets, {
    database: packs.includes(CompliancePack.SECURE_SERVERLESS)
      ? vulnerabilityDatabase(options.vulnerabilityDatabase)
      : undefined,
    threshold: options.vulnerabilityThreshold,
    matcher,
    inScope: scopeFilter(scope),
  });
  findings.push(...dependencies.findings);
  const ours = new Set(ALL_RULES.map((r) => `${PACK_NAME}-${r.name}`));
  const status = decisionStatus(
    matcher,
    new Set<string>(packs),
    (ruleId) => ours.has(ruleId) || nagRuleOf(ruleId) !== undefined,
    options.today ?? new Date().toISOString().slice(0, 10),
  );
  findings.push(...decisionFindings(decisions, status, options.failOnUnusedAcknowledgments ?? false));

  const locate = new Locator(scope, targets, cwd);
  const located = findings.map((f) => ({ ...f, location: locate.at(f.location) }));
  const decided: ReportDecision[] = decisions.map((d) => ({
    ...d,
    location: locate.at(d.location),
    ...status(d),
    accepted: matcher.acceptedBy(d).map((a) => ({ ...a, location: locate.at(a.location) })),
  }));
  const result = toResult(located, decided, packs, dependencies.check);
  const report = createReport({
    findings: located,
    decisions: decided,
    ourRules: packs.includes(CompliancePack.SECURE_SERVERLESS) ? ALL_RULES : [],
    nagRules: [...offered.values()],
    applied: (ruleId) => matcher.hasApplied(ruleId),
    permissions: functionPermissions(targets),
    dependencies: dependencies.check,
  });
  return { result, report, dependencies: dependencies.check };
}

/** Whether a resource at a construct path is inside `scope` (`undefined`: no construct records it). */
function scopeFilter(scope: IConstruct): (constructPath: string | undefined) => boolean {
  const scopePath = scope.node.path;
  const holdsWholeStacks = scopePath === '' || Stack.isStack(scope) || Stage.isStage(scope);
  return (path) => (path === undefined ? holdsWholeStacks : isAtOrUnder(path, scopePath));
}

/**
 * The templates of the nested stacks in `scope` (or holding it): the cloud assembly lists no artifact for them,
 * so their construct paths come from the tree.
 */
function nestedStackTargets(scope: IConstruct): AuditTarget[] {
  const path = scope.node.path;
  const nested = scope.node.root.node
    .findAll()
    .filter((c): c is NestedStack => Stack.isStack(c) && c.nested)
    .filter((stack) => isAtOrUnder(stack.node.path, path) || isAtOrUnder(path, stack.node.path));
  if (nested.length === 0) {
    return [];
  }
  return nested.flatMap((stack) => {
    const stage = Stage.of(stack);
    if (!stage) {
      return [];
    }
    const paths = new Map<string, string>();
    for (const element of stack.node.findAll()) {
      if (CfnElement.isCfnElement(element) && element.stack === stack) {
        paths.set(stack.resolve(element.logicalId), element.node.path);
      }
    }
    return [readTemplateFile(join(stage.outdir, stack.templateFile), stack.node.path, paths)];
  });
}

/**
 * Completes locations: the template location of a construct path's resource (or its default child), and the
 * source line where the construct, or its nearest recorded ancestor, was created.
 */
class Locator {
  /** The resource of each construct path: its target and logical id (its location is made when asked for). */
  private readonly byPath = new Map<string, { readonly target: AuditTarget; readonly logicalId: string }>();
  private readonly stacks: string[];
  private constructs?: Map<string, IConstruct>;

  constructor(
    private readonly scope: IConstruct,
    targets: readonly AuditTarget[],
    private readonly cwd: string,
  ) {
    this.stacks = targets.map((t) => t.stack);
    for (const target of targets) {
      for (const [logicalId, path] of target.constructPaths) {
        this.byPath.set(path, { target, logicalId });
      }
    }
  }

  /** The template location of the resource at `path`. */
  private resourceAt(path: string): Location | undefined {
    const found = this.byPath.get(path);
    if (!found) {
      return undefined;
    }
    const { target, logicalId } = found;
    const resources = (target.template as { Resources?: Record<string, { Type?: string }> }).Resources ?? {};
    const line = target.lineOf(logicalId);
    return {
      constructPath: path,
      logicalId,
      ...(resources[logicalId]?.Type ? { resourceType: resources[logicalId].Type } : {}),
      stack: target.stack,
      templatePath: relativePath(this.cwd, target.file),
      ...(line ? { templateLine: line } : {}),
    };
  }

  /** `location` with what is known of its template and source. */
  public at(location: Location): Location {
    const path = location.constructPath;
    const template =
      location.logicalId !== undefined
        ? {}
        : (this.resourceAt(path) ?? this.resourceAt(`${path}/Resource`) ?? this.stackOf(path));
    const site = this.siteOf(path);
    return {
      ...template,
      ...location,
      ...(site ? { sourceFile: site.file, sourceLine: site.line } : {}),
    };
  }

  private stackOf(path: string): Partial<Location> {
    const stack = this.stacks.find((s) => isAtOrUnder(path, s) && s !== '');
    return stack ? { stack } : {};
  }

  private siteOf(path: string) {
    if (!this.constructs) {
      this.constructs = new Map(this.scope.node.root.node.findAll().map((c) => [c.node.path, c]));
    }
    let construct: IConstruct | undefined;
    for (let p: string | undefined = path; construct === undefined && p; p = parentPath(p)) {
      construct = this.constructs.get(p);
    }
    return construct ? creationSiteOf(construct, this.cwd) : undefined;
  }
}
