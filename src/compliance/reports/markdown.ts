import { Severity } from '../vocabulary';
import { baseRuleId } from '../template-engine';
import { ComplianceReport, FRAMEWORKS, ReportAcknowledgment, ReportFinding, ReportRule, totalsOf } from './report';

/**
 * The report as Markdown, for a person reviewing a pull request: totals, a section per compliance framework
 * with the rules that failed and passed, the findings, and the acknowledgments with their reasons.
 * @internal
 */
export function writeMarkdownReport(report: ComplianceReport): string {
  const totals = totalsOf(report);
  const lines: string[] = [
    '# Compliance report',
    '',
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}.`,
    '',
    totals.errors + totals.warnings === 0
      ? `**No unacknowledged findings** (${totals.acknowledged} acknowledged).`
      : `**${totals.errors} error(s), ${totals.warnings} warning(s)** unacknowledged; ${totals.acknowledged} acknowledged.`,
    '',
    '| Severity | Findings |',
    '|---|---:|',
    `| Error | ${totals.errors} |`,
    `| Warning | ${totals.warnings} |`,
    `| Acknowledged | ${totals.acknowledged} |`,
    '',
    '## Frameworks',
    '',
  ];

  for (const { key, title } of FRAMEWORKS) {
    const rules = report.rules.filter((r) => (r.frameworks[key] ?? []).length > 0);
    lines.push(`### ${title}`, '');
    if (rules.length === 0) {
      lines.push('No rule in this report maps to this framework.', '');
      continue;
    }
    const rows = rules.map((rule) => ({ rule, status: statusOf(rule, report) }));
    const failed = rows.filter((r) => r.status.failed > 0);
    const passed = rows.filter((r) => r.status.failed === 0);
    lines.push(`${failed.length} of ${rows.length} rule(s) failed.`, '');
    if (failed.length > 0) {
      lines.push(
        '| Rule | Controls | What it checks | Findings |',
        '|---|---|---|---:|',
        ...failed.map(
          ({ rule, status }) =>
            `| ❌ \`${rule.id}\` | ${cell((rule.frameworks[key] ?? []).join(', '))} | ${cell(rule.title)} | ${status.failed} |`,
        ),
        '',
      );
    }
    if (passed.length > 0) {
      // Collapsed: a reviewer needs the failures first; the passes are the evidence.
      lines.push(
        `<details><summary>${passed.length} rule(s) passed</summary>`,
        '',
        ...passed.map(
          ({ rule, status }) =>
            `- ✅ \`${rule.id}\` (${cell((rule.frameworks[key] ?? []).join(', '))}): ${cell(rule.title)}${status.label}`,
        ),
        '',
        '</details>',
        '',
      );
    }
  }

  lines.push('## Findings', '');
  if (report.findings.length === 0) {
    lines.push('None.', '');
  } else {
    lines.push(
      '| Severity | Rule | Resource | Stack | Message |',
      '|---|---|---|---|---|',
      ...report.findings.map(
        (f) =>
          `| ${f.severity === Severity.ERROR ? 'error' : 'warning'} | \`${cell(f.ruleId)}\` | ${resource(f)} | ${cell(f.stack ?? '')} | ${cell(f.message)} |`,
      ),
      '',
    );
  }

  lines.push('## Acknowledgments', '');
  if (report.acknowledgments.length === 0) {
    lines.push('None.', '');
  } else {
    lines.push(
      '| Rule | Resource | Stack | Reason |',
      '|---|---|---|---|',
      ...report.acknowledgments.map(
        (a) => `| \`${cell(a.ruleId)}\` | ${resource(a)} | ${cell(a.stack ?? '')} | ${cell(a.reason)} |`,
      ),
      '',
    );
  }
  const unused = report.acknowledgments.filter((a) => a.unused);
  if (unused.length > 0) {
    lines.push(
      '### Acknowledgments that match no finding',
      '',
      'Each accepts nothing today and would silently accept a future finding: correct the id or remove it.',
      '',
      ...unused.map((a) => `- \`${a.ruleId}\` on ${resource(a)}`),
      '',
    );
  }
  lines.push(...permissionsSection(report));
  return lines.join('\n');
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

function statusOf(rule: ReportRule, report: ComplianceReport): { failed: number; label: string } {
  const failed = report.findings.filter((f) => baseRuleId(f.ruleId) === rule.id).length;
  const acknowledged = report.acknowledgments.filter((a) => baseRuleId(a.ruleId) === rule.id).length;
  if (failed > 0) {
    return { failed, label: '' };
  }
  return { failed, label: acknowledged > 0 ? ` (${acknowledged} acknowledged)` : '' };
}

function resource(item: ReportFinding | ReportAcknowledgment): string {
  if (item.logicalId) {
    return `\`${cell(item.logicalId)}\`${item.resourceType ? ` (${cell(item.resourceType)})` : ''}`;
  }
  return item.constructPath ? `\`${cell(item.constructPath)}\`` : '';
}

/** Text safe inside a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}
