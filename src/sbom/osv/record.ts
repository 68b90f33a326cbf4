/**
 * The part of an OSV record (https://ossf.github.io/osv-schema/) the matcher reads, and the check that turns
 * parsed JSON into it. Fields keep the schema's names. What the matcher never reads (`details`, `credits`,
 * `ecosystem_specific`, `published`, `related`) is dropped when a record is read, so a full ecosystem export
 * stays small in memory. Dependency-free.
 */

/** One `severity[]` entry: a scoring method and its vector or score. @internal */
export interface OsvSeverity {
  /** `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ... */
  readonly type: string;
  readonly score: string;
}

/**
 * One event of a range. The schema allows exactly one of the four keys per event; an event with none of them is
 * dropped when the record is read.
 * @internal
 */
export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
  readonly limit?: string;
}

/** One `affected[].ranges[]` entry. @internal */
export interface OsvRange {
  /** `SEMVER`, `ECOSYSTEM` or `GIT`. */
  readonly type: string;
  readonly events: readonly OsvEvent[];
}

/** One `affected[]` entry. @internal */
export interface OsvAffected {
  readonly package: {
    /** The ecosystem, perhaps with a `:<suffix>` (`Debian:12`); see `ecosystemOf`. */
    readonly ecosystem: string;
    readonly name: string;
    readonly purl?: string;
  };
  readonly severity: readonly OsvSeverity[];
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
  /** GitHub advisories put their rating here or at the record level: `CRITICAL`, `HIGH`, `MODERATE`, `LOW`. */
  readonly database_specific?: { readonly severity?: string };
}

/** One `references[]` entry. @internal */
export interface OsvReference {
  /** `ADVISORY`, `ARTICLE`, `FIX`, `WEB`, ... */
  readonly type: string;
  readonly url: string;
}

/** One OSV vulnerability record, reduced to what the matcher reads. @internal */
export interface OsvRecord {
  readonly id: string;
  readonly modified?: string;
  /** When set, the record was withdrawn and must not be reported. */
  readonly withdrawn?: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly severity: readonly OsvSeverity[];
  readonly affected: readonly OsvAffected[];
  readonly references: readonly OsvReference[];
  readonly database_specific?: { readonly severity?: string };
}

/**
 * `json` (a parsed OSV record) checked and reduced to `OsvRecord`. Only the shape the matcher depends on is
 * enforced: a record needs a string `id`, and each array the schema defines must be an array when present.
 * Entries inside them that do not have the schema's shape (an `affected` entry without a package name, an event
 * without a known key) are dropped rather than failing the record.
 * @returns the record, or a sentence saying why `json` is not one
 * @internal
 */
export function readOsvRecord(json: unknown): OsvRecord | string {
  if (!isObject(json)) {
    return 'not a JSON object';
  }
  if (typeof json.id !== 'string' || json.id === '') {
    return 'no "id" string';
  }
  for (const key of ['aliases', 'severity', 'affected', 'references']) {
    if (json[key] !== undefined && !Array.isArray(json[key])) {
      return `"${key}" is not an array`;
    }
  }
  return {
    id: json.id,
    modified: optionalString(json.modified),
    withdrawn: optionalString(json.withdrawn),
    aliases: strings(json.aliases),
    summary: optionalString(json.summary),
    severity: severities(json.severity),
    affected: arrayOf(json.affected, readAffected),
    references: arrayOf(json.references, readReference),
    database_specific: databaseSeverity(json.database_specific),
  };
}

function readAffected(value: unknown): OsvAffected | undefined {
  if (!isObject(value) || !isObject(value.package)) {
    return undefined;
  }
  const { ecosystem, name, purl } = value.package;
  if (typeof ecosystem !== 'string' || typeof name !== 'string') {
    return undefined;
  }
  return {
    package: { ecosystem, name, purl: optionalString(purl) },
    severity: severities(value.severity),
    ranges: arrayOf(value.ranges, readRange),
    versions: strings(value.versions),
    database_specific: databaseSeverity(value.database_specific),
  };
}

function readRange(value: unknown): OsvRange | undefined {
  if (!isObject(value) || typeof value.type !== 'string') {
    return undefined;
  }
  return { type: value.type, events: arrayOf(value.events, readEvent) };
}

function readEvent(value: unknown): OsvEvent | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
    const version = value[key];
    if (typeof version === 'string') {
      return { [key]: version };
    }
  }
  return undefined;
}

function readReference(value: unknown): OsvReference | undefined {
  return isObject(value) && typeof value.type === 'string' && typeof value.url === 'string'
    ? { type: value.type, url: value.url }
    : undefined;
}

function severities(value: unknown): OsvSeverity[] {
  return arrayOf(value, (entry) =>
    isObject(entry) && typeof entry.type === 'string' && typeof entry.score === 'string'
      ? { type: entry.type, score: entry.score }
      : undefined,
  );
}

function databaseSeverity(value: unknown): { severity?: string } | undefined {
  return isObject(value) && typeof value.severity === 'string' ? { severity: value.severity } : undefined;
}

function arrayOf<T>(value: unknown, read: (entry: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const result: T[] = [];
  for (const entry of value) {
    const read_ = read(entry);
    if (read_ !== undefined) {
      result.push(read_);
    }
  }
  return result;
}

function strings(value: unknown): string[] {
  return arrayOf(value, (entry) => (typeof entry === 'string' ? entry : undefined));
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
