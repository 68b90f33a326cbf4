import { ReportDependencies } from './model';
import { sbomFileNames } from '../../sbom/files';
import { SEVERITY_ORDER } from '../../sbom/osv/severity';
import { DependencyCheck, severityRank } from '../dependency-stage';
import { VulnerabilitySeverity } from '../vocabulary';

/**
 * The report's view of the dependency stage: per function its bill of materials' size and file, the functions
 * without one, and every vulnerable package, most severe first.
 * @internal
 */
export function reportDependencies(check: DependencyCheck | undefined): ReportDependencies {
  if (!check) {
    return { threshold: VulnerabilitySeverity.HIGH, sboms: [], withoutSbom: [], warnings: [], vulnerabilities: [] };
  }
  const files = sbomFileNames(check.sboms);
  return {
    ...(check.database ? { database: { ...check.database } } : {}),
    threshold: check.threshold,
    sboms: check.sboms.map((s, i) => ({
      constructPath: s.constructPath,
      stack: s.stack,
      logicalId: s.logicalId,
      ...(s.runtime ? { runtime: s.runtime } : {}),
      source: s.source,
      components: s.components.length,
      file: files[i],
    })),
    withoutSbom: check.skipped.map((s) => ({ constructPath: s.constructPath, reason: `${s.reason}: ${s.detail}` })),
    warnings: check.warnings.map((w) => ({ constructPath: w.constructPath, message: w.message })),
    vulnerabilities: [...check.vulnerabilities]
      .sort(
        (a, b) =>
          // As the threshold ranks them (`unknown` with high), then by rating: critical, high, unknown, medium, low.
          severityRank(a.match.severity) - severityRank(b.match.severity) ||
          SEVERITY_ORDER.indexOf(a.match.severity) - SEVERITY_ORDER.indexOf(b.match.severity) ||
          a.constructPath.localeCompare(b.constructPath) ||
          a.ruleId.localeCompare(b.ruleId),
      )
      .map((v) => ({
        constructPath: v.constructPath,
        ruleId: v.ruleId,
        ecosystem: v.component.ecosystem,
        package: v.component.name,
        version: v.component.version,
        purl: v.component.purl,
        advisory: v.match.id,
        aliases: [...v.match.aliases],
        ...(v.match.summary ? { summary: v.match.summary } : {}),
        severity: v.match.severity,
        ...(v.match.score !== undefined ? { score: v.match.score } : {}),
        fixedVersions: [...v.match.fixedVersions],
        url: v.match.url,
        accepted: v.accepted,
        failing: v.failing,
      })),
  };
}
