import { compare, parse, SemVer } from 'semver';
import { comparePep440, parsePep440, Pep440Version } from './pep440';
import { Ecosystem } from '../model';

/**
 * How the versions of one range type or ecosystem parse and sort. `parse` returns `undefined` for a version the
 * order cannot place; such a version is never in a range.
 * @internal
 */
export interface VersionOrder<V> {
  readonly parse: (version: string) => V | undefined;
  readonly compare: (a: V, b: V) => number;
}

/**
 * SemVer 2.0 precedence (build metadata ignored, pre-releases before their release), for `SEMVER` ranges and npm's
 * `ECOSYSTEM` ranges. Strict parsing: `1.2` or `latest` do not parse.
 * @internal
 */
export const SEMVER_ORDER: VersionOrder<SemVer> = {
  parse: (version) => parse(version) ?? undefined,
  compare: (a, b) => compare(a, b),
};

/** PEP 440's order, for PyPI's `ECOSYSTEM` ranges. @internal */
export const PEP440_ORDER: VersionOrder<Pep440Version> = {
  parse: parsePep440,
  compare: comparePep440,
};

/**
 * `use` applied to the order of `ecosystem`'s `ECOSYSTEM` ranges: PEP 440 for PyPI, SemVer for npm.
 * @internal
 */
export function withEcosystemOrder<R>(ecosystem: Ecosystem, use: <V>(order: VersionOrder<V>) => R): R {
  return ecosystem === 'PyPI' ? use(PEP440_ORDER) : use(SEMVER_ORDER);
}

/**
 * `versions` sorted in `ecosystem`'s order and without duplicates; those the order cannot parse come last, by
 * their text.
 * @internal
 */
export function sortVersions(ecosystem: Ecosystem, versions: Iterable<string>): string[] {
  return withEcosystemOrder(ecosystem, (order) => {
    const parsed = [...new Set(versions)].map((text) => ({ text, version: order.parse(text) }));
    return parsed
      .sort((a, b) => {
        if (a.version === undefined || b.version === undefined) {
          return (a.version === undefined ? 1 : 0) - (b.version === undefined ? 1 : 0) || compareText(a.text, b.text);
        }
        return order.compare(a.version, b.version) || compareText(a.text, b.text);
      })
      .map((entry) => entry.text);
  });
}

/**
 * Whether `listed` (an entry of `affected[].versions`) names `version`: the same string, or, for PyPI, the same
 * PEP 440 version once both are normalized (`1.0` and `1.0.0`, `1.0a1` and `1.0.alpha1`).
 * @internal
 */
export function isSameVersion(ecosystem: Ecosystem, version: string, listed: string): boolean {
  if (version === listed) {
    return true;
  }
  if (ecosystem !== 'PyPI') {
    return false;
  }
  const a = parsePep440(version);
  const b = parsePep440(listed);
  return a !== undefined && b !== undefined && comparePep440(a, b) === 0;
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
