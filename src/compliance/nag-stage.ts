import { PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { requirementOf } from './catalog';
import { baseRuleId, DecisionMatcher } from './decision-matcher';
import { AppliedRule, createNagPack } from './packs';
import { withoutControlIds } from './reports/frameworks';
import { CompliancePack, Finding, Severity } from './vocabulary';

/**
 * The rules cdk-nag's packs offered during one run, by id: the reports list every rule with its status (failed,
 * passed, not applicable), which cdk-nag does not report.
 * @internal
 */
export type OfferedRules = Map<string, AppliedRule>;

/**
 * Runs cdk-nag's pack `pack` over every resource under `scope`, with `matcher` deciding which findings are
 * accepted, and returns the findings no decision accepts.
 * @internal
 */
export function nagFindings(
  scope: IConstruct,
  pack: Exclude<CompliancePack, CompliancePack.SECURE_SERVERLESS>,
  matcher: DecisionMatcher,
  offered: OfferedRules,
  options: { readonly verbose?: boolean; readonly warningsAsErrors?: boolean },
): Finding[] {
  let reported: PolicyViolation[];
  try {
    reported = createNagPack(pack, matcher, (rule) => offered.set(rule.id, rule)).validateScope(scope).violations;
  } catch (error) {
    // A pack that crashes must not pass silently.
    return [
      {
        ruleId: `${pack}-PackFailed`,
        pack,
        severity: Severity.ERROR,
        problem: `The ${pack} pack failed to run: ${(error as Error).message}`,
        fix: 'Report the error with the stack trace to cdk-secure-serverless; until fixed, run the gate without this pack (packs option)',
        location: { constructPath: scope.node.path },
      },
    ];
  }
  return reported.flatMap((violation) => {
    const rule = offered.get(baseRuleId(violation.ruleName));
    const info = withoutControlIds(rule?.info ?? violation.description);
    const why = options.verbose && rule?.explanation ? ` Why: ${rule.explanation}` : '';
    const severity = options.warningsAsErrors || violation.severity !== 'warning' ? Severity.ERROR : Severity.WARNING;
    const fix = `${requirementOf(violation.ruleName) ?? `What cdk-nag's RULES.md says of ${violation.ruleName}`}${why}`;
    return violation.violatingResources.map((resource): Finding => ({
      ruleId: violation.ruleName,
      pack,
      severity,
      problem: info,
      fix,
      location: { constructPath: resource.constructPath ?? resource.resourceLogicalId ?? scope.node.path },
    }));
  });
}
