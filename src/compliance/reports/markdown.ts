import { DecisionOrigin, Finding, Location, Severity } from '../vocabulary';
import { groupOf } from './build';
import { dependenciesSection } from './dependencies-markdown';
import { FRAMEWORKS } from './frameworks';
import { cell } from './markdown-text';
import { ComplianceReport, ReportDecision, ReportRule, totalsOf } from './model';

/**
 * The report as Markdown, for a person reviewing a pull request: the verdict; the findings by construct path,
 * each with what is wrong and how to fix it; the decisions by control, the team's apart from the library's;
 * a section per compliance framework with the rules that failed, passed and had nothing to check; and what
 * each function can do.
 * @internal
 */
export function writeMarkdownReport(report: ComplianceReport): string {
  const totals = totalsOf(report);
  const team = report.decisions.filter((d) => d.origin !== DecisionOrigin.LIBRARY);
  const library = report.decisions.filter((d) => d.origin === DecisionOrigin.LIBRARY);
  const lines: string[] = [
    '# Compliance report',
    '',
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}.`,
    '',
    `**${report.success ? 'PASSED' : 'FAILED'}**: ${totals.errors} error(s) and ${totals.warnings} warning(s) unaccepted; ` +
      `${team.length} decision(s) of the team, ${library.length} exception(s) of the library.`,
    '',
    ...findingsSection(report.findings),
    ...decisionsSection(team, library),
    ...frameworksSection(report),
    ...permissionsSection(report),
    ...dependenciesSection(report),
  ];
  return lines.join('\n');
}

/** The findings, one heading per construct path. */
function findingsSection(findings: readonly Finding[]): string[] {
  const lines = ['## Findings', ''];
  if (findings.length === 0) {
    return [...lines, 'None.', ''];
  }
  const byPath = new Map<string, Finding[]>();
  for (const finding of findings) {
    byPath.set(finding.location.constructPath, [...(byPath.get(finding.location.constructPath) ?? []), finding]);
  }
  for (const [path, group] of byPath) {
    lines.push(`### \`${cell(path || 'the app')}\``, '', where(group[0].location), '');
    lines.push('| Severity | Rule | What is wrong | How to fix it |', '|---|---|---|---|');
    lines.push(
      ...group.map(
        (f) =>
          `| ${f.severity === Severity.ERROR ? 'error' : 'warning'} | \`${cell(f.ruleId)}\` | ${cell(f.problem)} | ${cell(f.fix)} |`,
      ),
      '',
    );
  }
  return lines;
}

/** Where a construct is: its resource in the template, and the source line that created it. */
function where(location: Location): string {
  const parts = [
    location.resourceType ? `${location.resourceType} \`${cell(location.logicalId ?? '')}\`` : undefined,
    location.stack ? `stack \`${cell(location.stack)}\`` : undefined,
    location.sourceFile ? `created at \`${cell(location.sourceFile)}:${location.sourceLine}\`` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'Not a resource of any stack.';
}

/** The decisions by control: the team's (opt-outs and acknowledgments), then the library's own exceptions. */
function decisionsSection(team: readonly ReportDecision[], library: readonly ReportDecision[]): string[] {
  const lines = ['## Decisions', ''];
  lines.push("### The team's decisions", '');
  if (team.length === 0) {
    lines.push('None.', '');
  } else {
    lines.push(
      '| Control | Rules | Where | How | Reason | Ticket | Approved by | Expires | Accepted |',
      '|---|---|---|---|---|---|---|---|---:|',
      ...team.map(
        (d) =>
          `| ${cell(groupOf(d))} | ${rules(d)} | \`${cell(d.location.constructPath || 'the app')}\` | ${how(d)} | ${cell(d.reason)} | ${cell(d.ticket ?? '')} | ${cell(d.approvedBy ?? '')} | ${expiry(d)} | ${d.accepted.length}${d.unused ? ' ⚠️ unused' : ''} |`,
      ),
      '',
    );
  }
  lines.push("### The library's exceptions", '');
  if (library.length === 0) {
    lines.push('None.', '');
  } else {
    lines.push(
      'Exceptions the constructs record on their own internals, where no sound configuration satisfies the rule.',
      '',
      '| Control | Rules | Where | Reason | Accepted |',
      '|---|---|---|---|---:|',
      ...library.map(
        (d) =>
          `| ${cell(groupOf(d))} | ${rules(d)} | \`${cell(d.location.constructPath || 'the app')}\` | ${cell(d.reason)} | ${d.accepted.length} |`,
      ),
      '',
    );
  }
  const unused = [...team, ...library].filter((d) => d.unused);
  if (unused.length > 0) {
    lines.push(
      '### Decisions that accept nothing',
      '',
      'Each accepts nothing today and would silently accept a future finding: correct the id or remove it.',
      '',
      ...unused.map((d) => `- ${rules(d)} on \`${cell(d.location.constructPath || 'the app')}\``),
      '',
    );
  }
  return lines;
}

function how(decision: ReportDecision): string {
  return decision.optOut ? `opt-out \`${cell(decision.optOut)}\`` : 'acknowledged';
}

function rules(decision: ReportDecision): string {
  return decision.ruleIds.map((id) => `\`${cell(id)}\``).join('<br>');
}

function expiry(decision: ReportDecision): string {
  if (decision.expires === undefined) {
    return '';
  }
  return decision.expired ? `❌ ${decision.expires} (expired)` : decision.expires;
}

/** Per framework: the rules that failed, passed, and had nothing to check. */
function frameworksSection(report: ComplianceReport): string[] {
  const lines = ['## Frameworks', ''];
  for (const { key, title } of FRAMEWORKS) {
    const all = report.rules.filter((r) => (r.frameworks[key] ?? []).length > 0);
    lines.push(`### ${title}`, '');
    if (all.length === 0) {
      lines.push('No rule that ran maps to this framework.', '');
      continue;
    }
    const failed = all.filter((r) => r.status === 'failed');
    const passed = all.filter((r) => r.status === 'passed');
    const notApplicable = all.filter((r) => r.status === 'not-applicable');
    lines.push(
      `${failed.length} rule(s) failed, ${passed.length} passed, ${notApplicable.length} not applicable (nothing in the app for them to check).`,
      '',
    );
    const controls = (rule: ReportRule) => cell((rule.frameworks[key] ?? []).join(', '));
    if (failed.length > 0) {
      lines.push(
        '| Rule | Controls | What it requires | Findings |',
        '|---|---|---|---:|',
        ...failed.map((r) => `| ❌ \`${r.id}\` | ${controls(r)} | ${cell(r.requirement)} | ${r.findings} |`),
        '',
      );
    }
    if (passed.length > 0) {
      // Collapsed: a reviewer needs the failures first; the passes are the evidence.
      lines.push(
        `<details><summary>${passed.length} rule(s) passed</summary>`,
        '',
        ...passed.map(
          (r) =>
            `- ✅ \`${r.id}\` (${controls(r)}): ${cell(r.requirement)}${r.accepted > 0 ? ` (${r.accepted} finding(s) accepted by decisions)` : ''}`,
        ),
        '',
        '</details>',
        '',
      );
    }
    if (notApplicable.length > 0) {
      lines.push(
        `<details><summary>${notApplicable.length} rule(s) not applicable</summary>`,
        '',
        ...notApplicable.map((r) => `- \`${r.id}\` (${controls(r)}): ${cell(r.requirement)}`),
        '',
        '</details>',
        '',
      );
    }
  }
  return lines;
}

/** What each function can do: one table per function, an action per row. */
function permissionsSection(report: ComplianceReport): string[] {
  const lines = ['## What each function can do', ''];
  if (report.permissions.length === 0) {
    return [...lines, 'No Lambda function.', ''];
  }
  lines.push(
    "Every action each function's role allows, from every policy attached to it (conditions in the JSON report).",
    '',
  );
  for (const fn of report.permissions) {
    lines.push(`### \`${cell(fn.constructPath ?? fn.logicalId)}\` (${cell(fn.stack)})`, '');
    lines.push('| Allowed action | Resources | Conditional |', '|---|---|---|');
    lines.push(
      ...fn.allowed.map(
        (e) =>
          `| \`${cell(e.action)}\` | ${e.resources.map((r) => `\`${cell(r)}\``).join('<br>')} | ${e.condition ? 'yes' : ''} |`,
      ),
    );
    lines.push('');
    if (fn.denied.length > 0) {
      lines.push(`Denied: ${fn.denied.map((e) => `\`${cell(e.action)}\``).join(', ')}.`, '');
    }
    if (fn.externalPolicies.length > 0) {
      lines.push(
        `Also attached, not readable from the template: ${fn.externalPolicies.map((p) => `\`${cell(p)}\``).join(', ')}.`,
        '',
      );
    }
  }
  return lines;
}
