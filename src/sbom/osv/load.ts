import { readdirSync, readFileSync, Stats, statSync } from 'fs';
import { join } from 'path';
import { OsvDatabase, OsvSkippedRecord } from './database';
import { OsvRecord, readOsvRecord } from './record';
import { forEachZipEntry } from './zip';

/**
 * An OSV export that cannot be read at all: a missing path, an unreadable file or zip, or no record in it.
 * (One unreadable record is not an error: it is skipped and counted.)
 * @internal
 */
export class OsvLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OsvLoadError';
    Object.setPrototypeOf(this, OsvLoadError.prototype);
  }
}

const EXPECTED =
  'expected a directory of OSV JSON records (one vulnerability per *.json file, or zips of them) ' +
  'or an OSV export zip such as https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip';

/**
 * The OSV records at `path`, indexed for matching. `path` is a directory, searched recursively for `*.json`
 * records and `*.zip` exports, or one zip export (one record per `*.json` entry), or one `*.json` record.
 * A record that is not JSON or not an OSV record is skipped and reported in `skippedRecords`.
 * @throws OsvLoadError when `path` does not exist, cannot be read, or holds no record
 * @internal
 */
export function loadOsvDatabase(path: string): OsvDatabase {
  const records: OsvRecord[] = [];
  const skipped: OsvSkippedRecord[] = [];
  const add = (source: string, bytes: Uint8Array): void => {
    const record = parseRecord(bytes);
    if (typeof record === 'string') {
      skipped.push({ source, reason: record });
    } else {
      records.push(record);
    }
  };

  const stats = statOrUndefined(path);
  if (!stats) {
    throw new OsvLoadError(`${path}: no such file or directory; ${EXPECTED}`);
  }
  if (stats.isDirectory()) {
    for (const file of recordFiles(path)) {
      if (file.toLowerCase().endsWith('.zip')) {
        readZip(file, add);
      } else {
        add(file, readOrThrow(file));
      }
    }
  } else if (path.toLowerCase().endsWith('.json')) {
    add(path, readOrThrow(path));
  } else {
    readZip(path, add);
  }

  if (records.length === 0) {
    const why = skipped.length > 0 ? `, ${skipped.length} unreadable (first: ${describe(skipped[0])})` : '';
    throw new OsvLoadError(`${path}: no OSV record found${why}; ${EXPECTED}`);
  }
  return new OsvDatabase(records, skipped);
}

function parseRecord(bytes: Uint8Array): OsvRecord | string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  const record = readOsvRecord(json);
  return typeof record === 'string' ? `not an OSV record: ${record}` : record;
}

/** The `*.json` and `*.zip` files under `dir`, recursively, sorted so that loading is deterministic. */
function recordFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new OsvLoadError(`${dir}: cannot read the directory: ${errorCode(error)}; ${EXPECTED}`);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = join(dir, entry.name);
    const name = entry.name.toLowerCase();
    // Symbolic links are followed to files only, so a link cannot make the walk loop.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(file)?.isFile() === true);
    if (entry.isDirectory()) {
      files.push(...recordFiles(file));
    } else if (isFile && (name.endsWith('.json') || name.endsWith('.zip'))) {
      files.push(file);
    }
  }
  return files;
}

/** Each `*.json` entry of the zip at `file`, passed to `add` with its source `<zip>!<entry>`. */
function readZip(file: string, add: (source: string, bytes: Uint8Array) => void): void {
  const failure = forEachZipEntry(
    file,
    (name) => name.toLowerCase().endsWith('.json'),
    (name, bytes) => add(`${file}!${name}`, bytes),
  );
  if (failure !== undefined) {
    throw new OsvLoadError(`${file}: cannot read the zip: ${failure}; ${EXPECTED}`);
  }
}

function readOrThrow(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new OsvLoadError(`${file}: cannot read: ${errorCode(error)}`);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function describe(skipped: OsvSkippedRecord): string {
  return `${skipped.source}: ${skipped.reason}`;
}
