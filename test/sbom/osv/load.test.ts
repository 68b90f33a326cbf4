import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { component, osvRecord, osvZip, tempDir, writeFiles } from './osv-fixtures';
import { loadOsvDatabase, OsvLoadError } from '../../../src/sbom/osv/load';

/** Reading OSV exports: directories of records, zips, zips in directories, and what cannot be read. */

const record = (id: string, name = 'lodash') => osvRecord(id, { ecosystem: 'npm', name }, [{ introduced: '0' }]);

describe('loadOsvDatabase', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  test('reads *.json records recursively and zips inside the directory; other files are ignored', () => {
    writeFiles(dir, {
      'GHSA-a.json': record('GHSA-a', 'a'),
      'deep/er/GHSA-b.JSON': record('GHSA-b', 'b'),
      'README.md': 'not a record',
    });
    mkdirSync(join(dir, 'exports'));
    writeFileSync(join(dir, 'exports', 'all.zip'), osvZip({ 'GHSA-c.json': record('GHSA-c', 'c'), LICENSE: 'x' }));
    const db = loadOsvDatabase(dir);
    expect(db.records).toBe(3);
    expect(db.skipped).toBe(0);
    for (const name of ['a', 'b', 'c']) {
      expect(db.match(component('npm', name, '1.0.0'))).toHaveLength(1);
    }
  });

  test('an invalid record is skipped and counted, with where and why', () => {
    writeFiles(dir, {
      'GHSA-good.json': record('GHSA-good'),
      'GHSA-broken.json': '{"id": "GHSA-broken", "affected": [',
      'GHSA-noid.json': { affected: [] },
      'GHSA-shape.json': { id: 'GHSA-shape', affected: { package: 'lodash' } },
    });
    const db = loadOsvDatabase(dir);
    expect(db.records).toBe(1);
    expect(db.skipped).toBe(3);
    expect(db.skippedRecords).toEqual([
      { source: join(dir, 'GHSA-broken.json'), reason: expect.stringMatching(/^invalid JSON: /) },
      { source: join(dir, 'GHSA-noid.json'), reason: 'not an OSV record: no "id" string' },
      { source: join(dir, 'GHSA-shape.json'), reason: 'not an OSV record: "affected" is not an array' },
    ]);
  });

  test('an invalid entry of a zip is skipped and named by zip and entry', () => {
    const zip = join(dir, 'all.zip');
    writeFileSync(zip, osvZip({ 'GHSA-good.json': record('GHSA-good'), 'GHSA-bad.json': 'not json' }));
    const db = loadOsvDatabase(zip);
    expect(db.records).toBe(1);
    expect(db.skippedRecords).toEqual([
      { source: `${zip}!GHSA-bad.json`, reason: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  test('reads a zip written as a stream (sizes in data descriptors, as streaming zip writers do)', () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const id of ['GHSA-s1', 'GHSA-s2']) {
      const entry = new ZipDeflate(`${id}.json`, { level: 6 });
      zip.add(entry);
      entry.push(strToU8(JSON.stringify(record(id))), true);
    }
    zip.end();
    const file = join(dir, 'streamed.zip');
    writeFileSync(file, Buffer.concat(chunks));
    const db = loadOsvDatabase(file);
    expect(db.records).toBe(2);
    expect(db.match(component('npm', 'lodash', '1.0.0')).map((m) => m.id)).toEqual(['GHSA-s1', 'GHSA-s2']);
  });

  test('reads a Zip64 zip (OSV exports of more than 65,535 records are Zip64), from its Zip64 end record', () => {
    const file = join(dir, 'zip64.zip');
    writeFileSync(file, asZip64(osvZip({ 'GHSA-a.json': record('GHSA-a'), 'GHSA-b.json': record('GHSA-b') })));
    expect(loadOsvDatabase(file).records).toBe(2);
  });

  test('reads a zip of many records', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`GHSA-${i}.json`, record(`GHSA-${i}`, `pkg-${i % 100}`)]),
    );
    const file = join(dir, 'all.zip');
    writeFileSync(file, osvZip(entries));
    const db = loadOsvDatabase(file);
    expect(db.records).toBe(5000);
    expect(db.match(component('npm', 'pkg-7', '1.0.0'))).toHaveLength(50);
  });

  test('reads stored (uncompressed) entries', () => {
    const file = join(dir, 'stored.zip');
    writeFileSync(file, osvZip({ 'GHSA-stored.json': record('GHSA-stored') }, 0));
    expect(loadOsvDatabase(file).records).toBe(1);
  });

  test('fails for a zip whose compressed data is corrupt, naming the zip and the entry', () => {
    const zip = osvZip({ 'GHSA-corrupt.json': { ...record('GHSA-corrupt'), details: 'x'.repeat(5000) } });
    zip.fill(0xff, 60, 80); // inside the deflate stream, past the 30-byte header and the 17-byte name
    const file = join(dir, 'corrupt.zip');
    writeFileSync(file, zip);
    expect(() => loadOsvDatabase(file)).toThrow(
      new RegExp(`^${escape(file)}: cannot read the zip: GHSA-corrupt\\.json: `),
    );
  });

  test('reads a single record file', () => {
    writeFiles(dir, { 'GHSA-one.json': record('GHSA-one') });
    expect(loadOsvDatabase(join(dir, 'GHSA-one.json')).records).toBe(1);
  });

  test('fails for a path that does not exist, naming it and what was expected', () => {
    const missing = join(dir, 'nope');
    expect(() => loadOsvDatabase(missing)).toThrow(OsvLoadError);
    expect(() => loadOsvDatabase(missing)).toThrow(
      new RegExp(`^${escape(missing)}: no such file or directory; expected a directory of OSV JSON records`),
    );
  });

  test('fails for an empty directory, naming it and what was expected', () => {
    expect(() => loadOsvDatabase(dir)).toThrow(
      new RegExp(
        `^${escape(dir)}: no OSV record found; expected a directory of OSV JSON records .* or an OSV export zip`,
      ),
    );
  });

  test('fails for a directory of unreadable records only, saying how many and the first reason', () => {
    writeFiles(dir, { 'a.json': '{', 'b.json': '[]' });
    expect(() => loadOsvDatabase(dir)).toThrow(/no OSV record found, 2 unreadable \(first: .*a\.json: invalid JSON/);
  });

  test('fails for a file that is not a zip or a corrupt zip', () => {
    writeFiles(dir, { 'all.zip': 'PK\u0003\u0004 this is not really a zip' });
    expect(() => loadOsvDatabase(join(dir, 'all.zip'))).toThrow(OsvLoadError);
    writeFiles(dir, { 'export.txt': 'hello' });
    expect(() => loadOsvDatabase(join(dir, 'export.txt'))).toThrow(
      /export\.txt: cannot read the zip: not a zip file; expected/,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `zip` rewritten the way writers of more than 65,535 entries end it: the end record's counts, size and offset
 * set to their Zip64 markers, and the real values in a Zip64 end record and its locator placed before it.
 */
function asZip64(zip: Uint8Array): Buffer {
  const data = Buffer.from(zip);
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(0x06064b50, 0);
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeUInt16LE(45, 12);
  zip64End.writeUInt16LE(45, 14);
  zip64End.writeBigUInt64LE(BigInt(entries), 24);
  zip64End.writeBigUInt64LE(BigInt(entries), 32);
  zip64End.writeBigUInt64LE(BigInt(size), 40);
  zip64End.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(data.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([data.subarray(0, eocd), zip64End, locator, end]);
}
