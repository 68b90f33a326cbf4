import { ComplianceResult } from './result';

/**
 * The short, human-readable summary the gate prints after synth.
 * @internal
 */
export function formatSummary(result: ComplianceResult): string {
  const width = Math.max(...result.packs.map((p) => p.pack.length), 'pack'.length);
  const lines = [
    `cdk-secure-serverless compliance gate: ${result.success ? 'PASSED' : 'FAILED'}`,
    `  ${'pack'.padEnd(width)}  errors  warnings`,
    ...result.packs.map(
      (p) => `  ${p.pack.padEnd(width)}  ${String(p.errors).padStart(6)}  ${String(p.warnings).padStart(8)}`,
    ),
  ];
  if (result.violations.length > 0) {
    lines.push(`  ${result.violations.length} unacknowledged finding(s):`);
    for (const v of result.violations) {
      lines.push(`    [${v.severity}] ${v.ruleId} at ${v.constructPath}: ${v.message}`);
    }
  }
  lines.push(`  ${result.acknowledgments.length} acknowledgment(s):`);
  for (const a of result.acknowledgments) {
    lines.push(`    ${a.ruleId} at ${a.constructPath}: ${a.reason}`);
  }
  return lines.join('\n');
}
