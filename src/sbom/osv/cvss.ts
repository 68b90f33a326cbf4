/**
 * The CVSS v3 base score of a vector string, computed as the FIRST specification v3.1 defines it
 * (https://www.first.org/cvss/v3.1/specification-document, section 7). Dependency-free.
 */

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Privileges Required weighs more when the scope changes. */
const PRIVILEGES = {
  unchanged: { N: 0.85, L: 0.62, H: 0.27 },
  changed: { N: 0.85, L: 0.68, H: 0.5 },
} as const;

const BASE_METRICS = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

/** Temporal and environmental metrics: allowed in a vector, not part of the base score. */
const OTHER_METRICS = new Set(['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']);

/**
 * The base score (0.0–10.0) of a CVSS v3.0 or v3.1 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8).
 * v3.0 vectors are scored with v3.1's formulas: they are the same apart from v3.1's floating-point-safe
 * Roundup, which gives the result v3.0 intended.
 * @returns the score, or `undefined` when `vector` is not a complete, valid v3 vector
 * @internal
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const [prefix, ...parts] = vector.trim().split('/');
  if (prefix !== 'CVSS:3.0' && prefix !== 'CVSS:3.1') {
    return undefined;
  }
  const values = new Map<string, string>();
  for (const part of parts) {
    const [metric, value, extra] = part.split(':');
    if (value === undefined || extra !== undefined || values.has(metric)) {
      return undefined;
    }
    if (!(BASE_METRICS as readonly string[]).includes(metric) && !OTHER_METRICS.has(metric)) {
      return undefined;
    }
    values.set(metric, value);
  }
  const w = baseWeights(values);
  if (!w) {
    return undefined;
  }
  const iss = 1 - (1 - w.C) * (1 - w.I) * (1 - w.A);
  const impact = w.changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) {
    return 0;
  }
  const exploitability = 8.22 * w.AV * w.AC * w.PR * w.UI;
  return roundUp(Math.min((w.changed ? 1.08 : 1) * (impact + exploitability), 10));
}

type BaseWeights = Record<(typeof BASE_METRICS)[number], number> & { readonly changed: boolean };

/** The weight of each base metric's value, or `undefined` when one is missing or not a defined value. */
function baseWeights(values: ReadonlyMap<string, string>): BaseWeights | undefined {
  const lookup = (table: Readonly<Record<string, number>>, metric: string): number | undefined => {
    const value = values.get(metric) ?? '';
    return Object.hasOwn(table, value) ? table[value] : undefined;
  };
  const scope = lookup(WEIGHTS.S, 'S');
  const weights = {
    AV: lookup(WEIGHTS.AV, 'AV'),
    AC: lookup(WEIGHTS.AC, 'AC'),
    PR: lookup(scope === 1 ? PRIVILEGES.changed : PRIVILEGES.unchanged, 'PR'),
    UI: lookup(WEIGHTS.UI, 'UI'),
    S: scope,
    C: lookup(WEIGHTS.C, 'C'),
    I: lookup(WEIGHTS.I, 'I'),
    A: lookup(WEIGHTS.A, 'A'),
  };
  for (const metric of BASE_METRICS) {
    if (weights[metric] === undefined) {
      return undefined;
    }
  }
  return { ...(weights as Record<(typeof BASE_METRICS)[number], number>), changed: scope === 1 };
}

/** CVSS v3.1 Appendix A: the smallest one-decimal number at or above `value`, immune to floating-point error. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}
