import { relative, sep } from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AcknowledgmentUse } from './acknowledgments';
import { ComplianceCheckOptions, evaluate } from './evaluate';
import { ALL_PACKS, AppliedRule, CompliancePack } from './packs';
import { functionPermissions } from './permissions';
import { ComplianceReport, createReport, frameworksOf, packOf, ReportFinding, ReportLocation } from './reports/report';
import { ComplianceAcknowledgment, ComplianceResult, ComplianceViolation, PackSummary } from './result';
import { Severity } from './vocabulary';
import { ALL_RULES } from './rules';
import { PACK_NAME } from './rules/rule';
import { AuditTarget, auditTargets, loadStackTemplates } from './template-audit';
import { acknowledgmentOf, RuleAcknowledgment } from './template-engine';

/**
 * What one run of the gate produced: the result users assert on, and the report the writers format.
 * @internal
 */
export interface GateRun {
  readonly result: ComplianceResult;
  readonly report: ComplianceReport;
}

/**
 * The gate's pipeline on `scope`, whose stacks were synthesized to `templateFiles`:
 * 1. construct stage: the chosen cdk-nag packs (and ours, on rendered L1 resources) over the construct tree;
 * 2. template stage: our rules over the synthesized templates, honouring the acknowledgments the cloud
 *    assembly records; a finding the construct stage already reported for the same resource is not repeated;
 * 3. every finding located in its stack template (logical id, file, line) for the reports.
 * @internal
 */
export function runGate(
  scope: IConstruct,
  templateFiles: readonly string[],
  options: ComplianceCheckOptions,
  cwd: string = process.cwd(),
): GateRun {
  const applied = new Map<string, AppliedRule>();
  const use = new AcknowledgmentUse();
  const constructStage = evaluate(scope, options, (rule) => applied.set(rule.id, rule), use);
  const targets = loadStackTemplates(templateFiles);
  const locations = new TemplateLocations(targets, cwd);

  const templateStage = (options.packs ?? ALL_PACKS).includes(CompliancePack.SECURE_SERVERLESS)
    ? templateOnlyFindings(scope, targets, constructStage.violations, constructStage.acknowledgments, options, cwd, use)
    : [];
  const acknowledgments = markUnused(constructStage.acknowledgments, use, options);
  const unusedErrors = options.failOnUnusedAcknowledgments ? unusedAcknowledgmentErrors(acknowledgments) : [];

  const violations: ComplianceViolation[] = [
    ...constructStage.violations.map((v) => ({ ...v, ...locations.publicLocation(v.constructPath) })),
    ...templateStage.map((f) => ({
      pack: CompliancePack.SECURE_SERVERLESS,
      ruleId: f.ruleId,
      severity: f.severity,
      constructPath: f.constructPath ?? `${f.stack}/${f.logicalId}`,
      message: f.message,
      logicalId: f.logicalId,
      stackName: f.stack,
      templateOnly: true,
    })),
    ...unusedErrors,
  ];
  const result: ComplianceResult = {
    success: violations.every((v) => v.severity !== Severity.ERROR),
    violations,
    acknowledgments,
    packs: constructStage.packs.map((p) => addTemplateFindings(p, templateStage, unusedErrors.length)),
  };

  const report = createReport({
    rules: ALL_RULES,
    permissions: functionPermissions(targets),
    appliedRules: [...applied.values()],
    findings: [
      ...constructStage.violations.map((v): ReportFinding => ({
        ruleId: v.ruleId,
        severity: v.severity,
        pack: v.pack,
        message: v.message,
        frameworks: frameworksOf(v.ruleId, v.message, ALL_RULES),
        constructPath: v.constructPath,
        ...locations.of(v.constructPath),
      })),
      ...templateStage,
    ],
    acknowledgments: acknowledgments.map((a) => ({
      ruleId: a.ruleId,
      ...(a.unused ? { unused: true } : {}),
      pack: packOf(a.ruleId),
      reason: a.reason,
      constructPath: a.constructPath,
      ...locations.of(a.constructPath),
    })),
  });
  return { result, report };
}

/** Template-stage findings in `scope` that the construct stage did not report. */
function templateOnlyFindings(
  scope: IConstruct,
  targets: readonly AuditTarget[],
  constructFindings: readonly ComplianceViolation[],
  acknowledgments: readonly ComplianceAcknowledgment[],
  options: ComplianceCheckOptions,
  cwd: string,
  use: AcknowledgmentUse,
): ReportFinding[] {
  const key = (ruleId: string, path: string | undefined) => `${ruleId} at ${path}`;
  const reported = new Set(
    constructFindings
      .filter((v) => v.pack === CompliancePack.SECURE_SERVERLESS)
      .map((v) => key(v.ruleId, v.constructPath)),
  );
  const scopePath = scope.node.path;
  const holdsWholeStacks = scopePath === '' || Stack.isStack(scope) || Stage.isStage(scope);
  const inScope = (path: string | undefined) =>
    path === undefined ? holdsWholeStacks : scopePath === '' || isAtOrUnder(path, scopePath);
  return auditTargets(targets, ALL_RULES, cwd)
    .findings.filter((f) => inScope(f.constructPath) && !reported.has(key(f.ruleId, f.constructPath)))
    .filter((f) => !acknowledgedInTree(f.constructPath ?? f.stack ?? '', f.ruleId, acknowledgments, use))
    .map((f) => (options.warningsAsErrors ? { ...f, severity: Severity.ERROR } : f));
}

/**
 * Whether an acknowledgment recorded on `path` or one of its ancestors (the app included: the cloud assembly
 * records those of the app itself nowhere in a stack's metadata) covers `ruleId`; the one that does is recorded
 * as used.
 */
function acknowledgedInTree(
  path: string,
  ruleId: string,
  acknowledgments: readonly ComplianceAcknowledgment[],
  use: AcknowledgmentUse,
): boolean {
  // Closest first, as cdk-nag matches: the acknowledgment nearest the resource is the one that accepts it.
  const candidates = acknowledgments
    .filter((a) => a.constructPath === '' || isAtOrUnder(path, a.constructPath))
    .sort((a, b) => b.constructPath.length - a.constructPath.length);
  const match = acknowledgmentOf(
    candidates.map((a): RuleAcknowledgment => ({ id: a.ruleId, reason: a.reason })),
    ruleId,
  );
  const source = match && candidates.find((a) => a.ruleId === match.id);
  if (source) {
    use.record(source.constructPath, source.ruleId);
  }
  return match !== undefined;
}

/**
 * The acknowledgments, those of a pack that ran which accept nothing marked `unused` (see
 * `AcknowledgmentUse.isUnused`; our own rules are known even where they applied to nothing).
 */
function markUnused(
  acknowledgments: readonly ComplianceAcknowledgment[],
  use: AcknowledgmentUse,
  options: ComplianceCheckOptions,
): ComplianceAcknowledgment[] {
  const ran = new Set<string>(options.packs ?? ALL_PACKS);
  const ours = new Set(ALL_RULES.map((r) => `${PACK_NAME}-${r.name}`));
  const isKnownRule = (ruleId: string) => ours.has(ruleId);
  return acknowledgments.map((a) =>
    ran.has(packOf(a.ruleId)) && use.isUnused(a, isKnownRule) ? { ...a, unused: true } : a,
  );
}

/** With `failOnUnusedAcknowledgments`: each unused acknowledgment as an error at the construct it is on. */
function unusedAcknowledgmentErrors(acknowledgments: readonly ComplianceAcknowledgment[]): ComplianceViolation[] {
  return acknowledgments
    .filter((a) => a.unused)
    .map((a) => ({
      pack: CompliancePack.SECURE_SERVERLESS,
      ruleId: `${PACK_NAME}-UnusedAcknowledgment[${a.ruleId}]`,
      severity: Severity.ERROR,
      constructPath: a.constructPath,
      message: `The acknowledgment of ${a.ruleId} on ${a.constructPath || 'the app'} matches no finding, so it accepts nothing today and would silently accept a future finding. Fix: correct the id to the finding it is meant for (as the report prints it, with its [...] part), or remove the acknowledgment`,
    }));
}

function isAtOrUnder(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Our pack's counts with the template stage's findings and the gate's own errors (unused acknowledgments). */
function addTemplateFindings(
  summary: PackSummary,
  findings: readonly ReportFinding[],
  extraErrors: number,
): PackSummary {
  if (summary.pack !== CompliancePack.SECURE_SERVERLESS) {
    return summary;
  }
  return {
    pack: summary.pack,
    errors: summary.errors + extraErrors + findings.filter((f) => f.severity === Severity.ERROR).length,
    warnings: summary.warnings + findings.filter((f) => f.severity === Severity.WARNING).length,
  };
}

/**
 * Where each construct path's resource is in the synthesized templates. A construct that is not itself a
 * resource (an L2, a stack) is located at its default child `Resource` when it has one, else only by stack.
 * A construct outside every stack (the app) has no location.
 */
class TemplateLocations {
  private readonly byPath = new Map<string, ReportLocation>();
  /** Stack names, which CDK's cloud assembly sets to the stacks' construct paths (its display names). */
  private readonly stacks: string[];

  constructor(targets: readonly AuditTarget[], cwd: string) {
    this.stacks = targets.map((t) => t.stack);
    for (const target of targets) {
      const templatePath = relative(cwd, target.file).split(sep).join('/');
      const resources = (target.template as { Resources?: Record<string, { Type?: string }> }).Resources ?? {};
      for (const [logicalId, path] of target.constructPaths) {
        const line = target.lines.get(logicalId);
        this.byPath.set(path, {
          logicalId,
          resourceType: resources[logicalId]?.Type,
          stack: target.stack,
          templatePath,
          ...(line ? { templateLine: line } : {}),
        });
      }
    }
  }

  /** The location of the resource at `path` (or its default child), as the reports show it. */
  public of(path: string): ReportLocation {
    const exact = this.byPath.get(path) ?? this.byPath.get(`${path}/Resource`);
    if (exact) {
      return exact;
    }
    const stack = this.stacks.find((s) => path === s || path.startsWith(`${s}/`));
    return stack ? { stack } : {};
  }

  /** The location fields of a public `ComplianceViolation`. */
  public publicLocation(path: string): { logicalId?: string; stackName?: string } {
    const location = this.of(path);
    return {
      ...(location.logicalId ? { logicalId: location.logicalId } : {}),
      ...(location.stack ? { stackName: location.stack } : {}),
    };
  }
}
