import { isInRange, parseRange } from './ranges';
import { OsvAffected, OsvEvent } from './record';
import { isSameVersion, SEMVER_ORDER, VersionOrder, withEcosystemOrder } from './versions';
import { Ecosystem } from '../model';

/** Whether one `affected[]` entry covers a version, and the fixes its matching ranges name. @internal */
export interface AffectedVerdict {
  readonly affected: boolean;
  /**
   * The `fixed` versions of the ranges that contain the version, above it (a range with two introduced/fixed
   * pairs names a fix below a re-introduction too; that one would be a downgrade and is left out).
   */
  readonly fixed: readonly string[];
}

/** A range evaluator: the fixed versions above `version` when the range contains it, else `undefined`. */
type RangeCheck = (version: string) => readonly string[] | undefined;

/** Ranges are parsed and sorted once, the first time their package is matched. */
const checks = new WeakMap<OsvAffected, readonly RangeCheck[]>();

/**
 * The schema's `IsVulnerable` for one `affected[]` entry: `version` is affected when `versions` lists it or a
 * `SEMVER` or `ECOSYSTEM` range contains it. `GIT` ranges (commit hashes) and unknown range types are ignored;
 * a version that does not parse in a range's order is in no range.
 * @internal
 */
export function evaluateAffected(entry: OsvAffected, ecosystem: Ecosystem, version: string): AffectedVerdict {
  const fixed: string[] = [];
  let inRange = false;
  for (const check of rangeChecks(entry, ecosystem)) {
    const fixes = check(version);
    if (fixes) {
      inRange = true;
      fixed.push(...fixes);
    }
  }
  const listed = entry.versions.some((listedVersion) => isSameVersion(ecosystem, version, listedVersion));
  return { affected: inRange || listed, fixed };
}

function rangeChecks(entry: OsvAffected, ecosystem: Ecosystem): readonly RangeCheck[] {
  let result = checks.get(entry);
  if (!result) {
    result = entry.ranges.flatMap((range) => {
      if (range.type === 'SEMVER') {
        return [rangeCheck(range.events, SEMVER_ORDER)];
      }
      if (range.type === 'ECOSYSTEM') {
        return [withEcosystemOrder(ecosystem, (order) => rangeCheck(range.events, order))];
      }
      return [];
    });
    checks.set(entry, result);
  }
  return result;
}

function rangeCheck<V>(events: readonly OsvEvent[], order: VersionOrder<V>): RangeCheck {
  const range = parseRange(events, order);
  if (!range) {
    return () => undefined;
  }
  return (text) => {
    const version = order.parse(text);
    if (version === undefined || !isInRange(version, range, order)) {
      return undefined;
    }
    return range.events.flatMap((event) =>
      event.kind === 'fixed' && order.compare(event.version, version) > 0 ? [event.text] : [],
    );
  };
}
