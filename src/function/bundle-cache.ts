import * as fs from 'fs';
import * as path from 'path';

/**
 * Bundles built in this process, reused while none of the files esbuild read has changed: an app that builds the
 * same entry into several stages or apps (a test suite, a pipeline with several environments) bundles it once.
 * aws-cdk-lib's own asset cache is per cloud assembly directory, so it would bundle again for each app.
 */

/** One bundle as esbuild returned it, with what it was built from. */
export interface CachedBundle {
  /** The output files: file name (`index.js`) and contents. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly contents: Uint8Array }>;
  /** esbuild's metafile, as written beside the staged asset. */
  readonly metafile: string;
  /** esbuild's warnings, as the function's warning states them. */
  readonly warnings: readonly string[];
}

interface Entry {
  readonly bundle: CachedBundle;
  /** Every input of the metafile: absolute path, size and modification time when it was bundled. */
  readonly inputs: ReadonlyArray<readonly [string, number, number]>;
}

/** Per esbuild module (another esbuild builds another bundle), the bundles by key. */
const caches = new WeakMap<object, Map<string, Entry>>();

function bundlesOf(esbuild: object): Map<string, Entry> {
  let bundles = caches.get(esbuild);
  if (!bundles) {
    bundles = new Map();
    caches.set(esbuild, bundles);
  }
  return bundles;
}

/**
 * The bundle `esbuild` built under `key`, if every file it was built from is unchanged (size and modification
 * time).
 */
export function cachedBundle(esbuild: object, key: string): CachedBundle | undefined {
  const bundles = bundlesOf(esbuild);
  const entry = bundles.get(key);
  if (!entry) {
    return undefined;
  }
  const unchanged = entry.inputs.every(([file, size, mtimeMs]) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat !== undefined && stat.size === size && stat.mtimeMs === mtimeMs;
  });
  if (!unchanged) {
    bundles.delete(key);
    return undefined;
  }
  return entry.bundle;
}

/**
 * Caches the `bundle` of `esbuild` under `key`, with the inputs its metafile lists (paths relative to
 * `projectRoot`). A bundle whose inputs cannot all be read back is not cached.
 */
export function rememberBundle(
  esbuild: object,
  key: string,
  bundle: CachedBundle,
  metafileInputs: readonly string[],
  projectRoot: string,
): void {
  const inputs: Array<readonly [string, number, number]> = [];
  for (const input of metafileInputs) {
    const file = path.resolve(projectRoot, input);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) {
      return;
    }
    inputs.push([file, stat.size, stat.mtimeMs]);
  }
  bundlesOf(esbuild).set(key, { bundle, inputs });
}
