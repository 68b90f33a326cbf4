/**
 * The bill of materials of a function's deployed code, as the library's SBOM writers, the vulnerability matcher
 * and the reports share it. Dependency-free.
 */

/** The package ecosystems the library reads, named as OSV names them. @internal */
export type Ecosystem = 'npm' | 'PyPI';

/** One package in a function's deployed code. @internal */
export interface SbomComponent {
  readonly ecosystem: Ecosystem;
  /** The package's name as its manifest declares it (`@scope/name` for a scoped npm package). */
  readonly name: string;
  readonly version: string;
  /** The package URL: `pkg:npm/%40scope/name@1.2.3`, `pkg:pypi/requests@2.31.0`. */
  readonly purl: string;
  /** The SPDX license expression or name the manifest declares. */
  readonly license?: string;
  /** Where the component was found, relative to the asset (or the metafile's directory): manifests, inputs. */
  readonly evidence: readonly string[];
}

/** How a function's components were found. @internal */
export type SbomSource =
  /** esbuild's metafile: only the packages with bytes in the bundle (what survived tree-shaking). */
  | 'esbuild-metafile'
  /** A directory asset: `node_modules/**\/package.json`, lockfiles, `*.dist-info`, requirements files. */
  | 'directory'
  /** A zip asset, read the same way as a directory. */
  | 'zip'
  /**
   * Code written into the template (`Code.ZipFile`, SAM's `InlineCode`): it ships no package; the modules it
   * loads from the Lambda runtime (the AWS SDK) are listed as `runtimeModules`, without a version, which AWS picks.
   */
  | 'inline';

/** The bill of materials of one Lambda function with an asset. @internal */
export interface FunctionSbom {
  /** The stack's construct path (or artifact id). */
  readonly stack: string;
  /** The function's construct path, `<stack>/<id>/...`, or `<stack>/<logicalId>` when none is recorded. */
  readonly constructPath: string;
  readonly logicalId: string;
  /** The function's runtime (`nodejs22.x`, `python3.13`), when the template names it. */
  readonly runtime?: string;
  /** The asset's path, absolute; `''` for inline code. */
  readonly assetPath: string;
  readonly source: SbomSource;
  /** Every package, each once (same ecosystem, name and version), sorted by ecosystem, name and version. */
  readonly components: readonly SbomComponent[];
  /**
   * For inline code: the modules it loads that the Lambda runtime provides (`@aws-sdk/client-ec2`), sorted.
   * They are not components: no version is known, so nothing can be matched against them.
   * @default - none
   */
  readonly runtimeModules?: readonly string[];
}
