import * as fs from 'fs';
import * as path from 'path';
import { Annotations, AssetHashType, AssetStaging, DockerImage, ILocalBundling, Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { CachedBundle, cachedBundle, rememberBundle } from './bundle-cache';
import { Esbuild, loadEsbuild } from './esbuild';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';
import { requireLiteral } from '../core/validate';

/**
 * What a SecureFunction's `entry` was bundled into: one asset of its own in the cloud assembly, holding only the
 * bundle (`index.js`) and its source map (`index.js.map`), and esbuild's metafile beside that asset.
 */
export interface FunctionBundle {
  /** The entry, as an absolute path. */
  readonly entry: string;

  /** The staged asset directory (`<cloud assembly>/asset.<hash>`): `index.js` and `index.js.map`, nothing else. */
  readonly outputPath: string;

  /**
   * esbuild's metafile of the bundle: every file esbuild read (`inputs`, including each file of each npm
   * package) and, per output file, the inputs that ended up in it (`outputs["index.js"].inputs`; tree-shaken
   * files are absent). Paths are relative to `projectRoot`. It lies beside the asset
   * (`<cloud assembly>/asset.<hash>.metafile.json`), so it is kept with the cloud assembly but not deployed.
   */
  readonly metafilePath: string;

  /**
   * The directory esbuild resolved from and the metafile's and source map's paths are relative to: the nearest
   * directory above the entry that holds a `package.json`, or the entry's directory.
   */
  readonly projectRoot: string;

  /** The asset's hash, computed from the bundle's content: unchanged code is not deployed again. */
  readonly assetHash: string;
}

/** The file extensions esbuild bundles as TypeScript or JavaScript. */
const ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** The bundle's file name: the handler is `index.<export>`. */
const BUNDLE_NAME = 'index';
/** The export the handler names when `handler` is not given. */
const DEFAULT_EXPORT = 'handler';
/** A JavaScript export name. */
const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Makes Node read the bundle's source map, so stack traces name the TypeScript files and lines. */
const SOURCE_MAPS_FLAG = '--enable-source-maps';
/** The id of the warning that carries esbuild's warnings, for `Annotations.of(fn).acknowledgeWarning(id)`. */
const BUNDLING_WARNING = 'cdk-secure-serverless:bundlingWarning:entry';
/** How the entry's bundle is built (also part of the asset cache key: a change rebundles). */
const BUNDLE_SETTINGS = {
  format: 'cjs',
  platform: 'node',
  // ESM builds first, which esbuild can tree-shake; packages with `exports` are resolved by their conditions.
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  external: [] as string[],
} as const;

/**
 * A SecureFunction's code and handler, from `code` and `handler` or from `entry` (bundled with esbuild).
 * @internal
 */
export interface FunctionCode {
  readonly code: lambda.Code;
  readonly handler: string;
  /** The bundling of `entry`; undefined for `code`. */
  readonly bundling?: EntryBundling;
}

/** The props the function's code is resolved from. */
interface CodeProps {
  readonly code?: lambda.Code;
  readonly entry?: string;
  readonly handler?: string;
}

/**
 * Checks `code`, `entry` and `handler` and returns the function's code: `code` as it is, or `entry` bundled.
 * @internal
 */
export function resolveFunctionCode(scope: IConstruct, props: CodeProps, runtime: lambda.Runtime): FunctionCode {
  const error = (code: SecureErrorCode, prop: string, problem: string, fix: string) =>
    new SecureConfigError(scope, { code, prop, problem, fix });
  if (props.code && props.entry !== undefined) {
    throw error(
      SecureErrorCode.CONFLICTING_PROPS,
      'entry',
      `both ${propRef('code')} and ${propRef('entry')} are given, and a function has one code`,
      `pass ${propRef('entry')} to have the TypeScript or JavaScript file bundled, or ${propRef('code')} (with ${propRef('handler')}) for code you built yourself, not both`,
    );
  }
  if (props.code) {
    if (props.handler === undefined) {
      throw error(
        SecureErrorCode.INVALID_PROP,
        'handler',
        `${propRef('code')} is given without a handler, and Lambda needs to know which function of the code to call`,
        `set ${propRef('handler')} to '<file>.<export>', for example 'index.handler'`,
      );
    }
    return { code: props.code, handler: props.handler };
  }
  if (props.entry === undefined) {
    throw error(
      SecureErrorCode.INVALID_PROP,
      'entry',
      `neither ${propRef('entry')} nor ${propRef('code')} is given, so the function has no code`,
      `pass ${propRef('entry')}: 'src/handlers/my-handler.ts' (a TypeScript or JavaScript file, bundled with esbuild), or ${propRef('code')} and ${propRef('handler')}`,
    );
  }
  requireLiteral(scope, 'entry', props.entry, 'the file is bundled at synth');
  const entry = path.resolve(props.entry);
  if (runtime.family !== lambda.RuntimeFamily.NODEJS) {
    throw error(
      SecureErrorCode.CONFLICTING_PROPS,
      'runtime',
      `${runtime.name} does not run JavaScript, but ${propRef('entry')} is bundled into JavaScript for Node.js`,
      `leave ${propRef('runtime')} out (the latest Node.js runtime) or pass a Node.js runtime, or pass your code as ${propRef('code')} with ${propRef('handler')}`,
    );
  }
  if (!ENTRY_EXTENSIONS.includes(path.extname(entry))) {
    throw error(
      SecureErrorCode.INVALID_PROP,
      'entry',
      `'${props.entry}' is not a TypeScript or JavaScript file (${ENTRY_EXTENSIONS.join(', ')})`,
      `point ${propRef('entry')} at the handler's source file, for example 'src/handlers/get-note.ts', or pass other code as ${propRef('code')}`,
    );
  }
  if (!fs.existsSync(entry) || !fs.statSync(entry).isFile()) {
    throw error(
      SecureErrorCode.INVALID_PROP,
      'entry',
      `'${props.entry}' (${entry}) is not a file; a relative path is resolved from the directory the app runs in (${process.cwd()})`,
      "correct the path, or pass an absolute one built from the app's own location (in TypeScript: path.join(__dirname, 'handlers', 'get-note.ts'))",
    );
  }
  const handlerExport = props.handler ?? DEFAULT_EXPORT;
  if (!Token.isUnresolved(handlerExport) && !EXPORT_NAME.test(handlerExport)) {
    throw error(
      SecureErrorCode.INVALID_PROP,
      'handler',
      `'${handlerExport}' is not an export name; with ${propRef('entry')} the handler names the entry's export and the bundle is ${BUNDLE_NAME}.js`,
      `name only the export, for example 'main' for ${BUNDLE_NAME}.main, or leave ${propRef('handler')} out for the export 'handler'`,
    );
  }
  const bundling = new EntryBundling(scope, entry, runtime);
  return { code: bundling.code(), handler: `${BUNDLE_NAME}.${handlerExport}`, bundling };
}

/**
 * The environment with `--enable-source-maps` added to `NODE_OPTIONS` (after any options the user set), so that
 * stack traces of a bundled function name its source files. A variable the library sets, not checked for secrets.
 * @internal
 */
export function withSourceMaps(environment: { [name: string]: string } = {}): { [name: string]: string } {
  const current = environment.NODE_OPTIONS;
  if (current !== undefined && current.split(/\s+/).includes(SOURCE_MAPS_FLAG)) {
    return environment;
  }
  return { ...environment, NODE_OPTIONS: current ? `${current} ${SOURCE_MAPS_FLAG}` : SOURCE_MAPS_FLAG };
}

/**
 * The bundling of one entry: a `lambda.Code` asset that esbuild fills locally (never in Docker), hashed by its
 * output, and the metafile that is written beside the staged asset.
 * @internal
 */
export class EntryBundling {
  /** The directory esbuild resolves from; the metafile's and source map's paths are relative to it. */
  public readonly projectRoot: string;
  private readonly target: string;
  private readonly esbuild?: Esbuild;
  /** The metafile of the last bundle, until it is written beside the staged asset. */
  private metafile?: string;

  constructor(
    private readonly scope: IConstruct,
    public readonly entry: string,
    runtime: lambda.Runtime,
  ) {
    this.projectRoot = projectRootOf(entry);
    this.target = `node${runtime.name.match(/^nodejs(\d+)/)?.[1] ?? ''}`;
    this.esbuild = loadEsbuild([this.projectRoot, process.cwd()]);
    if (!this.esbuild && Stack.of(scope).bundlingRequired) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.MISSING_DEPENDENCY,
        prop: 'entry',
        problem: `the entry is bundled with esbuild, which is not installed (looked up from ${this.projectRoot}, ${process.cwd()} and cdk-secure-serverless)`,
        fix: `run 'npm install --save-dev esbuild' in your project, or pass code you built yourself as ${propRef('code')} with ${propRef('handler')}`,
      });
    }
  }

  /**
   * The asset. Its source directory is the entry's, but its content is the bundle alone and its hash the
   * bundle's (`AssetHashType.OUTPUT`): the entry and the settings are part of the local bundler, which aws-cdk-lib
   * serializes into the asset cache key, so two entries of one directory never share an asset.
   */
  public code(): lambda.Code {
    const local: ILocalBundling & { readonly entry: string; readonly target: string } = {
      entry: this.entry,
      target: this.target,
      ...BUNDLE_SETTINGS,
      tryBundle: (outputDir: string) => this.bundleInto(outputDir),
    };
    return lambda.Code.fromAsset(path.dirname(this.entry), {
      assetHashType: AssetHashType.OUTPUT,
      // Never used: the local bundler bundles or throws, and never falls back to Docker.
      bundling: { image: DockerImage.fromRegistry('dummy'), local },
    });
  }

  /**
   * The bundle of `fn`, whose code is this bundling's asset, with the metafile written beside the staged asset.
   * Undefined when aws-cdk-lib skipped bundling for the stack (a stack the CLI does not deploy,
   * `cdk deploy --exclusively`).
   */
  public staged(fn: lambda.Function): FunctionBundle | undefined {
    const staging = fn.node.tryFindChild('Code')?.node.tryFindChild('Stage') as AssetStaging | undefined;
    if (!staging || staging.absoluteStagedPath === staging.sourcePath) {
      return undefined;
    }
    const metafilePath = `${staging.absoluteStagedPath}.metafile.json`;
    if (this.metafile !== undefined) {
      fs.writeFileSync(metafilePath, this.metafile);
      this.metafile = undefined;
    }
    return {
      entry: this.entry,
      outputPath: staging.absoluteStagedPath,
      metafilePath,
      projectRoot: this.projectRoot,
      assetHash: staging.assetHash,
    };
  }

  private bundleInto(outputDir: string): boolean {
    const bundle = this.bundle();
    if (!bundle) {
      // Checked in the constructor whenever the stack needs bundling.
      return false;
    }
    if (bundle.warnings.length > 0) {
      Annotations.of(this.scope).addWarningV2(
        BUNDLING_WARNING,
        `${this.scope.node.path}: esbuild warned while bundling ${path.relative(this.projectRoot, this.entry)}: ${bundle.warnings.join('; ')}. Fix: correct the code, or acknowledge the warning if the bundle is what you want`,
      );
    }
    for (const file of bundle.files) {
      fs.writeFileSync(path.join(outputDir, file.name), file.contents);
    }
    this.metafile = bundle.metafile;
    return true;
  }

  /** The entry's bundle: built by esbuild, or the one built earlier in this process if no input changed. */
  private bundle(): CachedBundle | undefined {
    const esbuild = this.esbuild;
    if (!esbuild) {
      return undefined;
    }
    const key = JSON.stringify([this.entry, this.projectRoot, this.target, BUNDLE_SETTINGS]);
    const cached = cachedBundle(esbuild, key);
    if (cached) {
      return cached;
    }
    let result;
    try {
      result = esbuild.buildSync({
        ...BUNDLE_SETTINGS,
        mainFields: [...BUNDLE_SETTINGS.mainFields],
        external: [...BUNDLE_SETTINGS.external],
        entryPoints: [this.entry],
        // Not written there (`write: false`): the source map's and metafile's paths are relative to the project
        // root, the same on every machine, wherever the cloud assembly is.
        outfile: path.join(this.projectRoot, `${BUNDLE_NAME}.js`),
        absWorkingDir: this.projectRoot,
        bundle: true,
        write: false,
        metafile: true,
        target: this.target,
        logLevel: 'silent',
      });
    } catch (e) {
      throw new SecureConfigError(this.scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'entry',
        problem: `esbuild could not bundle ${path.relative(this.projectRoot, this.entry)}: ${(e as Error).message.trim()}`,
        fix: 'correct the errors esbuild reports, or install the packages the entry imports',
      });
    }
    const bundle: CachedBundle = {
      files: result.outputFiles.map((file) => ({ name: path.basename(file.path), contents: file.contents })),
      metafile: `${JSON.stringify(result.metafile, undefined, 2)}\n`,
      warnings: result.warnings.map((w) => (w.location ? `${w.location.file}:${w.location.line}: ${w.text}` : w.text)),
    };
    const inputs = Object.keys((result.metafile as { inputs?: object }).inputs ?? {});
    rememberBundle(esbuild, key, bundle, inputs, this.projectRoot);
    return bundle;
  }
}

/** The nearest directory at or above the entry's that holds a `package.json`; the entry's own directory if none. */
function projectRootOf(entry: string): string {
  const start = path.dirname(entry);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return start;
    }
  }
}
