import { AssetFiles, FileFilter } from './asset-files';
import { FoundPackage } from './components';
import { isObject } from '../compliance/rules/template-values';

/** A package root's manifest: `node_modules/<name>/package.json` or `node_modules/@scope/<name>/package.json`. */
const PACKAGE_ROOT_MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/.][^/]*\/package\.json$/;
const LOCKFILE = /(?:^|\/)package-lock\.json$/;

/** The files of an asset that the npm reader needs. @internal */
export const NODE_FILES: FileFilter = (path) =>
  PACKAGE_ROOT_MANIFEST.test(path) || (LOCKFILE.test(path) && !path.includes('node_modules/'));

/**
 * The npm packages of an asset: every installed package (`node_modules/**\/package.json` of a package root with
 * a name and a version; `package.json` files inside a package, such as `lib/package.json` with only
 * `{ "type": "module" }`, are not package roots). When nothing is installed, the packages a `package-lock.json`
 * (lockfileVersion 2 or 3) would install for production (`dev` entries and workspace links left out).
 * @internal
 */
export function nodePackages(files: AssetFiles, warn: (message: string) => void): FoundPackage[] {
  const installed = files.paths
    .filter((path) => PACKAGE_ROOT_MANIFEST.test(path))
    .flatMap((path) => {
      const manifest = parseJsonFile(files, path, warn);
      const found = manifest !== undefined ? manifestPackage(manifest, path) : undefined;
      return found ? [found] : [];
    });
  if (installed.length > 0) {
    return installed;
  }
  return files.paths
    .filter((path) => LOCKFILE.test(path) && !path.includes('node_modules/'))
    .flatMap((path) => {
      const lock = parseJsonFile(files, path, warn);
      return lock !== undefined ? lockfilePackages(lock, path, warn) : [];
    });
}

/**
 * The package a `package.json` declares, with `evidence` as where it was read; undefined when it has no name or
 * no version (not a package root).
 * @internal
 */
export function manifestPackage(manifest: unknown, evidence: string): FoundPackage | undefined {
  if (!isObject(manifest) || !isNonEmptyString(manifest.name) || !isNonEmptyString(manifest.version)) {
    return undefined;
  }
  const license = npmLicense(manifest);
  return {
    ecosystem: 'npm',
    name: manifest.name,
    version: manifest.version,
    ...(license !== undefined ? { license } : {}),
    evidence: [evidence],
  };
}

/** `packages` entries of a lockfile v2/v3: `node_modules/...` keys, not the root (`""`), links or dev packages. */
function lockfilePackages(lock: unknown, path: string, warn: (message: string) => void): FoundPackage[] {
  if (!isObject(lock) || !isObject(lock.packages)) {
    warn(
      `${path}: no "packages" section (lockfileVersion ${isObject(lock) ? lock.lockfileVersion : '?'}), not read; lockfileVersion 2 or 3 is`,
    );
    return [];
  }
  return Object.entries(lock.packages).flatMap(([key, entry]) => {
    if (!key.includes('node_modules/') || !isObject(entry) || entry.link === true || entry.dev === true) {
      return [];
    }
    const name = isNonEmptyString(entry.name)
      ? entry.name
      : key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const found = manifestPackage({ ...entry, name }, `${path}#${key}`);
    return found ? [found] : [];
  });
}

/** The license a manifest declares: `license` (an SPDX expression, or `{ type }`), or the old `licenses` list. */
function npmLicense(manifest: { readonly [key: string]: unknown }): string | undefined {
  const typeOf = (value: unknown): string | undefined =>
    isNonEmptyString(value) ? value : isObject(value) && isNonEmptyString(value.type) ? value.type : undefined;
  const license = typeOf(manifest.license);
  if (license !== undefined) {
    return license;
  }
  if (Array.isArray(manifest.licenses)) {
    const types = manifest.licenses.map(typeOf).filter((t): t is string => t !== undefined);
    return types.length > 1 ? `(${types.join(' OR ')})` : types[0];
  }
  return undefined;
}

function parseJsonFile(files: AssetFiles, path: string, warn: (message: string) => void): unknown {
  try {
    return JSON.parse(files.read(path));
  } catch (error) {
    warn(`${path}: not read (${(error as Error).message}), its package is not listed`);
    return undefined;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
