import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { strToU8, zipSync } from 'fflate';
import { Ecosystem, SbomComponent } from '../../../src/sbom/model';

/** OSV records as the schema writes them, for tests: JSON, not the matcher's reduced type. */
export type OsvJson = Record<string, unknown>;

/** A record affecting one package through one range of `events`. */
export function osvRecord(
  id: string,
  pkg: { ecosystem: string; name: string },
  events: readonly Record<string, string>[],
  extra: OsvJson = {},
): OsvJson {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    published: '2025-12-01T00:00:00Z',
    details: 'Long markdown the matcher does not read.',
    affected: [{ package: pkg, ranges: [{ type: 'SEMVER', events }] }],
    ...extra,
  };
}

export function component(ecosystem: Ecosystem, name: string, version: string): SbomComponent {
  return {
    ecosystem,
    name,
    version,
    purl: `pkg:${ecosystem.toLowerCase()}/${name}@${version}`,
    evidence: ['package.json'],
  };
}

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'osv-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → JSON value or raw text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, OsvJson | string>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
}

/** A zip as OSV publishes an ecosystem's export: one `<id>.json` entry per record. */
export function osvZip(entries: Record<string, OsvJson | string>, level: 0 | 6 = 6): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([name, content]) => [
        name,
        strToU8(typeof content === 'string' ? content : JSON.stringify(content)),
      ]),
    ),
    { level },
  );
}
