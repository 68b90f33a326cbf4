import { AcceptedFinding, Decision, Location } from './vocabulary';

/**
 * Matches findings to decisions, for the construct tree (cdk-nag's packs ask it) and for a cloud assembly or a
 * template (our rules ask it) alike: a decision recorded on a construct covers every resource at or under its
 * path, the nearest one first, as cdk-nag matches. It remembers what each decision accepted and where each rule
 * applied, so that decisions that accept nothing can be reported.
 * @internal
 */
export class DecisionMatcher {
  private readonly byPath = new Map<string, Decision[]>();
  private readonly accepted = new Map<Decision, AcceptedFinding[]>();
  /** Where each rule (without a finding suffix) applied, that is returned anything but not-applicable. */
  private readonly appliedAt = new Map<string, string[]>();

  constructor(public readonly decisions: readonly Decision[]) {
    for (const decision of decisions) {
      const path = decision.location.constructPath;
      const list = this.byPath.get(path);
      if (list) {
        list.push(decision);
      } else {
        this.byPath.set(path, [decision]);
      }
    }
  }

  /**
   * The decision nearest the resource at `constructPath` that covers the finding `ruleId` (with its `[finding]`
   * suffix, if any); recorded as accepting it. `location` is the resource's, for the report.
   */
  public match(constructPath: string, ruleId: string, location?: Location): Decision | undefined {
    if (this.byPath.size === 0) {
      return undefined;
    }
    for (let path: string | undefined = constructPath; path !== undefined; path = parentPath(path)) {
      const decision = this.byPath.get(path)?.find((d) => covers(d, ruleId));
      if (decision) {
        const list = this.accepted.get(decision) ?? [];
        list.push({ ruleId, location: location ?? { constructPath } });
        this.accepted.set(decision, list);
        return decision;
      }
    }
    return undefined;
  }

  /** Records that the rule `ruleId` (without a finding suffix) applied to the resource at `constructPath`. */
  public applied(constructPath: string, ruleId: string): void {
    const paths = this.appliedAt.get(ruleId);
    if (paths) {
      paths.push(constructPath);
    } else {
      this.appliedAt.set(ruleId, [constructPath]);
    }
  }

  /** The findings `decision` accepted. */
  public acceptedBy(decision: Decision): readonly AcceptedFinding[] {
    return this.accepted.get(decision) ?? [];
  }

  /** Whether the rule `ruleId` (without a finding suffix) applied to anything. */
  public hasApplied(ruleId: string): boolean {
    return this.appliedAt.has(ruleId);
  }

  /**
   * Whether `decision` accepts nothing although it could be judged: it accepted no finding, and one of its rules
   * (of the packs that ran, `judged`) applied to a resource it covers, or is not known at all (`isKnownRule`: a
   * typo is not). A decision whose rules applied to nothing under it cannot be judged (the rule may not see the
   * weakness, as with an imported subnet), and is not unused.
   */
  public isUnused(
    decision: Decision,
    judged: (ruleId: string) => boolean,
    isKnownRule: (ruleId: string) => boolean,
  ): boolean {
    if (this.acceptedBy(decision).length > 0) {
      return false;
    }
    const scope = decision.location.constructPath;
    return decision.ruleIds.filter(judged).some((ruleId) => {
      const rule = baseRuleId(ruleId);
      const applied = this.appliedAt.get(rule);
      if (!applied) {
        return !isKnownRule(rule);
      }
      return applied.some((path) => isAtOrUnder(path, scope));
    });
  }
}

/**
 * The rule id without its `[finding]` suffix.
 * @internal
 */
export function baseRuleId(ruleId: string): string {
  const bracket = ruleId.indexOf('[');
  return bracket === -1 ? ruleId : ruleId.slice(0, bracket);
}

/**
 * Whether the construct path `path` is `ancestor` or under it (`''` is the app, above everything).
 * @internal
 */
export function isAtOrUnder(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * The parent of a construct path; `''` (the app) for a top-level path, undefined above the app.
 * @internal
 */
export function parentPath(path: string): string | undefined {
  if (path === '') {
    return undefined;
  }
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * Whether `decision` covers the finding `ruleId`: by its exact id, as aws-cdk-lib and cdk-nag v3 match, or by
 * the id without the `[finding]` suffix when its `appliesTo` names the finding (cdk-nag v2's template format).
 */
function covers(decision: Decision, ruleId: string): boolean {
  if (decision.ruleIds.includes(ruleId)) {
    return true;
  }
  const bracket = ruleId.indexOf('[');
  if (bracket === -1 || !decision.ruleIds.includes(ruleId.slice(0, bracket))) {
    return false;
  }
  if (!decision.appliesTo) {
    return false;
  }
  const finding = ruleId.slice(bracket + 1, -1);
  return decision.appliesTo.some((pattern) =>
    typeof pattern === 'string' ? pattern === finding : matchesRegex(pattern.regex, finding),
  );
}

function matchesRegex(regex: string, finding: string): boolean {
  const literal = /^\/(.*)\/([a-z]*)$/.exec(regex);
  try {
    return (literal ? new RegExp(literal[1], literal[2]) : new RegExp(regex)).test(finding);
  } catch {
    return false;
  }
}
