import { readFileSync } from 'fs';
import { join } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { controlOf, requirementOf } from '../catalog';
import { GATE_CHECKS, packOf } from '../decision-checks';
import { baseRuleId } from '../decision-matcher';
import type { DependencyCheck } from '../dependency-stage';
import type { AppliedRule } from '../packs';
import type { FunctionPermissions } from '../permissions';
import { DecisionOrigin, Finding, Severity } from '../vocabulary';
import { reportDependencies } from './dependencies';
import { nagFrameworks, withoutControlIds } from './frameworks';
import { ComplianceReport, ReportDecision, ReportRule, ReportTool } from './model';
import { FrameworkMapping, PACK_NAME, RuleDefinition } from '../rules/rule';

const INFORMATION_URI = 'https://github.com/cdk-secure-serverless/cdk-secure-serverless';

/**
 * This library's name and version, read from its package.json.
 * @internal
 */
export function toolInfo(): ReportTool {
  let version = '0.0.0';
  try {
    // src/compliance/reports and lib/compliance/reports are both three levels below the package root.
    version = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version ?? version;
  } catch {
    // Keep the placeholder: the version is informative only.
  }
  return { name: 'cdk-secure-serverless', version, informationUri: INFORMATION_URI };
}

/**
 * What {@link createReport} needs.
 * @internal
 */
export interface ReportInput {
  /** Unaccepted findings. */
  readonly findings: readonly Finding[];
  /** Every decision, with what the run made of it. */
  readonly decisions: readonly ReportDecision[];
  /** Our rules that ran. */
  readonly ourRules: readonly RuleDefinition[];
  /** cdk-nag's rules that ran, with their text. @default - none */
  readonly nagRules?: readonly AppliedRule[];
  /** Whether a rule (without a finding suffix) applied to anything. */
  readonly applied: (ruleId: string) => boolean;
  /** The functions' effective permissions. @default - none listed */
  readonly permissions?: readonly FunctionPermissions[];
  /** The functions' bills of materials and their vulnerability check. @default - none */
  readonly dependencies?: DependencyCheck;
  /** @default - now */
  readonly generatedAt?: Date;
  /** @default - this library, see {@link toolInfo} */
  readonly tool?: ReportTool;
}

/**
 * Assembles a report from the run's one list of findings and one list of decisions: both sorted, and every rule
 * that ran with what it requires and its status.
 * @internal
 */
export function createReport(input: ReportInput): ComplianceReport {
  const failed = countBy(input.findings.map((f) => baseRuleId(f.ruleId)));
  const accepted = countBy(input.decisions.flatMap((d) => d.accepted.map((a) => baseRuleId(a.ruleId))));
  const rules = new Map<string, Omit<ReportRule, 'status' | 'findings' | 'accepted'>>();
  for (const rule of input.ourRules) {
    const id = `${PACK_NAME}-${rule.name}`;
    rules.set(id, {
      id,
      pack: PACK_NAME,
      ...(rule.control ? { control: rule.control } : {}),
      requirement: rule.title,
      explanation: rule.explanation,
      severity: rule.severity,
      frameworks: copyMapping(rule.frameworks),
    });
  }
  for (const rule of input.nagRules ?? []) {
    const pack = packOf(rule.id);
    const control = controlOf(rule.id);
    rules.set(rule.id, {
      id: rule.id,
      pack,
      ...(control ? { control } : {}),
      requirement: requirementOf(rule.id) ?? `See cdk-nag's RULES.md for ${rule.id}`,
      explanation: rule.explanation,
      severity: rule.level === NagMessageLevel.ERROR ? Severity.ERROR : Severity.WARNING,
      frameworks: nagFrameworks(pack, rule.id, rule.info),
    });
  }
  for (const [name, requirement] of Object.entries(GATE_CHECKS)) {
    const id = `${PACK_NAME}-${name}`;
    rules.set(id, { id, pack: PACK_NAME, requirement, severity: Severity.ERROR, frameworks: { owasp: [] } });
  }
  for (const finding of input.findings) {
    const id = baseRuleId(finding.ruleId);
    if (!rules.has(id)) {
      rules.set(id, {
        id,
        pack: finding.pack,
        requirement: withoutControlIds(finding.fix),
        severity: finding.severity,
        frameworks: { owasp: [] },
      });
    }
  }
  const gateChecks = new Set(Object.keys(GATE_CHECKS).map((name) => `${PACK_NAME}-${name}`));
  return {
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    tool: input.tool ?? toolInfo(),
    success: input.findings.every((f) => f.severity !== Severity.ERROR),
    findings: [...input.findings].sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.location.constructPath.localeCompare(b.location.constructPath) ||
        a.ruleId.localeCompare(b.ruleId),
    ),
    decisions: [...input.decisions].sort(
      (a, b) =>
        originRank(a.origin) - originRank(b.origin) ||
        groupOf(a).localeCompare(groupOf(b)) ||
        a.location.constructPath.localeCompare(b.location.constructPath),
    ),
    rules: [...rules.values()]
      .map((rule): ReportRule => {
        const findings = failed.get(rule.id) ?? 0;
        const applies = findings > 0 || gateChecks.has(rule.id) || input.applied(rule.id);
        return {
          ...rule,
          status: findings > 0 ? 'failed' : applies ? 'passed' : 'not-applicable',
          findings,
          accepted: accepted.get(rule.id) ?? 0,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id)),
    permissions: [...(input.permissions ?? [])].sort(
      (a, b) =>
        a.stack.localeCompare(b.stack) ||
        (a.constructPath ?? a.logicalId).localeCompare(b.constructPath ?? b.logicalId),
    ),
    dependencies: reportDependencies(input.dependencies),
  };
}

/**
 * The control a decision is listed under in the decisions table: the control it was made for, else the control
 * of its first rule that has one, else its first rule.
 * @internal
 */
export function groupOf(decision: ReportDecision): string {
  if (decision.control !== undefined) {
    return decision.control;
  }
  for (const ruleId of decision.ruleIds) {
    const control = controlOf(ruleId);
    if (control !== undefined) {
      return control;
    }
  }
  return baseRuleId(decision.ruleIds[0] ?? '');
}

function severityRank(severity: Severity): number {
  return severity === Severity.ERROR ? 0 : 1;
}

function originRank(origin: DecisionOrigin): number {
  return origin === DecisionOrigin.LIBRARY ? 1 : 0;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  keys.forEach((k) => counts.set(k, (counts.get(k) ?? 0) + 1));
  return counts;
}

function copyMapping(m: FrameworkMapping): FrameworkMapping {
  return {
    owasp: [...m.owasp],
    ...(m.hipaa ? { hipaa: [...m.hipaa] } : {}),
    ...(m.pci ? { pci: [...m.pci] } : {}),
    ...(m.nist ? { nist: [...m.nist] } : {}),
    ...(m.gdpr ? { gdpr: [...m.gdpr] } : {}),
  };
}
