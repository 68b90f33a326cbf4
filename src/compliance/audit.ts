import { AuditTarget, loadTargets } from './cloud-assembly';
import { creationSiteOfMetadata } from './creation-site';
import { DecisionMatcher, parentPath } from './decision-matcher';
import { DependencyCheck, dependencyStage } from './dependency-stage';
import { functionPermissions } from './permissions';
import { createReport } from './reports/build';
import { ComplianceReport } from './reports/model';
import { RuleDefinition } from './rules/rule';
import { InvalidTemplateError } from './template-engine';
import { TemplateLoadError } from './template-files';
import { decisionsInTemplates, templateFindings } from './template-stage';
import { Location, VulnerabilitySeverity } from './vocabulary';
import { vulnerabilityDatabase } from './vulnerability-database';

/**
 * What the audit matches the functions' bills of materials against.
 * @internal
 */
export interface AuditOptions {
  /** An OSV export. @default - no vulnerability check */
  readonly vulnerabilityDatabase?: string;
  /** @default VulnerabilitySeverity.HIGH */
  readonly vulnerabilityThreshold?: VulnerabilitySeverity;
}

/**
 * Audits a cloud assembly directory (`cdk.out`) or a single template file (JSON or YAML) with `rules`, honouring
 * the decisions its metadata records, in the report model the gate uses; with the bill of materials of each
 * function with a code asset, matched against an OSV export when one is given.
 *
 * @throws TemplateLoadError when the path is missing, unreadable, not valid JSON/YAML, or not a template
 * @internal
 */
export function audit(
  path: string,
  rules: readonly RuleDefinition[],
  cwd: string = process.cwd(),
  options: AuditOptions = {},
): { readonly report: ComplianceReport; readonly dependencies: DependencyCheck } {
  const targets = loadTargets(path);
  try {
    const decisions = [...targets.flatMap((t) => t.decisions), ...decisionsInTemplates(targets)];
    const matcher = new DecisionMatcher(decisions);
    const locate = sourceLocator(targets, cwd);
    const dependencies = dependencyStage(targets, {
      database: vulnerabilityDatabase(options.vulnerabilityDatabase),
      threshold: options.vulnerabilityThreshold,
      matcher,
    });
    const findings = [...templateFindings(targets, { rules, matcher, cwd }), ...dependencies.findings].map((f) => ({
      ...f,
      location: locate(f.location),
    }));
    const report = createReport({
      findings,
      decisions: decisions.map((d) => ({
        ...d,
        location: locate(d.location),
        accepted: matcher.acceptedBy(d).map((a) => ({ ...a, location: locate(a.location) })),
        // The audit runs our rules only: a decision is judged unused only for them.
        unused: matcher.isUnused(
          d,
          (id) => id.startsWith('SecureServerless-'),
          () => true,
        ),
        expired: false,
      })),
      ourRules: rules,
      applied: (ruleId) => matcher.hasApplied(ruleId),
      permissions: functionPermissions(targets),
      dependencies: dependencies.check,
    });
    return { report, dependencies: dependencies.check };
  } catch (error) {
    if (error instanceof InvalidTemplateError) {
      const file = targets.find((t) => error.message.startsWith(`${t.stack} `))?.file ?? path;
      throw new TemplateLoadError(`${file} is not a CloudFormation template: ${error.problem}`);
    }
    throw error;
  }
}

/**
 * Adds to a location the source line that created its construct, or the nearest ancestor's, from the creation
 * stacks the assembly's metadata records.
 */
function sourceLocator(targets: readonly AuditTarget[], cwd: string): (location: Location) => Location {
  const metadata = new Map(targets.flatMap((t) => [...t.metadata]));
  return (location) => {
    for (let path: string | undefined = location.constructPath; path; path = parentPath(path)) {
      const site = creationSiteOfMetadata(metadata.get(path), cwd);
      if (site) {
        return { ...location, sourceFile: site.file, sourceLine: site.line };
      }
    }
    return location;
  };
}
