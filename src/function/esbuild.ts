/**
 * esbuild, which the user's project installs (not a dependency of this library): only a SecureFunction with `entry`
 * needs it. The few parts of its API that the bundler uses are declared here (stable since esbuild 0.8), so that
 * neither this library's types nor its users' compilers depend on esbuild's.
 */

/** The options of esbuild's `buildSync` that the bundler passes. */
export interface EsbuildBuildOptions {
  readonly entryPoints: string[];
  readonly outfile: string;
  readonly absWorkingDir: string;
  readonly bundle: true;
  readonly write: false;
  readonly metafile: true;
  readonly platform: 'node';
  readonly format: 'cjs';
  readonly target: string;
  readonly mainFields: string[];
  readonly external: string[];
  readonly minify: boolean;
  readonly keepNames: boolean;
  readonly sourcemap: boolean;
  readonly sourcesContent: boolean;
  readonly logLevel: 'silent';
}

/** One file esbuild produced (with `write: false`). */
export interface EsbuildOutputFile {
  readonly path: string;
  readonly contents: Uint8Array;
}

/** One error or warning of esbuild. */
export interface EsbuildMessage {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** What `buildSync` returns. */
export interface EsbuildBuildResult {
  readonly outputFiles: EsbuildOutputFile[];
  readonly metafile: object;
  readonly warnings: EsbuildMessage[];
}

/** The part of the esbuild module the bundler uses. */
export interface Esbuild {
  readonly version: string;
  buildSync(options: EsbuildBuildOptions): EsbuildBuildResult;
}

/**
 * How esbuild is found: Node's `require.resolve`. Replaceable so that tests can simulate a missing esbuild.
 * @internal
 */
export const esbuildResolver = {
  resolve: (id: string, paths: string[]): string => require.resolve(id, { paths }),
};

/**
 * Loads esbuild, looked up from each of `fromDirs` in turn (the entry's project first: a Python or Java app runs
 * this library from the jsii runtime's own directory, where the app's esbuild is not), then from this library.
 * Undefined when it is not installed.
 * @internal
 */
export function loadEsbuild(fromDirs: string[]): Esbuild | undefined {
  for (const paths of [fromDirs, [__dirname]]) {
    let resolved: string;
    try {
      resolved = esbuildResolver.resolve('esbuild', paths);
    } catch {
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as Esbuild;
  }
  return undefined;
}
