import { writeFileSync } from 'fs';
import { join } from 'path';
import { component, osvRecord, osvZip, OsvJson, tempDir, writeFiles } from './osv-fixtures';
import { OsvDatabase } from '../../../src/sbom/osv/database';
import { loadOsvDatabase } from '../../../src/sbom/osv/load';
import { OsvRecord, readOsvRecord } from '../../../src/sbom/osv/record';

/**
 * Matching SBOM components against OSV records loaded from disk: the schema's evaluation (versions list or
 * SEMVER/ECOSYSTEM ranges), withdrawn records, PyPI names and versions, and what a match carries.
 */

const LODASH = { ecosystem: 'npm', name: 'lodash' };
const CRITICAL_VECTOR = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };

const RECORDS: Record<string, OsvJson> = {
  'GHSA-fixed.json': osvRecord('GHSA-fixed', LODASH, [{ introduced: '0' }, { fixed: '4.17.21' }], {
    aliases: ['CVE-2021-23337'],
    summary: 'Command injection in lodash',
    severity: [CRITICAL_VECTOR],
    references: [
      { type: 'WEB', url: 'https://example.com/blog' },
      { type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-fixed' },
    ],
  }),
  'GHSA-last.json': osvRecord('GHSA-last', LODASH, [{ introduced: '4.17.0' }, { last_affected: '4.17.20' }], {
    database_specific: { severity: 'MODERATE' },
  }),
  'nested/GHSA-pairs.json': osvRecord(
    'GHSA-pairs',
    LODASH,
    [{ introduced: '3.0.0' }, { fixed: '3.10.2' }, { introduced: '4.0.0' }, { fixed: '4.5.0' }],
    { database_specific: { severity: 'LOW' } },
  ),
  'GHSA-listed.json': {
    id: 'GHSA-listed',
    modified: '2026-01-02T00:00:00Z',
    affected: [{ package: LODASH, versions: ['2.4.1', '2.4.2'], database_specific: { severity: 'HIGH' } }],
  },
  'GHSA-withdrawn.json': osvRecord('GHSA-withdrawn', LODASH, [{ introduced: '0' }], {
    withdrawn: '2026-01-03T00:00:00Z',
  }),
  'GO-2026-0001.json': osvRecord('GO-2026-0001', { ecosystem: 'Go', name: 'lodash' }, [{ introduced: '0' }]),
};

describe('OsvDatabase.match, loaded from a directory', () => {
  const { dir, cleanup } = tempDir();
  let db: OsvDatabase;
  beforeAll(() => {
    writeFiles(dir, RECORDS);
    db = loadOsvDatabase(dir);
  });
  afterAll(cleanup);

  const ids = (version: string) => db.match(component('npm', 'lodash', version)).map((m) => m.id);

  test('a vulnerable version matches; the fixed version does not', () => {
    expect(ids('4.17.20')).toContain('GHSA-fixed');
    expect(ids('4.17.21')).not.toContain('GHSA-fixed');
  });

  test('last_affected includes its own version, not the next', () => {
    expect(ids('4.17.20')).toContain('GHSA-last');
    expect(ids('4.17.21')).not.toContain('GHSA-last');
  });

  test('a version below a non-zero introduced does not match', () => {
    expect(ids('4.16.6')).not.toContain('GHSA-last');
    expect(ids('4.17.0')).toContain('GHSA-last');
  });

  test('two introduced/fixed pairs in one range', () => {
    expect(ids('3.5.0')).toContain('GHSA-pairs');
    expect(ids('3.10.2')).not.toContain('GHSA-pairs');
    expect(ids('4.4.9')).toContain('GHSA-pairs');
    expect(ids('4.5.0')).not.toContain('GHSA-pairs');
  });

  test('an explicit versions list matches those versions only', () => {
    expect(ids('2.4.1')).toContain('GHSA-listed');
    expect(ids('2.4.3')).not.toContain('GHSA-listed');
  });

  test('a withdrawn record and other ecosystems are ignored', () => {
    expect(ids('4.17.20')).not.toContain('GHSA-withdrawn');
    expect(ids('4.17.20')).not.toContain('GO-2026-0001');
    expect(db.withdrawn).toBe(1);
    expect(db.records).toBe(6);
    expect(db.ecosystems).toEqual({ npm: 4, PyPI: 0 });
  });

  test('an invalid component version matches nothing, without throwing', () => {
    expect(ids('latest')).toEqual([]);
    expect(db.match(component('npm', 'left-pad', '1.0.0'))).toEqual([]);
  });

  test('a match carries aliases, summary, severity, score, fixed versions, the advisory URL and modified', () => {
    const [match] = db.match(component('npm', 'lodash', '4.17.20'));
    expect(match).toEqual({
      id: 'GHSA-fixed',
      aliases: ['CVE-2021-23337'],
      summary: 'Command injection in lodash',
      severity: 'critical',
      score: 9.8,
      fixedVersions: ['4.17.21'],
      url: 'https://github.com/advisories/GHSA-fixed',
      modified: '2026-01-01T00:00:00Z',
    });
  });

  test('matches are sorted by severity, then id; without an ADVISORY reference the URL is osv.dev', () => {
    const matches = db.match(component('npm', 'lodash', '4.17.1'));
    expect(matches.map((m) => [m.id, m.severity])).toEqual([
      ['GHSA-fixed', 'critical'],
      ['GHSA-last', 'medium'],
    ]);
    expect(matches[1]).toMatchObject({ url: 'https://osv.dev/vulnerability/GHSA-last', fixedVersions: [] });
  });
});

describe('OsvDatabase.match, PyPI', () => {
  const record = (json: OsvJson): OsvRecord => readOsvRecord(json) as OsvRecord;
  const db = new OsvDatabase([
    record({
      id: 'PYSEC-2026-1',
      aliases: ['CVE-2026-0001', 'GHSA-aaaa-bbbb-cccc'],
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'foo-bar' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: '2.0.post1' }] }],
          versions: ['0.9'],
        },
      ],
    }),
    record({
      id: 'PYSEC-2026-2',
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'foo-bar' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0a1' }, { fixed: '3.0rc2' }] }],
        },
      ],
    }),
  ]);
  const ids = (name: string, version: string) => db.match(component('PyPI', name, version)).map((m) => m.id);

  test('names are compared after PEP 503 normalization', () => {
    expect(ids('Foo_Bar', '1.5')).toEqual(['PYSEC-2026-1']);
    expect(ids('foo.bar', '1.5')).toEqual(['PYSEC-2026-1']);
    expect(ids('FOO--bar', '1.5')).toEqual(['PYSEC-2026-1']);
    expect(ids('foobar', '1.5')).toEqual([]);
  });

  test('versions compare in PEP 440 order: dev, pre and post releases', () => {
    expect(ids('foo-bar', '1.0.dev1')).toEqual([]);
    expect(ids('foo-bar', '1.0rc1')).toEqual([]);
    expect(ids('foo-bar', '1.0.0')).toEqual(['PYSEC-2026-1']);
    expect(ids('foo-bar', '2.0')).toEqual(['PYSEC-2026-1']);
    expect(ids('foo-bar', '2.0.post1.dev0')).toEqual(['PYSEC-2026-1']);
    expect(ids('foo-bar', '2.0.post1')).toEqual([]);
    expect(ids('foo-bar', '3.0.dev0')).toEqual([]);
    expect(ids('foo-bar', '3.0b1')).toEqual(['PYSEC-2026-2']);
    expect(ids('foo-bar', '3.0rc2')).toEqual([]);
  });

  test('versions lists compare normalized PEP 440 versions', () => {
    expect(ids('foo-bar', '0.9.0')).toEqual(['PYSEC-2026-1']);
    expect(ids('foo-bar', '0.9.1')).toEqual([]);
  });

  test('aliases are carried and fixed versions listed; no rating is unknown', () => {
    expect(db.match(component('PyPI', 'foo_bar', '1.2'))).toEqual([
      expect.objectContaining({
        aliases: ['CVE-2026-0001', 'GHSA-aaaa-bbbb-cccc'],
        severity: 'unknown',
        fixedVersions: ['2.0.post1'],
      }),
    ]);
  });
});

describe('OsvDatabase.match, the details', () => {
  const record = (json: OsvJson): OsvRecord => readOsvRecord(json) as OsvRecord;

  test('fixed versions of every matching range and entry, sorted, each once, none below the version', () => {
    const db = new OsvDatabase([
      record({
        id: 'GHSA-multi',
        affected: [
          {
            package: LODASH,
            ranges: [
              {
                type: 'SEMVER',
                events: [{ introduced: '0' }, { fixed: '1.0.2' }, { introduced: '1.1.0' }, { fixed: '10.0.0' }],
              },
              { type: 'ECOSYSTEM', events: [{ introduced: '1.0.0' }, { fixed: '2.0.0' }] },
              {
                type: 'GIT',
                repo: 'https://github.com/lodash/lodash',
                events: [{ introduced: '0' }, { fixed: 'abc123' }],
              },
            ],
          },
          { package: LODASH, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] },
        ],
      }),
    ]);
    expect(db.match(component('npm', 'lodash', '1.5.0'))).toEqual([
      expect.objectContaining({ id: 'GHSA-multi', fixedVersions: ['2.0.0', '10.0.0'] }),
    ]);
  });

  test('a GIT range alone matches nothing', () => {
    const db = new OsvDatabase([
      record({
        id: 'OSV-git',
        affected: [{ package: LODASH, ranges: [{ type: 'GIT', repo: 'r', events: [{ introduced: '0' }] }] }],
      }),
    ]);
    expect(db.match(component('npm', 'lodash', '1.0.0'))).toEqual([]);
  });

  test('severity from the matched affected entry, before the record', () => {
    const db = new OsvDatabase([
      record({
        id: 'GHSA-levels',
        database_specific: { severity: 'LOW' },
        affected: [
          {
            package: LODASH,
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
            database_specific: { severity: 'HIGH' },
          },
        ],
      }),
    ]);
    expect(db.match(component('npm', 'lodash', '1.0.0'))[0].severity).toBe('high');
  });

  test('the ecosystem may carry a suffix; npm names are exact', () => {
    const db = new OsvDatabase([
      record({
        id: 'GHSA-suffix',
        affected: [{ package: { ecosystem: 'npm:registry', name: '@scope/Pkg' }, versions: ['1.0.0'] }],
      }),
    ]);
    expect(db.match(component('npm', '@scope/Pkg', '1.0.0'))).toHaveLength(1);
    expect(db.match(component('npm', '@scope/pkg', '1.0.0'))).toHaveLength(0);
  });

  test('the same id twice keeps the most recently modified record', () => {
    const older = record(osvRecord('GHSA-dup', LODASH, [{ introduced: '0' }], { modified: '2025-01-01T00:00:00Z' }));
    const newer = record(
      osvRecord('GHSA-dup', LODASH, [{ introduced: '0' }, { fixed: '1.0.0' }], { modified: '2026-06-01T00:00:00Z' }),
    );
    const db = new OsvDatabase([newer, older]);
    expect(db.duplicates).toBe(1);
    expect(db.records).toBe(1);
    expect(db.match(component('npm', 'lodash', '2.0.0'))).toEqual([]);
  });
});

describe('loadOsvDatabase, a zip export', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  test('reads one record per JSON entry and matches the same as a directory', () => {
    const zip = join(dir, 'all.zip');
    writeFileSync(zip, osvZip(Object.fromEntries(Object.entries(RECORDS).map(([k, v]) => [k.replace(/.*\//, ''), v]))));
    const db = loadOsvDatabase(zip);
    expect(db.records).toBe(6);
    expect(db.match(component('npm', 'lodash', '4.17.20')).map((m) => m.id)).toEqual(['GHSA-fixed', 'GHSA-last']);
  });
});
