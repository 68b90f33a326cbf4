import { existsSync, readFileSync, statSync } from 'fs';
import { isAbsolute, join, resolve } from 'path';
import { FoundPackage } from './components';
import { manifestPackage } from './node-packages';
import { isObject } from '../compliance/rules/template-values';

const NODE_MODULES = 'node_modules/';
/** How many of a bundle's inputs are looked up to decide which directory its paths are relative to. */
const ROOT_PROBES = 200;

/**
 * esbuild's metafile of an asset, if it has one: SecureFunction's `<cloud assembly>/asset.<hash>.metafile.json`
 * beside the asset (src/function/bundling.ts), or aws-cdk-lib NodejsFunction's `index.meta.json` inside it
 * (`bundling.metafile: true`).
 * @internal
 */
export function metafileOf(assetPath: string): string | undefined {
  return [`${assetPath}.metafile.json`, join(assetPath, 'index.meta.json')].find(
    (file) => existsSync(file) && statSync(file).isFile(),
  );
}

/**
 * The npm packages with bytes in a bundle: the inputs of the metafile's outputs (`outputs[*].inputs`) with
 * `bytesInOutput > 0`, that is what survived tree-shaking, mapped to the innermost `node_modules/<name>` or
 * `node_modules/@scope/<name>` directory they lie in, whose `package.json` gives the name, version and license.
 *
 * The metafile's paths are relative to the directory esbuild resolved from, which the metafile does not record:
 * it is the first of `roots` (absolute, or relative to the working directory) in which most of the bundle's
 * inputs exist. A package whose `package.json` is not there (the project was moved or its packages reinstalled
 * since the synth) cannot be named with a version: it is left out and `warn` says so, so a bill of materials
 * never lists a version that was not read.
 * @internal
 */
export function metafilePackages(
  metafile: string,
  roots: readonly string[],
  warn: (message: string) => void,
): FoundPackage[] {
  const kept = keptInputs(metafile, warn);
  const byPackage = new Map<string, Array<{ output: string; input: string; bytes: number }>>();
  for (const item of kept) {
    const dir = packageDirOf(item.input);
    if (dir !== undefined) {
      byPackage.set(dir, [...(byPackage.get(dir) ?? []), item]);
    }
  }
  if (byPackage.size === 0) {
    return [];
  }
  const root = resolveRoot(
    kept.map((k) => k.input),
    roots,
  );
  if (root === undefined) {
    warn(
      `${metafile}: the bundle's inputs are found in none of ${roots.join(', ')}, so its ${byPackage.size} npm packages (${[...byPackage.keys()].join(', ')}) are not listed; synthesize from the project directory`,
    );
    return [];
  }
  const found: FoundPackage[] = [];
  for (const [dir, items] of byPackage) {
    const manifestPath = `${dir}/package.json`;
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(join(root, manifestPath), 'utf8'));
    } catch (error) {
      warn(
        `${metafile}: ${manifestPath} not read in ${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the package is not listed`,
      );
      continue;
    }
    const pkg = manifestPackage(manifest, manifestPath);
    if (!pkg) {
      warn(`${metafile}: ${manifestPath} in ${root} has no name or version: the package is not listed`);
      continue;
    }
    found.push({ ...pkg, evidence: [manifestPath, ...bundleEvidence(dir, items)] });
  }
  return found;
}

/** Per output file: `index.js: 57 files of node_modules/@smithy/core/, 40213 bytes`. */
function bundleEvidence(dir: string, items: ReadonlyArray<{ output: string; bytes: number }>): string[] {
  const outputs = [...new Set(items.map((i) => i.output))].sort();
  return outputs.map((output) => {
    const mine = items.filter((i) => i.output === output);
    const bytes = mine.reduce((sum, i) => sum + i.bytes, 0);
    return `${output}: ${mine.length} file${mine.length === 1 ? '' : 's'} of ${dir}/, ${bytes} bytes`;
  });
}

/** The inputs with bytes in some output, with the output's name. */
function keptInputs(
  metafile: string,
  warn: (message: string) => void,
): Array<{ output: string; input: string; bytes: number }> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(metafile, 'utf8'));
  } catch (error) {
    warn(`${metafile}: not read (${(error as Error).message}): the bundle's packages are not listed`);
    return [];
  }
  if (!isObject(json) || !isObject(json.outputs)) {
    warn(`${metafile}: not an esbuild metafile (no "outputs"): the bundle's packages are not listed`);
    return [];
  }
  const kept: Array<{ output: string; input: string; bytes: number }> = [];
  for (const [output, entry] of Object.entries(json.outputs)) {
    if (!isObject(entry) || !isObject(entry.inputs)) {
      continue;
    }
    for (const [input, use] of Object.entries(entry.inputs)) {
      const bytes = isObject(use) && typeof use.bytesInOutput === 'number' ? use.bytesInOutput : 0;
      if (bytes > 0 && isFilePath(input)) {
        kept.push({ output: output.split('/').pop()!, input, bytes });
      }
    }
  }
  return kept;
}

/**
 * The package directory of a bundle input: `node_modules/@scope/name` or `a/node_modules/b/node_modules/c` (the
 * innermost package), undefined for the project's own files.
 * @internal
 */
export function packageDirOf(input: string): string | undefined {
  const start = input.lastIndexOf(NODE_MODULES);
  if (start < 0 || (start > 0 && input[start - 1] !== '/')) {
    return undefined;
  }
  const rest = input.slice(start + NODE_MODULES.length).split('/');
  const length = rest[0].startsWith('@') ? 2 : 1;
  if (rest.length <= length || rest.slice(0, length).some((part) => part === '' || part.startsWith('.'))) {
    return undefined;
  }
  return input.slice(0, start) + NODE_MODULES + rest.slice(0, length).join('/');
}

/** Namespaced inputs (`(disabled):fs`, `<define:...>`, `data:...`) are not files. */
function isFilePath(input: string): boolean {
  return !/^[<(]/.test(input) && !/^[a-z][a-z0-9+.-]+:/i.test(input);
}

/** The first root in which the most of (the first ROOT_PROBES of) `inputs` exist; undefined if none has any. */
function resolveRoot(inputs: readonly string[], roots: readonly string[]): string | undefined {
  const probes = inputs.slice(0, ROOT_PROBES);
  let best: { root: string; hits: number } | undefined;
  for (const root of roots.map((r) => (isAbsolute(r) ? r : resolve(r)))) {
    const hits = probes.filter((input) => existsSync(join(root, input))).length;
    if (hits > 0 && (best === undefined || hits > best.hits)) {
      best = { root, hits };
    }
    if (hits === probes.length) {
      break;
    }
  }
  return best?.root;
}
