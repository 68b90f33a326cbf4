import { ComplianceReport } from './model';

/**
 * The report as JSON: the `ComplianceReport` data model, indented, with a final newline.
 * @internal
 */
export function writeJsonReport(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
