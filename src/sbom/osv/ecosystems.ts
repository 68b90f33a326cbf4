import { Ecosystem } from '../model';

/**
 * The ecosystem of an OSV `affected[].package.ecosystem` string, without its `:<suffix>` if any (`PyPI`,
 * `npm:whatever`).
 * @returns the ecosystem, or `undefined` for one the library does not read (`Go`, `Debian:12`, `Root:npm`)
 * @internal
 */
export function ecosystemOf(osvEcosystem: string): Ecosystem | undefined {
  const base = osvEcosystem.split(':', 1)[0].trim();
  return base === 'npm' || base === 'PyPI' ? base : undefined;
}

/**
 * A package name as the index keys it: npm names as they are (npm names are case-sensitive in the registry's
 * history and OSV records them exactly); PyPI names by PEP 503 (`Foo_Bar.baz` → `foo-bar-baz`).
 * @internal
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.replace(/[-_.]+/g, '-').toLowerCase() : name;
}
