import { OsvAffected, OsvRecord } from './record';
import { rateSeverity, SEVERITY_ORDER, VulnerabilitySeverity } from './severity';
import { sortVersions } from './versions';
import { Ecosystem } from '../model';

/** One OSV vulnerability that affects one component. @internal */
export interface VulnerabilityMatch {
  /** The OSV id (`GHSA-…`, `PYSEC-…`, `MAL-…`). */
  readonly id: string;
  /** Other ids of the same vulnerability (`CVE-…`), as the record lists them. */
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly severity: VulnerabilitySeverity;
  /** The CVSS v3 base score the severity was rated from, when it came from a vector. */
  readonly score?: number;
  /**
   * The versions that fix it: the `fixed` events above the component's version of the ranges that contain it,
   * sorted in the ecosystem's order, each once. Empty when no fix is known (or the match came from `versions`).
   */
  readonly fixedVersions: readonly string[];
  /** The record's first `ADVISORY` reference, else its page on osv.dev. */
  readonly url: string;
  /** When the record was last modified (RFC 3339). */
  readonly modified?: string;
}

/**
 * The match of `record` for a component of `ecosystem`, from the `affected` entries that cover the component's
 * version and the fixes their ranges name.
 * @internal
 */
export function toVulnerabilityMatch(
  record: OsvRecord,
  ecosystem: Ecosystem,
  matched: readonly OsvAffected[],
  fixed: readonly string[],
): VulnerabilityMatch {
  const rating = rateSeverity(
    [...matched.flatMap((entry) => entry.severity), ...record.severity],
    [...matched.map((entry) => entry.database_specific?.severity), record.database_specific?.severity],
  );
  return {
    id: record.id,
    aliases: record.aliases,
    summary: record.summary,
    severity: rating.severity,
    score: rating.score,
    fixedVersions: sortVersions(ecosystem, fixed),
    url:
      record.references.find((reference) => reference.type === 'ADVISORY')?.url ??
      `https://osv.dev/vulnerability/${encodeURIComponent(record.id)}`,
    modified: record.modified,
  };
}

/** Report order: most severe first, then by id. @internal */
export function compareMatches(a: VulnerabilityMatch, b: VulnerabilityMatch): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    (a.id === b.id ? 0 : a.id < b.id ? -1 : 1)
  );
}
