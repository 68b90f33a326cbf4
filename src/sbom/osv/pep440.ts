/**
 * PEP 440 versions (https://peps.python.org/pep-0440/): parsing with the spec's normalizations and the spec's
 * total order, as PyPI's OSV `ECOSYSTEM` ranges need. Dependency-free.
 */

/** A parsed PEP 440 version, normalized. @internal */
export interface Pep440Version {
  readonly epoch: number;
  /** The release segments as written (`1.0` stays `[1, 0]`); comparison pads with zeros. */
  readonly release: readonly number[];
  /** `a`, `b` or `rc` (`alpha`, `beta`, `c`, `pre`, `preview` normalized) and its number (implicitly 0). */
  readonly pre?: { readonly label: 'a' | 'b' | 'rc'; readonly number: number };
  readonly post?: number;
  readonly dev?: number;
  /** The local label's segments (`+ubuntu.1` → `['ubuntu', 1]`), lowercased. */
  readonly local?: readonly (string | number)[];
}

// PEP 440, Appendix B: the canonical pattern, which also accepts the spellings the spec normalizes.
const PATTERN = new RegExp(
  '^\\s*v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(?<preLabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preNumber>[0-9]+)?)?' +
    '(?:-(?<postImplicit>[0-9]+)|[-_.]?(?:post|rev|r)[-_.]?(?<postNumber>[0-9]+)?(?<postMarker>))?' +
    '(?:[-_.]?(?<devMarker>dev)[-_.]?(?<devNumber>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

const PRE_LABELS: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
  rc: 'rc',
};

const PRE_ORDER = { a: 0, b: 1, rc: 2 } as const;

/**
 * `text` parsed as a PEP 440 version.
 * @returns the version, or `undefined` when `text` is not a valid PEP 440 version (legacy versions such as
 * `2004d` or `1.0-beta-final` are not)
 * @internal
 */
export function parsePep440(text: string): Pep440Version | undefined {
  const groups = PATTERN.exec(text)?.groups;
  if (!groups) {
    return undefined;
  }
  const post = groups.postImplicit ?? (groups.postMarker !== undefined ? (groups.postNumber ?? '0') : undefined);
  return {
    epoch: groups.epoch !== undefined ? Number(groups.epoch) : 0,
    release: groups.release.split('.').map(Number),
    pre: groups.preLabel
      ? { label: PRE_LABELS[groups.preLabel.toLowerCase()], number: Number(groups.preNumber ?? '0') }
      : undefined,
    post: post !== undefined ? Number(post) : undefined,
    dev: groups.devMarker !== undefined ? Number(groups.devNumber ?? '0') : undefined,
    local: groups.local
      ?.toLowerCase()
      .split(/[-_.]/)
      .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part)),
  };
}

/**
 * PEP 440's order: epoch, release (zero-padded, so `1.0 == 1.0.0`), then `X.devN < X.aN < X.bN < X.rcN < X <
 * X.postN`, with `.devN` also ordering a pre- or post-release's own development releases before it. The local
 * label breaks ties only: `1.0 < 1.0+anything`, numeric local segments above alphanumeric ones.
 * @returns negative, zero or positive as `a` sorts before, with or after `b`
 * @internal
 */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  return (
    a.epoch - b.epoch ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareNumber(a.post ?? -1, b.post ?? -1) ||
    // No dev part sorts after every dev release of the same version.
    compareNumber(a.dev ?? Infinity, b.dev ?? Infinity) ||
    compareLocal(a.local, b.local)
  );
}

function compareNumber(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareRelease(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** A pre-release sorts before its release; so does a bare dev release (`1.0.dev0 < 1.0a0`), but not a post's. */
function comparePre(a: Pep440Version, b: Pep440Version): number {
  return preKey(a) - preKey(b) || (a.pre?.number ?? 0) - (b.pre?.number ?? 0);
}

function preKey(version: Pep440Version): number {
  if (version.pre) {
    return PRE_ORDER[version.pre.label];
  }
  return version.dev !== undefined && version.post === undefined ? -1 : 3;
}

function compareLocal(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): number {
  if (!a || !b) {
    return (a ? 1 : 0) - (b ? 1 : 0);
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) {
        return x - y;
      }
    } else if (typeof x === 'number' || typeof y === 'number') {
      return typeof x === 'number' ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}
