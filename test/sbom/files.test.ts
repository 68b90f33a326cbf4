import { sbomFileName, sbomFileNames } from '../../src/sbom/files';
import { FunctionSbom } from '../../src/sbom/model';

const sbom = (constructPath: string, logicalId = 'Fn'): FunctionSbom => ({
  stack: constructPath.split('/')[0],
  constructPath,
  logicalId,
  assetPath: '/cdk.out/asset.x',
  source: 'directory',
  components: [],
});

describe('sbomFileName', () => {
  test('is the construct path with / as .', () => {
    expect(sbomFileName(sbom('OrdersService/GetOrder/Function'))).toBe('OrdersService.GetOrder.Function.cdx.json');
  });

  test.each([
    ['Stage/My Stack/Fn', /^Stage\.My_Stack\.Fn\.[0-9a-f]{8}\.cdx\.json$/],
    ['Stack/a.b/Fn', /^Stack\.a_b\.Fn\.[0-9a-f]{8}\.cdx\.json$/],
    ['Stack/../Fn', /^Stack\.__\.Fn\.[0-9a-f]{8}\.cdx\.json$/],
    ['Stack/Fünf', /^Stack\.F_nf\.[0-9a-f]{8}\.cdx\.json$/],
  ])('replaces unsafe characters in %s and adds a hash, as the name is then ambiguous', (path, name) => {
    expect(sbomFileName(sbom(path))).toMatch(name);
  });

  test('a long path is cut below 255 bytes and keeps a hash of the whole', () => {
    const long = `Stack/${'Nested/'.repeat(60)}Fn`;
    const name = sbomFileName(sbom(long));
    expect(Buffer.byteLength(name)).toBeLessThan(255);
    expect(name).toMatch(/^Stack\.Nested\..*\.[0-9a-f]{8}\.cdx\.json$/);
    expect(sbomFileName(sbom(`${long}2`))).not.toBe(name);
  });
});

describe('sbomFileNames', () => {
  test('adds a hash only to names two functions would share (case-insensitively)', () => {
    const names = sbomFileNames([sbom('S/Fn', 'A'), sbom('S/fn', 'B'), sbom('S/Other')]);
    expect(names[0]).toMatch(/^S\.Fn\.[0-9a-f]{8}\.cdx\.json$/);
    expect(names[1]).toMatch(/^S\.fn\.[0-9a-f]{8}\.cdx\.json$/);
    expect(names[2]).toBe('S.Other.cdx.json');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(3);
  });
});
