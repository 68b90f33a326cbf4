import { relative } from 'path';
import type { ComplianceReportFiles } from './report-files';
import { ComplianceResult } from './result';

/** Unused acknowledgments listed on the console; the reports list all of them. */
const MAX_LISTED = 25;

/**
 * Where the reports of a run are, for the summary.
 * @internal
 */
export interface SummaryReports {
  readonly files: ComplianceReportFiles;
  /** False when the files hold an earlier synth's reports (see `writeReportFiles`). */
  readonly written: boolean;
}

/**
 * The short summary the gate prints after synth: the verdict, counts per pack, how many findings and
 * acknowledgments there are (aws-cdk-lib's report lists the findings), unused acknowledgments, and where the
 * reports are.
 * @internal
 */
export function formatSummary(result: ComplianceResult, reports?: SummaryReports, cwd: string = process.cwd()): string {
  const width = Math.max(...result.packs.map((p) => p.pack.length), 'pack'.length);
  const lines = [
    `cdk-secure-serverless compliance gate: ${result.success ? 'PASSED' : 'FAILED'}`,
    `  ${'pack'.padEnd(width)}  errors  warnings`,
    ...result.packs.map(
      (p) => `  ${p.pack.padEnd(width)}  ${String(p.errors).padStart(6)}  ${String(p.warnings).padStart(8)}`,
    ),
  ];
  if (result.violations.length > 0) {
    // aws-cdk-lib prints every finding the gate reports, with its construct path and the id to acknowledge it
    // with, right after this summary: listing them here too would print each twice.
    lines.push(
      `  ${result.violations.length} unaccepted finding(s), each listed once in aws-cdk-lib's validation report below and in the reports`,
    );
  }
  lines.push(`  ${result.acknowledgments.length} decision(s), each with its reason in the reports`);
  lines.push(`  ${dependencyLine(result)}`);
  const expired = result.acknowledgments.filter((a) => a.expired);
  if (expired.length > 0) {
    lines.push(`  [error] ${expired.length} decision(s) expired:`);
    for (const a of expired.slice(0, MAX_LISTED)) {
      lines.push(`    ${a.control ?? a.ruleIds.join(', ')} at ${a.constructPath || 'the app'}, last day ${a.expires}`);
    }
  }
  const unused = result.acknowledgments.filter((a) => a.unused);
  if (unused.length > 0) {
    lines.push(`  [warning] ${unused.length} decision(s) match no finding (a typo, or a control that passes now):`);
    for (const a of unused.slice(0, MAX_LISTED)) {
      lines.push(`    ${a.control ?? a.ruleIds.join(', ')} at ${a.constructPath || 'the app'}`);
    }
  }
  if (reports) {
    const paths = [reports.files.markdown, reports.files.json, reports.files.sarif].map((f) => relative(cwd, f));
    lines.push(
      reports.written
        ? `  Reports: ${paths.join(', ')}`
        : `  Reports not rewritten: ${paths.join(', ')} hold an earlier synth of this app in this process`,
    );
  }
  return lines.join('\n');
}

/** The bills of materials, and whether a vulnerability check ran: never a silent pass. */
function dependencyLine(result: ComplianceResult): string {
  const d = result.dependencies;
  const boms = `${d.functions} function(s) with a bill of materials, ${d.components} package(s)`;
  if (!d.vulnerabilitiesChecked) {
    return `${boms}; no vulnerability check ran (no vulnerabilityDatabase given)`;
  }
  return `${boms}; checked against ${d.database}: ${d.vulnerabilities} vulnerable package(s), ${d.acceptedVulnerabilities} accepted`;
}
