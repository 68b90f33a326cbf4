import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { cycloneDxJson } from '../../src/sbom/cyclonedx';
import { FunctionSbom } from '../../src/sbom/model';

const TOOL = { name: 'cdk-secure-serverless', version: '1.2.3' };
const SBOM: FunctionSbom = {
  stack: 'OrdersService',
  constructPath: 'OrdersService/GetOrder/Function',
  logicalId: 'GetOrderFunction11F6E8EC',
  runtime: 'nodejs24.x',
  assetPath: '/somewhere/cdk.out/asset.abc',
  source: 'esbuild-metafile',
  components: [
    {
      ecosystem: 'npm',
      name: '@aws-sdk/client-dynamodb',
      version: '3.1.0',
      purl: 'pkg:npm/%40aws-sdk/client-dynamodb@3.1.0',
      license: 'Apache-2.0',
      evidence: ['node_modules/@aws-sdk/client-dynamodb/package.json'],
    },
    {
      ecosystem: 'npm',
      name: 'dual',
      version: '1.0.0',
      purl: 'pkg:npm/dual@1.0.0',
      license: '(MIT OR Apache-2.0)',
      evidence: [],
    },
    {
      ecosystem: 'npm',
      name: 'odd',
      version: '1.0.0',
      purl: 'pkg:npm/odd@1.0.0',
      license: 'Apache 2.0 license',
      evidence: [],
    },
    {
      ecosystem: 'PyPI',
      name: 'requests',
      version: '2.31.0',
      purl: 'pkg:pypi/requests@2.31.0',
      evidence: ['requirements.txt:1'],
    },
  ],
};

describe('cycloneDxJson', () => {
  const json = cycloneDxJson(SBOM, TOOL);
  const bom = JSON.parse(json);

  test('describes the function, the tool and one library component per package', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    expect(bom.metadata.component).toEqual({
      type: 'application',
      name: 'OrdersService/GetOrder/Function',
      'bom-ref': 'OrdersService/GetOrder/Function',
      properties: [
        { name: 'cdk-secure-serverless:asset', value: 'asset.abc' },
        { name: 'cdk-secure-serverless:logicalId', value: 'GetOrderFunction11F6E8EC' },
        { name: 'cdk-secure-serverless:runtime', value: 'nodejs24.x' },
        { name: 'cdk-secure-serverless:source', value: 'esbuild-metafile' },
        { name: 'cdk-secure-serverless:stack', value: 'OrdersService' },
      ],
    });
    expect(bom.metadata.tools.components).toEqual([
      expect.objectContaining({ type: 'application', name: 'cdk-secure-serverless', version: '1.2.3' }),
    ]);
    expect(bom.components.map((c: any) => [c.type, c.name, c.version, c.purl, c['bom-ref'], c.licenses])).toEqual([
      [
        'library',
        '@aws-sdk/client-dynamodb',
        '3.1.0',
        'pkg:npm/%40aws-sdk/client-dynamodb@3.1.0',
        'pkg:npm/%40aws-sdk/client-dynamodb@3.1.0',
        [{ license: { id: 'Apache-2.0' } }],
      ],
      ['library', 'dual', '1.0.0', 'pkg:npm/dual@1.0.0', 'pkg:npm/dual@1.0.0', [{ expression: '(MIT OR Apache-2.0)' }]],
      [
        'library',
        'odd',
        '1.0.0',
        'pkg:npm/odd@1.0.0',
        'pkg:npm/odd@1.0.0',
        [{ license: { name: 'Apache 2.0 license' } }],
      ],
      ['library', 'requests', '2.31.0', 'pkg:pypi/requests@2.31.0', 'pkg:pypi/requests@2.31.0', undefined],
    ]);
    expect(bom.components[0].properties).toEqual([
      { name: 'cdk-secure-serverless:evidence', value: 'node_modules/@aws-sdk/client-dynamodb/package.json' },
    ]);
    expect(bom.dependencies).toContainEqual({
      ref: 'OrdersService/GetOrder/Function',
      dependsOn: SBOM.components.map((c) => c.purl).sort(),
    });
  });

  test('is reproducible: no timestamp, no absolute path, a serial number derived from the content', () => {
    expect(cycloneDxJson(SBOM, TOOL)).toBe(json);
    expect(bom.metadata.timestamp).toBeUndefined();
    expect(json).not.toContain('/somewhere');
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const changed = JSON.parse(cycloneDxJson({ ...SBOM, components: SBOM.components.slice(1) }, TOOL));
    expect(changed.serialNumber).not.toBe(bom.serialNumber);
  });

  test('writes a timestamp when one is given', () => {
    const stamped = JSON.parse(cycloneDxJson(SBOM, TOOL, { timestamp: new Date('2026-12-01T10:00:00Z') }));
    expect(stamped.metadata.timestamp).toBe('2026-12-01T10:00:00.000Z');
  });

  test('a function without packages is a valid document with the function as its only component', async () => {
    const empty = cycloneDxJson({ ...SBOM, runtime: undefined, components: [] }, TOOL);
    expect(JSON.parse(empty).components).toEqual([]);
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(empty)).toBeNull();
    expect(await validator.validate(json)).toBeNull();
  });
});
