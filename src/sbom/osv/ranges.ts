import { OsvEvent } from './record';
import { VersionOrder } from './versions';

/** An event with its version parsed; `introduced: "0"` becomes `start`. @internal */
export type ParsedEvent<V> =
  | { readonly kind: 'introduced'; readonly version: V | 'start' }
  | { readonly kind: 'fixed' | 'last_affected'; readonly version: V; readonly text: string };

/** A `SEMVER` or `ECOSYSTEM` range ready to evaluate: events sorted, limits apart. @internal */
export interface ParsedRange<V> {
  /** The `introduced`, `fixed` and `last_affected` events in version order (`start` first). */
  readonly events: readonly ParsedEvent<V>[];
  /** The `limit` versions; `undefined` when there is none or one is `*` (no upper bound). */
  readonly limits?: readonly V[];
}

/**
 * `events` parsed and sorted in `order`, as the schema's evaluation requires.
 * @returns the range, or `undefined` when an event's version does not parse in `order` (the range then cannot
 * be evaluated and matches nothing)
 * @internal
 */
export function parseRange<V>(events: readonly OsvEvent[], order: VersionOrder<V>): ParsedRange<V> | undefined {
  const parsed: ParsedEvent<V>[] = [];
  const limits: V[] = [];
  let unbounded = false;
  for (const event of events) {
    if (event.limit !== undefined) {
      if (event.limit.includes('*')) {
        unbounded = true;
        continue;
      }
      const limit = order.parse(event.limit);
      if (limit === undefined) {
        return undefined;
      }
      limits.push(limit);
      continue;
    }
    if (event.introduced !== undefined) {
      const version = event.introduced === '0' ? 'start' : order.parse(event.introduced);
      if (version === undefined) {
        return undefined;
      }
      parsed.push({ kind: 'introduced', version });
      continue;
    }
    const kind = event.fixed !== undefined ? 'fixed' : 'last_affected';
    const text = event.fixed ?? event.last_affected ?? '';
    const version = order.parse(text);
    if (version === undefined) {
      return undefined;
    }
    parsed.push({ kind, version, text });
  }
  // Stable: events at the same version keep the record's order.
  parsed.sort((a, b) => compareEventVersions(a.version, b.version, order));
  return { events: parsed, limits: unbounded || limits.length === 0 ? undefined : limits };
}

/**
 * Whether `version` is in `range`, by the schema's `IncludedInRanges`: below some `limit` (when there are
 * limits), and the last of the sorted events at or below it that changes the state is an `introduced`
 * (`fixed` excludes its own version, `last_affected` includes it).
 * @internal
 */
export function isInRange<V>(version: V, range: ParsedRange<V>, order: VersionOrder<V>): boolean {
  if (range.limits && !range.limits.some((limit) => order.compare(version, limit) < 0)) {
    return false;
  }
  let affected = false;
  for (const event of range.events) {
    if (event.kind === 'introduced') {
      if (event.version === 'start' || order.compare(version, event.version) >= 0) {
        affected = true;
      }
    } else if (event.kind === 'fixed') {
      if (order.compare(version, event.version) >= 0) {
        affected = false;
      }
    } else if (order.compare(version, event.version) > 0) {
      affected = false;
    }
  }
  return affected;
}

function compareEventVersions<V>(a: V | 'start', b: V | 'start', order: VersionOrder<V>): number {
  if (a === 'start' || b === 'start') {
    return (a === 'start' ? 0 : 1) - (b === 'start' ? 0 : 1);
  }
  return order.compare(a, b);
}
