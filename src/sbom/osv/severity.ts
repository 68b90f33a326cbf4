import { cvss3BaseScore } from './cvss';
import { OsvSeverity } from './record';

/** How bad a matched vulnerability is, most severe first. @internal */
export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

/** The severities in report order: most severe first, `unknown` last. @internal */
export const SEVERITY_ORDER: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

/** A severity and, when it came from a CVSS vector, the base score. @internal */
export interface SeverityRating {
  readonly severity: VulnerabilitySeverity;
  readonly score?: number;
}

/** `database_specific.severity` as GitHub advisories write it. */
const DATABASE_SEVERITIES: Readonly<Record<string, VulnerabilitySeverity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

/**
 * The severity of a vulnerability from what its record says, in this order:
 *
 * 1. the highest CVSS v3.0/v3.1 base score among the `CVSS_V3` entries of `scores` (the matched `affected`
 *    entries' `severity[]`, then the record's), rated as CVSS v3.1 does (0.1–3.9 low, 4.0–6.9 medium,
 *    7.0–8.9 high, 9.0–10.0 critical; a 0.0 score, "none", is reported as low with its score);
 * 2. the first recognized `database_specific.severity` of `ratings` (`MODERATE` is medium);
 * 3. `unknown`.
 *
 * CVSS v4 vectors are not scored: v4's score is not a formula but a table of expert-assigned scores for 270
 * macro-vectors plus an interpolation between them, too much data to carry and verify here; GitHub advisories,
 * where most v4 vectors come from, also carry a `database_specific` rating, which is used instead.
 * @internal
 */
export function rateSeverity(scores: readonly OsvSeverity[], ratings: readonly (string | undefined)[]): SeverityRating {
  let best: number | undefined;
  for (const entry of scores) {
    if (entry.type !== 'CVSS_V3') {
      continue;
    }
    const score = cvss3BaseScore(entry.score);
    if (score !== undefined && (best === undefined || score > best)) {
      best = score;
    }
  }
  if (best !== undefined) {
    return { severity: cvssRating(best), score: best };
  }
  for (const rating of ratings) {
    const severity = rating !== undefined ? DATABASE_SEVERITIES[rating.trim().toUpperCase()] : undefined;
    if (severity) {
      return { severity };
    }
  }
  return { severity: 'unknown' };
}

/** The CVSS v3.1 qualitative rating of a base score, with "none" (0.0) as low. @internal */
export function cvssRating(score: number): VulnerabilitySeverity {
  if (score >= 9) {
    return 'critical';
  }
  if (score >= 7) {
    return 'high';
  }
  return score >= 4 ? 'medium' : 'low';
}
