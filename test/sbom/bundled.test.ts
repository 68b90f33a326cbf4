import { readFileSync } from 'fs';
import * as path from 'path';
import { SecureFunction } from '../../src';
import { loadStackTemplates } from '../../src/compliance/cloud-assembly';
import { scanFunctionSboms } from '../../src/sbom/functions';
import { newStack } from '../support/compliance';

const ENTRY = path.join(__dirname, 'fixtures', 'bundled', 'handler.ts');
const ROOT = path.join(__dirname, '..', '..');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** `name@version` of the packages with bytes in the bundle, read straight from the metafile and the manifests. */
function packagesWithBytes(metafile: Metafile): string[] {
  const dirs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (bytesInOutput > 0 && match) {
        // Greedy: the innermost node_modules, a nested copy's own directory.
        dirs.add(match[1]);
      }
    }
  }
  return [...dirs]
    .map((dir) => JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')))
    .map((p) => `${p.name}@${p.version}`)
    .sort();
}

describe('functionSboms: a SecureFunction bundled from TypeScript', () => {
  // GIVEN a handler that imports a module importing fast-check and fflate, and uses only the fast-check part
  const { app, stack } = newStack();
  const fn = new SecureFunction(stack, 'Handler', { entry: ENTRY });
  const assembly = app.synth();
  const metafile: Metafile = JSON.parse(readFileSync(fn.bundle!.metafilePath, 'utf8'));

  // WHEN
  const scan = scanFunctionSboms(loadStackTemplates([path.join(assembly.directory, stack.templateFile)]));
  const sbom = scan.sboms.find((s) => s.constructPath === 'TestStack/Handler/Function')!;
  const listed = sbom.components.map((c) => `${c.name}@${c.version}`);

  test('lists exactly the packages with bytes in the bundle, from the metafile', () => {
    expect(sbom.source).toBe('esbuild-metafile');
    expect(sbom.assetPath).toBe(fn.bundle!.outputPath);
    expect(listed).toEqual(packagesWithBytes(metafile));
    process.stdout.write(`bundled handler: ${listed.join(', ')}\n`);
    expect(listed).toContain(
      `fast-check@${JSON.parse(readFileSync(path.join(ROOT, 'node_modules/fast-check/package.json'), 'utf8')).version}`,
    );
    expect(scan.warnings).toEqual([]);
  });

  test('leaves out a package that is imported but tree-shaken', () => {
    // fflate was read by esbuild (an input) but has no byte in the bundle
    expect(Object.keys(metafile.inputs).some((i) => i.startsWith('node_modules/fflate/'))).toBe(true);
    expect(listed.some((c) => c.startsWith('fflate@'))).toBe(false);
  });

  test('records the manifest and the bundled bytes as evidence', () => {
    const fastCheck = sbom.components.find((c) => c.name === 'fast-check')!;
    expect(fastCheck.purl).toBe(`pkg:npm/fast-check@${fastCheck.version}`);
    expect(fastCheck.license).toBe('MIT');
    expect(fastCheck.evidence).toEqual([
      expect.stringMatching(/^index\.js: \d+ files? of node_modules\/fast-check\/, \d+ bytes$/),
      'node_modules/fast-check/package.json',
    ]);
  });

  test("warns, and lists no npm package, when the bundle's project is not found (moved)", () => {
    const moved = scanFunctionSboms(loadStackTemplates([path.join(assembly.directory, stack.templateFile)]), {
      projectRoots: [path.join(ROOT, 'src')],
    });
    const mine = moved.sboms.find((s) => s.constructPath === 'TestStack/Handler/Function')!;
    expect(mine.components).toEqual([]);
    expect(moved.warnings).toEqual([
      {
        constructPath: 'TestStack/Handler/Function',
        message: expect.stringMatching(
          /the bundle's inputs are found in none of .*, so its \d+ npm packages \(node_modules\/fast-check.*\) are not listed/,
        ),
      },
    ]);
  });
});
