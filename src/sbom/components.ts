import { PackageURL } from 'packageurl-js';
import { Ecosystem, SbomComponent } from './model';

/** A package as a reader found it, before its purl is built and its copies are merged. @internal */
export interface FoundPackage {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly evidence: readonly string[];
}

/** The purl types of the ecosystems. */
const PURL_TYPES: Record<Ecosystem, string> = { npm: 'npm', PyPI: 'pypi' };

/**
 * The package URL of a package: `pkg:npm/%40scope/name@1.2.3`, `pkg:pypi/requests@2.31.0` (packageurl-js
 * lowercases PyPI names and replaces `_` with `-`, as the purl specification asks).
 * @internal
 */
export function purlOf(ecosystem: Ecosystem, name: string, version: string): string {
  const scoped = ecosystem === 'npm' && name.startsWith('@') && name.includes('/');
  const namespace = scoped ? name.slice(0, name.indexOf('/')) : undefined;
  const bare = scoped ? name.slice(name.indexOf('/') + 1) : name;
  return new PackageURL(PURL_TYPES[ecosystem], namespace, bare, version, undefined, undefined).toString();
}

/**
 * The components of the packages found: one per ecosystem, name and version (PyPI names compared as PEP 503
 * normalizes them), the evidence of every copy merged, the first license declared kept; sorted by ecosystem,
 * name (PyPI's normalized) and version.
 * @internal
 */
export function mergePackages(found: readonly FoundPackage[]): SbomComponent[] {
  const byKey = new Map<string, { first: FoundPackage; license?: string; evidence: Set<string> }>();
  for (const p of found) {
    const key = [p.ecosystem, comparableName(p.ecosystem, p.name), p.version].join('\0');
    const seen = byKey.get(key);
    if (seen) {
      p.evidence.forEach((e) => seen.evidence.add(e));
      seen.license ??= p.license;
    } else {
      byKey.set(key, { first: p, license: p.license, evidence: new Set(p.evidence) });
    }
  }
  return [...byKey.values()]
    .map(({ first, license, evidence }) => ({
      ecosystem: first.ecosystem,
      name: first.name,
      version: first.version,
      purl: purlOf(first.ecosystem, first.name, first.version),
      ...(license !== undefined ? { license } : {}),
      evidence: [...evidence].sort(compareText),
    }))
    .sort(compareComponents);
}

/** Ecosystem, then name, then version (numeric parts compared as numbers): the order of a bill of materials. */
function compareComponents(a: SbomComponent, b: SbomComponent): number {
  return (
    compareText(a.ecosystem, b.ecosystem) ||
    compareText(comparableName(a.ecosystem, a.name), comparableName(b.ecosystem, b.name)) ||
    compareText(a.name, b.name) ||
    compareVersions(a.version, b.version)
  );
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1.10.0` after `1.9.0`: digit runs compared as numbers, the rest as text. */
function compareVersions(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    const order = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : compareText(x, y);
    if (order !== 0) {
      return Math.sign(order);
    }
  }
  return pa.length - pb.length || compareText(a, b);
}

/** The name as the ecosystem compares names: PyPI's normalized form (PEP 503), npm's as it is. */
function comparableName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}
