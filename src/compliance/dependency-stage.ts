import type { AuditTarget } from './cloud-assembly';
import { DecisionMatcher } from './decision-matcher';
import { LambdaVulnerableDependency } from './rules/lambda/LambdaVulnerableDependency';
import { PACK_NAME } from './rules/rule';
import { CompliancePack, Finding, Location, Severity, VulnerabilitySeverity } from './vocabulary';
import { FunctionWithoutSbom, SbomWarning, scanFunctionSboms } from '../sbom/functions';
import type { FunctionSbom, SbomComponent } from '../sbom/model';
import type { OsvDatabase } from '../sbom/osv/database';
import type { VulnerabilityMatch } from '../sbom/osv/match';
import { SEVERITY_ORDER, VulnerabilitySeverity as MatchSeverity } from '../sbom/osv/severity';

/** The rule id of a vulnerable package, without its `[finding]`. */
const RULE_ID = `${PACK_NAME}-${LambdaVulnerableDependency.name}`;

/**
 * One vulnerable package in one function, accepted by a decision or not.
 * @internal
 */
export interface DependencyVulnerability {
  /** The function's construct path. */
  readonly constructPath: string;
  readonly component: SbomComponent;
  readonly match: VulnerabilityMatch;
  /** The finding's rule id, `SecureServerless-LambdaVulnerableDependency[<package>@<version>:<advisory>]`. */
  readonly ruleId: string;
  /** Whether it fails synth (at or above the threshold, and not accepted). */
  readonly failing: boolean;
  /** True when a decision accepts it. */
  readonly accepted: boolean;
}

/**
 * What the dependency stage learned: every function's bill of materials, the functions without one, and, when a
 * database was given, every vulnerable package.
 * @internal
 */
export interface DependencyCheck {
  readonly sboms: readonly FunctionSbom[];
  readonly skipped: readonly FunctionWithoutSbom[];
  /** What makes a bill of materials incomplete: a package whose manifest could not be read. */
  readonly warnings: readonly SbomWarning[];
  /** The database the components were matched against; `undefined`: no vulnerability check ran. */
  readonly database?: { readonly path: string; readonly records: number; readonly skipped: number };
  readonly threshold: VulnerabilitySeverity;
  readonly vulnerabilities: readonly DependencyVulnerability[];
}

/**
 * How {@link dependencyStage} runs.
 * @internal
 */
export interface DependencyStageOptions {
  /** The OSV export, loaded, and the path it was loaded from. @default - no vulnerability check */
  readonly database?: { readonly path: string; readonly osv: OsvDatabase };
  /** @default VulnerabilitySeverity.HIGH */
  readonly threshold?: VulnerabilitySeverity;
  readonly matcher: DecisionMatcher;
  /** Whether a function at this construct path is checked (`undefined`: no construct records it). @default - all */
  readonly inScope?: (constructPath: string | undefined) => boolean;
}

/**
 * The bill of materials of every function with an asset in `targets`, and, with a database, one finding per
 * vulnerable package and advisory that no decision accepts: an error at or above the threshold, else a warning.
 * @internal
 */
export function dependencyStage(
  targets: readonly AuditTarget[],
  options: DependencyStageOptions,
): { readonly findings: Finding[]; readonly check: DependencyCheck } {
  const threshold = options.threshold ?? VulnerabilitySeverity.HIGH;
  const found = scanFunctionSboms(targets);
  const inScope = (at: { readonly constructPath: string }) => options.inScope?.(at.constructPath) ?? true;
  const sboms = found.sboms.filter(inScope);
  const findings: Finding[] = [];
  const vulnerabilities: DependencyVulnerability[] = [];
  const database = options.database;
  if (database) {
    for (const sbom of sboms) {
      options.matcher.applied(sbom.constructPath, RULE_ID);
      const location: Location = { constructPath: sbom.constructPath, logicalId: sbom.logicalId, stack: sbom.stack };
      for (const component of sbom.components) {
        for (const match of database.osv.match(component)) {
          const ruleId = `${RULE_ID}[${component.name}@${component.version}:${match.id}]`;
          const accepted = options.matcher.match(sbom.constructPath, ruleId, location) !== undefined;
          const failing = !accepted && atOrAbove(match.severity, threshold);
          vulnerabilities.push({ constructPath: sbom.constructPath, component, match, ruleId, failing, accepted });
          if (!accepted) {
            findings.push({
              ruleId,
              pack: CompliancePack.SECURE_SERVERLESS,
              severity: failing ? Severity.ERROR : Severity.WARNING,
              problem: problemOf(component, match),
              fix: fixOf(component, match, ruleId),
              location,
            });
          }
        }
      }
    }
  }
  return {
    findings,
    check: {
      sboms,
      skipped: found.withoutSbom.filter(inScope),
      warnings: found.warnings.filter(inScope),
      ...(database
        ? {
            database: {
              path: database.path,
              records: database.osv.records,
              skipped: database.osv.skipped,
            },
          }
        : {}),
      threshold,
      vulnerabilities,
    },
  };
}

/**
 * How severe a match counts, from 0 (critical) down: its advisory's rating, where `unknown` counts as high.
 * @internal
 */
export function severityRank(severity: MatchSeverity | VulnerabilitySeverity): number {
  return SEVERITY_ORDER.indexOf(severity === 'unknown' ? 'high' : (severity as MatchSeverity));
}

/** Whether `severity` (a match's) is at least `threshold`. */
function atOrAbove(severity: MatchSeverity, threshold: VulnerabilitySeverity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

function problemOf(component: SbomComponent, match: VulnerabilityMatch): string {
  const aliases = match.aliases.length > 0 ? ` (${match.aliases.join(', ')})` : '';
  const rating =
    match.severity === 'unknown'
      ? 'no severity given, counted as high'
      : `${match.severity}${match.score !== undefined ? `, CVSS ${match.score.toFixed(1)}` : ''}`;
  const summary = match.summary ? `: ${match.summary}` : '';
  return `The function's code includes ${component.name}@${component.version}, affected by ${match.id}${aliases} [${rating}]${summary}`;
}

function fixOf(component: SbomComponent, match: VulnerabilityMatch, ruleId: string): string {
  const upgrade =
    match.fixedVersions.length > 0
      ? `Upgrade ${component.name} to ${match.fixedVersions.join(' or ')} or later`
      : `No fixed version of ${component.name} is known: replace it or remove the code that uses it`;
  const about = match.url ? ` (${match.url})` : '';
  return `${upgrade}${about}, bundle again and synthesize; or acknowledge ${ruleId} on the function with a reason and an expiry`;
}
