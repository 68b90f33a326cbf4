import { comparePep440, parsePep440 } from '../../../src/sbom/osv/pep440';

/** PEP 440 parsing and order, for PyPI's OSV ECOSYSTEM ranges. */

function cmp(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (!x || !y) {
    throw new Error(`not PEP 440: ${!x ? a : b}`);
  }
  return Math.sign(comparePep440(x, y));
}

describe('parsePep440', () => {
  test.each([
    ['1.0', { epoch: 0, release: [1, 0] }],
    ['2!1.0', { epoch: 2, release: [1, 0] }],
    ['v1.2.3', { release: [1, 2, 3] }],
    ['1.0a1', { pre: { label: 'a', number: 1 } }],
    ['1.0.alpha.1', { pre: { label: 'a', number: 1 } }],
    ['1.0-beta2', { pre: { label: 'b', number: 2 } }],
    ['1.0c1', { pre: { label: 'rc', number: 1 } }],
    ['1.0preview', { pre: { label: 'rc', number: 0 } }],
    ['1.0RC3', { pre: { label: 'rc', number: 3 } }],
    ['1.0.post1', { post: 1 }],
    ['1.0-1', { post: 1 }],
    ['1.0.rev', { post: 0 }],
    ['1.0.dev', { dev: 0 }],
    ['1.0a1.post2.dev3', { pre: { label: 'a', number: 1 }, post: 2, dev: 3 }],
    ['1.0+Ubuntu-1.2', { local: ['ubuntu', 1, 2] }],
    [' 1.0 ', { release: [1, 0] }],
  ])('%s parses as %o', (text, expected) => {
    expect(parsePep440(text)).toMatchObject(expected);
  });

  test.each(['', 'latest', '1.0-beta-final', '2004d', '1..0', '1.0+', '1.0+a..b', 'a1.0'])(
    '%j is not PEP 440',
    (text) => {
      expect(parsePep440(text)).toBeUndefined();
    },
  );
});

describe('comparePep440', () => {
  // The order PEP 440 gives in its "Summary of permitted suffixes and relative ordering", plus epochs and locals.
  const ORDERED = [
    '1.0.dev0',
    '1.0.dev456',
    '1.0a1',
    '1.0a2.dev456',
    '1.0a12.dev456',
    '1.0a12',
    '1.0b1.dev456',
    '1.0b2',
    '1.0b2.post345.dev456',
    '1.0b2.post345',
    '1.0rc1.dev456',
    '1.0rc1',
    '1.0',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+5',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.15',
    '1.1.dev1',
    '2!0.1',
  ];

  test('sorts the PEP 440 example versions in the order the spec gives', () => {
    const shuffled = [...ORDERED].reverse();
    const sorted = shuffled.sort((a, b) => cmp(a, b));
    expect(sorted).toEqual(ORDERED);
  });

  test.each([
    ['1.0', '1.0.0'],
    ['1', '1.0.0.0'],
    ['1.0a1', '1.0.alpha1'],
    ['1.0.post0', '1.0-0'],
    ['01.02', '1.2'],
  ])('%s equals %s (zero padding and normalized spellings)', (a, b) => {
    expect(cmp(a, b)).toBe(0);
  });

  test('the local label only breaks ties', () => {
    expect(cmp('1.0+zzz', '1.0.1')).toBe(-1);
    expect(cmp('1.0+local', '1.0')).toBe(1);
    expect(cmp('1.0+1.2', '1.0+1.2.0')).toBe(-1);
  });
});
