import { isInRange, parseRange } from '../../../src/sbom/osv/ranges';
import { OsvEvent } from '../../../src/sbom/osv/record';
import { PEP440_ORDER, SEMVER_ORDER, sortVersions } from '../../../src/sbom/osv/versions';

/** The schema's range evaluation (IncludedInRanges), here in SemVer order. */

function inRange(events: OsvEvent[], version: string): boolean {
  const range = parseRange(events, SEMVER_ORDER);
  const parsed = SEMVER_ORDER.parse(version);
  return range !== undefined && parsed !== undefined && isInRange(parsed, range, SEMVER_ORDER);
}

/** Affected: [1.0.0, 1.0.2) and [3.0.0, 3.2.5), the schema's multiple-range example. */
const TWO_PAIRS: OsvEvent[] = [
  { introduced: '1.0.0' },
  { fixed: '1.0.2' },
  { introduced: '3.0.0' },
  { fixed: '3.2.5' },
];

describe('isInRange', () => {
  test.each<[string, OsvEvent[], string, boolean]>([
    ['introduced 0 covers everything below fixed', [{ introduced: '0' }, { fixed: '1.0.2' }], '0.0.1', true],
    ['fixed is exclusive', [{ introduced: '0' }, { fixed: '1.0.2' }], '1.0.2', false],
    ['a pre-release of the fix is still affected', [{ introduced: '0' }, { fixed: '1.0.2' }], '1.0.2-rc.1', true],
    ['no fix: everything from introduced on', [{ introduced: '0' }], '99.0.0', true],
    ['introduced is inclusive', [{ introduced: '1.5.0' }, { fixed: '2.0.0' }], '1.5.0', true],
    ['below introduced is not affected', [{ introduced: '1.5.0' }, { fixed: '2.0.0' }], '1.4.9', false],
    ['last_affected is inclusive', [{ introduced: '0' }, { last_affected: '2.1.214' }], '2.1.214', true],
    ['above last_affected is not', [{ introduced: '0' }, { last_affected: '2.1.214' }], '2.1.215', false],
    ...(['1.0.0', '1.0.1', '3.0.0', '3.2.4'] as const).map((v): [string, OsvEvent[], string, boolean] => [
      `two pairs: ${v} in`,
      TWO_PAIRS,
      v,
      true,
    ]),
    ...(['0.9.9', '1.0.2', '2.9.9', '3.2.5', '4.0.0'] as const).map((v): [string, OsvEvent[], string, boolean] => [
      `two pairs: ${v} out`,
      TWO_PAIRS,
      v,
      false,
    ]),
    [
      'events are sorted first',
      [{ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }],
      '3.1.0',
      true,
    ],
    ['limit is an exclusive upper bound', [{ introduced: '0' }, { limit: '2.0.0' }], '2.0.0', false],
    ['below a limit', [{ introduced: '0' }, { limit: '2.0.0' }], '1.9.9', true],
    ['limit * is no bound', [{ introduced: '0' }, { limit: '*' }], '9.0.0', true],
    ['build metadata is ignored', [{ introduced: '0' }, { fixed: '1.0.0' }], '1.0.0+build.5', false],
    ['no introduced: nothing', [{ fixed: '1.0.0' }], '0.5.0', false],
  ])('%s', (_, events, version, expected) => {
    expect(inRange(events, version)).toBe(expected);
  });

  test('a version that does not parse is in no range, without throwing', () => {
    expect(inRange([{ introduced: '0' }], 'latest')).toBe(false);
    expect(inRange([{ introduced: '0' }], '1.2')).toBe(false);
  });

  test('a range with an event that does not parse cannot be evaluated', () => {
    expect(parseRange([{ introduced: '0' }, { fixed: 'next' }], SEMVER_ORDER)).toBeUndefined();
  });

  test('PEP 440 order: pre, post and dev releases around a fix', () => {
    const range = parseRange([{ introduced: '1.0' }, { fixed: '2.0' }], PEP440_ORDER)!;
    const check = (v: string) => isInRange(PEP440_ORDER.parse(v)!, range, PEP440_ORDER);
    expect(check('1.0.dev1')).toBe(false);
    expect(check('1.0rc1')).toBe(false);
    expect(check('1.0')).toBe(true);
    expect(check('1.0.post1')).toBe(true);
    expect(check('2.0rc1')).toBe(true);
    expect(check('2.0.dev3')).toBe(true);
    expect(check('2.0')).toBe(false);
    expect(check('2.0.0')).toBe(false);
    expect(check('2.0.post1')).toBe(false);
  });
});

describe('sortVersions', () => {
  test('sorts in the ecosystem order, each once, unparseable last', () => {
    expect(sortVersions('npm', ['10.0.0', 'next', '2.0.0', '2.0.0', '2.0.0-rc.1'])).toEqual([
      '2.0.0-rc.1',
      '2.0.0',
      '10.0.0',
      'next',
    ]);
    expect(sortVersions('PyPI', ['1.10', '1.9', '1.10rc1'])).toEqual(['1.9', '1.10rc1', '1.10']);
  });
});
