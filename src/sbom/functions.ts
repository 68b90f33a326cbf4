import { existsSync, readFileSync, statSync } from 'fs';
import { builtinModules } from 'module';
import { dirname, isAbsolute, join, resolve } from 'path';
import { AssetFiles, directoryFiles, FileFilter, isDirectory, zipFiles } from './asset-files';
import { FoundPackage, mergePackages } from './components';
import { metafileOf, metafilePackages } from './metafile';
import { FunctionSbom, SbomSource } from './model';
import { NODE_FILES, nodePackages } from './node-packages';
import { PYTHON_FILES, pythonPackages } from './python-packages';
import { AuditTarget } from '../compliance/cloud-assembly';
import { isObject } from '../compliance/rules/template-values';

/** Why a function has no bill of materials. @internal */
export type NoSbomReason =
  /** `Code.ZipFile` (or SAM's `InlineCode`): code written into the template, no package in it. */
  | 'inline-code'
  /** A container image (`PackageType: Image`, `Code.ImageUri`): its packages are the image's. */
  | 'container-image'
  /** Code in S3 that is no asset of this cloud assembly (`Code.fromBucket`), or a code property not read. */
  | 'no-asset'
  /** The asset is not in the cloud assembly (bundling skipped for the stack, or the assembly copied without it). */
  | 'asset-missing'
  /** The asset is a file other than a `.zip` (a `.jar`, for example). */
  | 'unsupported-asset';

/** A function of the templates that has no bill of materials, and why. @internal */
export interface FunctionWithoutSbom {
  readonly stack: string;
  /** As in {@link FunctionSbom.constructPath}. */
  readonly constructPath: string;
  readonly logicalId: string;
  readonly reason: NoSbomReason;
  /** What was found, for the report: `Code.ZipFile`, the asset path that does not exist, the S3 location. */
  readonly detail: string;
}

/** Something that makes a bill of materials incomplete: a package whose manifest could not be read. @internal */
export interface SbomWarning {
  readonly constructPath: string;
  readonly message: string;
}

/** The bills of materials of the functions of some templates, and the functions that have none. @internal */
export interface SbomScan {
  /** One per function with an asset, in template order (stack, then resource). */
  readonly sboms: readonly FunctionSbom[];
  readonly withoutSbom: readonly FunctionWithoutSbom[];
  readonly warnings: readonly SbomWarning[];
}

/** @internal */
export interface SbomScanOptions {
  /**
   * The directories an esbuild metafile's paths may be relative to (esbuild's working directory at synth); the
   * first one in which the bundle's inputs exist is used.
   * @default - the working directory, then the cloud assembly's directory and each directory above it
   */
  readonly projectRoots?: readonly string[];
}

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
const ASSET_PATH = 'aws:asset:path';
const ASSET_PROPERTY = 'aws:asset:property';
const CDK_PATH = 'aws:cdk:path';
/** The properties aws-cdk-lib names in `aws:asset:property` for a function's code. */
const CODE_PROPERTIES = new Set(['Code', 'CodeUri']);
const ALL_FILES: FileFilter = (path) => NODE_FILES(path) || PYTHON_FILES(path);

/**
 * The bill of materials of every Lambda function with an asset in `targets` (shorthand for
 * `scanFunctionSboms(targets).sboms`).
 * @internal
 */
export function functionSboms(targets: readonly AuditTarget[], options: SbomScanOptions = {}): FunctionSbom[] {
  return [...scanFunctionSboms(targets, options).sboms];
}

/**
 * The bill of materials of every `AWS::Lambda::Function` (and `AWS::Serverless::Function`) in `targets` whose
 * code is an asset of the cloud assembly, the functions that have none (inline code, container images, code in
 * S3 that is no asset) with the reason, and warnings about packages that could not be read.
 *
 * The asset is found from the resource's `aws:asset:path` metadata (written when the app runs with asset
 * metadata, as the CDK CLI runs it), else from its `Code.S3Key` in the stack's asset manifest (a synth in
 * code). A directory or `.zip` asset's packages are its installed npm packages and Python distributions (or,
 * with none installed, its lockfile's or pinned requirements'); with an esbuild metafile, also the npm packages
 * with bytes in the bundle.
 * @internal
 */
export function scanFunctionSboms(targets: readonly AuditTarget[], options: SbomScanOptions = {}): SbomScan {
  const sboms: FunctionSbom[] = [];
  const withoutSbom: FunctionWithoutSbom[] = [];
  const warnings: SbomWarning[] = [];
  for (const target of targets) {
    const resources = isObject(target.template) && isObject(target.template.Resources) ? target.template.Resources : {};
    // Read only when a function's code must be found through the asset manifest (a synth without asset metadata).
    let assetKeys: ReadonlyMap<string, string> | undefined;
    const keys = () => (assetKeys ??= assetManifestPaths(dirname(target.file)));
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!isObject(resource) || !FUNCTION_TYPES.has(resource.Type)) {
        continue;
      }
      const metadata = isObject(resource.Metadata) ? resource.Metadata : {};
      const properties = isObject(resource.Properties) ? resource.Properties : {};
      const fn = {
        stack: target.stack,
        constructPath: functionPath(target, logicalId, metadata),
        logicalId,
      };
      const inline = inlineCodeOf(resource.Type, properties);
      if (inline !== undefined) {
        sboms.push({
          ...fn,
          ...(typeof properties.Runtime === 'string' ? { runtime: properties.Runtime } : {}),
          assetPath: '',
          source: 'inline',
          components: [],
          runtimeModules: runtimeModulesOf(inline, typeof properties.Runtime === 'string' ? properties.Runtime : ''),
        });
        continue;
      }
      const code = codeOf(resource.Type, properties, metadata, dirname(target.file), keys);
      if ('reason' in code) {
        withoutSbom.push({ ...fn, ...code });
        continue;
      }
      const warn = (message: string) => warnings.push({ constructPath: fn.constructPath, message });
      const roots = options.projectRoots ?? defaultRoots(dirname(target.file));
      const { source, found } = packagesOf(code.assetPath, roots, warn);
      sboms.push({
        ...fn,
        ...(typeof properties.Runtime === 'string' ? { runtime: properties.Runtime } : {}),
        assetPath: code.assetPath,
        source,
        components: mergePackages(found),
      });
    }
  }
  return { sboms, withoutSbom, warnings };
}

type CodeLocation = { readonly assetPath: string } | { readonly reason: NoSbomReason; readonly detail: string };

/** Where a function's code is: an existing directory or zip asset, or why there is none to read. */
function codeOf(
  type: string,
  properties: { readonly [key: string]: unknown },
  metadata: { readonly [key: string]: unknown },
  templateDir: string,
  assetKeys: () => ReadonlyMap<string, string>,
): CodeLocation {
  const serverless = type === 'AWS::Serverless::Function';
  const code = serverless ? properties.CodeUri : properties.Code;
  if (
    properties.PackageType === 'Image' ||
    (isObject(code) && code.ImageUri !== undefined) ||
    properties.ImageUri !== undefined
  ) {
    return { reason: 'container-image', detail: 'PackageType: Image' };
  }
  if ((isObject(code) && code.ZipFile !== undefined) || (serverless && properties.InlineCode !== undefined)) {
    return { reason: 'inline-code', detail: serverless ? 'InlineCode' : 'Code.ZipFile' };
  }
  let assetPath: string | undefined;
  if (typeof metadata[ASSET_PATH] === 'string' && CODE_PROPERTIES.has(metadata[ASSET_PROPERTY] as string)) {
    const path = metadata[ASSET_PATH] as string;
    assetPath = isAbsolute(path) ? path : resolve(templateDir, path);
  } else if (isObject(code) && typeof code.S3Key === 'string') {
    assetPath = assetKeys().get(code.S3Key);
  }
  if (assetPath === undefined) {
    return { reason: 'no-asset', detail: `code in S3 that is no asset of the cloud assembly (${describe(code)})` };
  }
  if (!existsSync(assetPath)) {
    return { reason: 'asset-missing', detail: `${assetPath} does not exist (bundling skipped for the stack?)` };
  }
  if (!isDirectory(assetPath) && !(statSync(assetPath).isFile() && /\.zip$/i.test(assetPath))) {
    return { reason: 'unsupported-asset', detail: `${assetPath} is neither a directory nor a .zip file` };
  }
  return { assetPath };
}

/** The source of a function whose code is in the template, when it is a literal. */
function inlineCodeOf(type: string, properties: { readonly [key: string]: unknown }): string | undefined {
  const code =
    type === 'AWS::Serverless::Function' ? properties.InlineCode : (properties.Code as { ZipFile?: unknown })?.ZipFile;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The modules inline code loads by name (`require('x')`, `import ... from 'x'`, `import('x')`; for a Python runtime
 * `import x` and `from x import`), other than relative paths and built-in modules: what the runtime provides.
 */
function runtimeModulesOf(code: string, runtime: string): string[] {
  const names = new Set<string>();
  if (runtime.startsWith('python')) {
    const python = /^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import|import\s+([A-Za-z_][\w.]*))/gm;
    for (const m of code.matchAll(python)) {
      names.add((m[1] ?? m[2]).split('.')[0]);
    }
  } else {
    const js = /(?:require\(|import\(|from\s+|import\s+)['"]([^'"]+)['"]/g;
    for (const m of code.matchAll(js)) {
      names.add(m[1]);
    }
  }
  return [...names].filter((name) => !name.startsWith('.') && !name.startsWith('node:') && !isBuiltin(name)).sort();
}

function isBuiltin(name: string): boolean {
  return builtinModules.includes(name.split('/')[0]) || PYTHON_STANDARD.has(name);
}

/** Python standard modules inline handlers commonly import, which are no package. */
const PYTHON_STANDARD = new Set(['json', 'os', 'sys', 'time', 'logging', 'urllib', 'datetime', 're', 'base64', 'uuid']);

/** The packages of an asset, and how they were found. */
function packagesOf(
  assetPath: string,
  roots: readonly string[],
  warn: (message: string) => void,
): { source: SbomSource; found: FoundPackage[] } {
  const directory = isDirectory(assetPath);
  const files: AssetFiles = directory ? directoryFiles(assetPath, ALL_FILES) : zipFiles(assetPath, ALL_FILES);
  const metafile = directory ? metafileOf(assetPath) : undefined;
  const found = [
    ...(metafile ? metafilePackages(metafile, roots, warn) : []),
    ...nodePackages(files, warn),
    ...pythonPackages(files),
  ];
  return { source: metafile ? 'esbuild-metafile' : directory ? 'directory' : 'zip', found };
}

/**
 * The function's construct path without the L1's `/Resource` (`OrdersService/GetOrder/Function`): from the
 * assembly's metadata, the resource's `aws:cdk:path`, or `<stack>/<logicalId>`.
 */
function functionPath(target: AuditTarget, logicalId: string, metadata: { readonly [key: string]: unknown }): string {
  const cdkPath = typeof metadata[CDK_PATH] === 'string' ? (metadata[CDK_PATH] as string) : undefined;
  const path = target.constructPaths.get(logicalId) ?? cdkPath;
  return path !== undefined ? path.replace(/^\//, '').replace(/\/Resource$/, '') : `${target.stack}/${logicalId}`;
}

/** The file assets of the asset manifests in a cloud assembly directory, absolute source path by S3 object key. */
function assetManifestPaths(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const artifacts = readJson(join(dir, 'manifest.json'))?.artifacts;
  for (const artifact of Object.values(isObject(artifacts) ? artifacts : {})) {
    if (!isObject(artifact) || artifact.type !== 'cdk:asset-manifest' || !isObject(artifact.properties)) {
      continue;
    }
    const files = readJson(join(dir, String(artifact.properties.file)))?.files;
    for (const asset of Object.values(isObject(files) ? files : {})) {
      if (!isObject(asset) || !isObject(asset.source) || typeof asset.source.path !== 'string') {
        continue;
      }
      for (const destination of Object.values(isObject(asset.destinations) ? asset.destinations : {})) {
        if (isObject(destination) && typeof destination.objectKey === 'string') {
          result.set(destination.objectKey, resolve(dir, asset.source.path));
        }
      }
    }
  }
  return result;
}

function readJson(file: string): { readonly [key: string]: unknown } | undefined {
  try {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

/** The working directory, then the assembly's directory and each one above it. */
function defaultRoots(assemblyDir: string): string[] {
  const roots = [process.cwd()];
  for (let dir = resolve(assemblyDir); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) {
      return [...new Set(roots)];
    }
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? 'no Code';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
