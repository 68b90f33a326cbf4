import { LOCKFILE_ASSET, NODE_ASSET, PYTHON_ASSET, REQUIREMENTS_ASSET, writeTree, writeZip } from './fixtures/assets';
import { directoryFiles, zipFiles } from '../../src/sbom/asset-files';
import { mergePackages } from '../../src/sbom/components';
import { NODE_FILES, nodePackages } from '../../src/sbom/node-packages';
import { PYTHON_FILES, pythonPackages } from '../../src/sbom/python-packages';

const summary = (components: ReturnType<typeof mergePackages>) =>
  components.map((c) => `${c.purl} ${c.license ?? '-'} [${c.evidence.join(', ')}]`);

describe('npm packages of a directory or zip asset', () => {
  test('lists every installed package root once per name and version, the nested copies too', () => {
    // GIVEN an asset with two packages, a nested copy of another version, a copy of the same version, and a
    // package.json inside a package that is not a package root
    const warnings: string[] = [];

    // WHEN
    const components = mergePackages(
      nodePackages(directoryFiles(writeTree(NODE_ASSET), NODE_FILES), (w) => warnings.push(w)),
    );

    // THEN the lockfile is not read (packages are installed), and lib/package.json is no package
    expect(summary(components)).toEqual([
      'pkg:npm/%40acme/client@2.0.0 MIT [node_modules/@acme/client/package.json, node_modules/@acme/other/node_modules/@acme/client/package.json]',
      'pkg:npm/%40acme/other@1.0.0 (MIT OR Apache-2.0) [node_modules/@acme/other/package.json]',
      'pkg:npm/left-pad@1.1.0 - [node_modules/@acme/client/node_modules/left-pad/package.json]',
      'pkg:npm/left-pad@1.3.0 WTFPL [node_modules/left-pad/package.json]',
    ]);
    expect(components.map((c) => c.name)).toEqual(['@acme/client', '@acme/other', 'left-pad', 'left-pad']);
    expect(warnings).toEqual([]);
  });

  test('reads the same packages from a zip asset (fflate, in memory)', () => {
    const fromDir = mergePackages(nodePackages(directoryFiles(writeTree(NODE_ASSET), NODE_FILES), fail));
    const fromZip = mergePackages(nodePackages(zipFiles(writeZip(NODE_ASSET), NODE_FILES), fail));
    expect(fromZip).toEqual(fromDir);
  });

  test("reads a lockfile's production packages when nothing is installed", () => {
    const components = mergePackages(nodePackages(directoryFiles(writeTree(LOCKFILE_ASSET), NODE_FILES), fail));
    expect(summary(components)).toEqual([
      'pkg:npm/real-name@1.0.0 - [package-lock.json#node_modules/aliased]',
      'pkg:npm/uuid@9.0.1 MIT [package-lock.json#node_modules/uuid]',
    ]);
  });

  test('warns about a manifest that is not JSON and lists the other packages', () => {
    const warnings: string[] = [];
    const root = writeTree({ ...NODE_ASSET, 'node_modules/broken/package.json': '{ not json' });
    const components = nodePackages(directoryFiles(root, NODE_FILES), (w) => warnings.push(w));
    expect(components).toHaveLength(5);
    expect(warnings).toEqual([
      expect.stringMatching(/^node_modules\/broken\/package\.json: not read \(.*\), its package is not listed$/),
    ]);
  });

  test("an asset of the project's own code only has no package", () => {
    expect(
      nodePackages(
        directoryFiles(writeTree({ 'index.js': '', 'package.json': { name: 'x', version: '1.0.0' } }), NODE_FILES),
        fail,
      ),
    ).toEqual([]);
  });
});

describe('Python packages of a directory or zip asset', () => {
  test('lists every *.dist-info/METADATA, with normalized purls, and ignores requirements.txt then', () => {
    const components = mergePackages(pythonPackages(directoryFiles(writeTree(PYTHON_ASSET), PYTHON_FILES)));
    expect(summary(components)).toEqual([
      'pkg:pypi/charset-normalizer@3.3.2 MIT [charset_normalizer-3.3.2.dist-info/METADATA]',
      'pkg:pypi/requests@2.31.0 Apache 2.0 [requests-2.31.0.dist-info/METADATA]',
      'pkg:pypi/typing-extensions@4.9.0 PSF-2.0 [vendor/Typing_Extensions-4.9.0.dist-info/METADATA]',
    ]);
    // The name as the distribution declares it; the purl normalized.
    expect(components[2].name).toBe('Typing_Extensions');
  });

  test('lists the requirements pinned with == when nothing is installed', () => {
    const components = mergePackages(pythonPackages(zipFiles(writeZip(REQUIREMENTS_ASSET), PYTHON_FILES)));
    expect(summary(components)).toEqual([
      'pkg:pypi/pyyaml@6.0.1 - [requirements.txt:3]',
      'pkg:pypi/requests@2.31.0 - [requirements.txt:2]',
      'pkg:pypi/urllib3@2.1.0 - [requirements.txt:4]',
    ]);
  });

  test('a multi-line License is the license text, not a name', () => {
    const components = pythonPackages(
      directoryFiles(
        writeTree({ 'x-1.0.dist-info/METADATA': 'Name: x\nVersion: 1.0\nLicense: Line one\n  line two\n' }),
        PYTHON_FILES,
      ),
    );
    expect(components).toEqual([
      { ecosystem: 'PyPI', name: 'x', version: '1.0', evidence: ['x-1.0.dist-info/METADATA'] },
    ]);
  });
});

describe('merging', () => {
  test('one component per ecosystem, name and version, sorted with numeric version parts', () => {
    const components = mergePackages([
      { ecosystem: 'npm', name: 'a', version: '1.10.0', evidence: ['x'] },
      { ecosystem: 'npm', name: 'a', version: '1.9.0', evidence: ['y'] },
      { ecosystem: 'PyPI', name: 'Foo_Bar', version: '1.0', evidence: ['p'] },
      { ecosystem: 'PyPI', name: 'foo-bar', version: '1.0', license: 'MIT', evidence: ['q'] },
      { ecosystem: 'npm', name: 'a', version: '1.9.0', license: 'ISC', evidence: ['x'] },
    ]);
    expect(components).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'Foo_Bar',
        version: '1.0',
        purl: 'pkg:pypi/foo-bar@1.0',
        license: 'MIT',
        evidence: ['p', 'q'],
      },
      { ecosystem: 'npm', name: 'a', version: '1.9.0', purl: 'pkg:npm/a@1.9.0', license: 'ISC', evidence: ['x', 'y'] },
      { ecosystem: 'npm', name: 'a', version: '1.10.0', purl: 'pkg:npm/a@1.10.0', evidence: ['x'] },
    ]);
  });
});

function fail(message: string): never {
  throw new Error(`unexpected warning: ${message}`);
}
