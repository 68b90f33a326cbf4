import { cell } from './markdown-text';
import { ComplianceReport } from './model';

/**
 * The report's section on the functions' code: whether a vulnerability check ran (said plainly when none did),
 * the vulnerable packages, and each function's bill of materials.
 * @internal
 */
export function dependenciesSection(report: ComplianceReport): string[] {
  const d = report.dependencies;
  const lines = ['## Dependencies', ''];
  if (d.database) {
    const skipped = d.database.skipped > 0 ? `, ${d.database.skipped} unreadable record(s) skipped` : '';
    lines.push(
      `Matched against the OSV export \`${cell(d.database.path)}\` (${d.database.records} record(s)${skipped}); ` +
        `vulnerabilities rated ${d.threshold} or worse fail synth.`,
      '',
    );
  } else {
    lines.push(
      '**No vulnerability check ran**: no OSV export was given (`vulnerabilityDatabase`, or `audit ' +
        '--vulnerability-database`). The bills of materials below were written; nothing in them was checked.',
      '',
    );
  }
  if (d.database) {
    lines.push('### Vulnerable packages', '');
    if (d.vulnerabilities.length === 0) {
      lines.push('None.', '');
    } else {
      lines.push(
        '| Function | Package | Advisory | Severity | Fixed in | Status |',
        '|---|---|---|---|---|---|',
        ...d.vulnerabilities.map(
          (v) =>
            `| \`${cell(v.constructPath)}\` | \`${cell(`${v.package}@${v.version}`)}\` | ${cell(
              [v.advisory, ...v.aliases].join(', '),
            )} | ${v.severity}${v.score !== undefined ? ` (${v.score.toFixed(1)})` : ''} | ${cell(
              v.fixedVersions.join(', ') || 'no fix known',
            )} | ${v.accepted ? 'accepted' : v.failing ? 'fails synth' : 'warning'} |`,
        ),
        '',
      );
    }
  }
  lines.push('### Bills of materials', '');
  if (d.sboms.length === 0) {
    lines.push('No function with a code asset.', '');
  } else {
    lines.push(
      'CycloneDX JSON, one file per function in `sbom/` of the cloud assembly.',
      '',
      '| Function | Runtime | Read from | Packages | File |',
      '|---|---|---|---:|---|',
      ...d.sboms.map(
        (s) =>
          `| \`${cell(s.constructPath)}\` | ${cell(s.runtime ?? '')} | ${s.source} | ${s.components} | \`${cell(s.file)}\` |`,
      ),
      '',
    );
  }
  if (d.warnings.length > 0) {
    lines.push(
      '| Incomplete bill of materials | What is missing |',
      '|---|---|',
      ...d.warnings.map((w) => `| \`${cell(w.constructPath)}\` | ${cell(w.message)} |`),
      '',
    );
  }
  if (d.withoutSbom.length > 0) {
    lines.push(
      '| Function without a bill of materials | Why |',
      '|---|---|',
      ...d.withoutSbom.map((s) => `| \`${cell(s.constructPath)}\` | ${cell(s.reason)} |`),
      '',
    );
  }
  return lines;
}
