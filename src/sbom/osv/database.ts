import { evaluateAffected } from './affected';
import { ecosystemOf, normalizePackageName } from './ecosystems';
import { compareMatches, toVulnerabilityMatch, VulnerabilityMatch } from './match';
import { OsvAffected, OsvRecord } from './record';
import { Ecosystem, SbomComponent } from '../model';

/** A file or zip entry that held no usable record, and why. @internal */
export interface OsvSkippedRecord {
  /** The file, or `<zip>!<entry>` for a zip entry. */
  readonly source: string;
  readonly reason: string;
}

/** The `affected` entries of one record for one package. */
interface IndexEntry {
  readonly record: OsvRecord;
  readonly affected: OsvAffected[];
}

/**
 * OSV records indexed by ecosystem and package name, for matching SBOM components offline. Built by
 * `loadOsvDatabase`, or directly from records in tests.
 * @internal
 */
export class OsvDatabase {
  /** The records read, withdrawn ones included, each id once. */
  public readonly records: number;
  /** The records ignored because they were withdrawn. */
  public readonly withdrawn: number;
  /** The files and zip entries that held no usable record (`skippedRecords` says why). */
  public readonly skipped: number;
  public readonly skippedRecords: readonly OsvSkippedRecord[];
  /** Per ecosystem, the records (not withdrawn) with an `affected` entry for it. */
  public readonly ecosystems: Readonly<Record<Ecosystem, number>>;
  /** Records that appeared more than once (the same id in two files): the latest `modified` is kept. */
  public readonly duplicates: number;

  private readonly index = new Map<string, IndexEntry[]>();

  /**
   * @param records the records, in any order; withdrawn records and other ecosystems' `affected` entries are
   * counted and left out of the index
   * @param skippedRecords what the loader could not read
   */
  constructor(records: Iterable<OsvRecord>, skippedRecords: readonly OsvSkippedRecord[] = []) {
    const byId = new Map<string, OsvRecord>();
    let duplicates = 0;
    for (const record of records) {
      const previous = byId.get(record.id);
      if (previous) {
        duplicates++;
        if ((previous.modified ?? '') >= (record.modified ?? '')) {
          continue;
        }
      }
      byId.set(record.id, record);
    }
    const ecosystems: Record<Ecosystem, number> = { npm: 0, PyPI: 0 };
    let withdrawn = 0;
    for (const record of byId.values()) {
      if (record.withdrawn !== undefined) {
        withdrawn++;
        continue;
      }
      for (const ecosystem of this.indexRecord(record)) {
        ecosystems[ecosystem]++;
      }
    }
    this.records = byId.size;
    this.withdrawn = withdrawn;
    this.duplicates = duplicates;
    this.skipped = skippedRecords.length;
    this.skippedRecords = skippedRecords;
    this.ecosystems = ecosystems;
  }

  /**
   * The vulnerabilities that affect `component`, one per record, most severe first, then by id.
   * A version that does not parse in its ecosystem's order (`latest`, a git URL) matches only records that list
   * it verbatim in `versions`.
   */
  public match(component: SbomComponent): VulnerabilityMatch[] {
    const entries = this.index.get(indexKey(component.ecosystem, component.name)) ?? [];
    const matches: VulnerabilityMatch[] = [];
    for (const { record, affected } of entries) {
      const matched: OsvAffected[] = [];
      const fixed: string[] = [];
      for (const entry of affected) {
        const verdict = evaluateAffected(entry, component.ecosystem, component.version);
        if (verdict.affected) {
          matched.push(entry);
          fixed.push(...verdict.fixed);
        }
      }
      if (matched.length > 0) {
        matches.push(toVulnerabilityMatch(record, component.ecosystem, matched, fixed));
      }
    }
    return matches.sort(compareMatches);
  }

  /** Adds `record`'s `affected` entries to the index, grouped by package. @returns the ecosystems it names */
  private indexRecord(record: OsvRecord): Set<Ecosystem> {
    const byKey = new Map<string, IndexEntry>();
    const ecosystems = new Set<Ecosystem>();
    for (const affected of record.affected) {
      const ecosystem = ecosystemOf(affected.package.ecosystem);
      if (!ecosystem) {
        continue;
      }
      ecosystems.add(ecosystem);
      const key = indexKey(ecosystem, affected.package.name);
      const entry = byKey.get(key);
      if (entry) {
        entry.affected.push(affected);
        continue;
      }
      const created = { record, affected: [affected] };
      byKey.set(key, created);
      const list = this.index.get(key);
      if (list) {
        list.push(created);
      } else {
        this.index.set(key, [created]);
      }
    }
    return ecosystems;
  }
}

function indexKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem}\u0000${normalizePackageName(ecosystem, name)}`;
}
