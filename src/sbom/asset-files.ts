import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { unzipSync } from 'fflate';

/**
 * The files of an asset that the package readers look at, whether the asset is a directory or a zip file: only
 * the files whose relative path `wanted` accepts are listed (and, for a zip, decompressed).
 * @internal
 */
export interface AssetFiles {
  /** The wanted files' paths, relative to the asset, with `/` separators, sorted. */
  readonly paths: readonly string[];
  /** The text of one listed file (UTF-8). */
  readonly read: (path: string) => string;
}

/** Which of an asset's files to list, by relative path (`/` separators). @internal */
export type FileFilter = (path: string) => boolean;

/**
 * The wanted files of a directory asset. Symbolic links are not followed (`node_modules/.bin`, links into the
 * workspace): the asset is uploaded as the zip CDK builds of it, and a link is no package of its own.
 * @internal
 */
export function directoryFiles(root: string, wanted: FileFilter): AssetFiles {
  const paths: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.isFile() && wanted(path)) {
        paths.push(path);
      }
    }
  };
  walk('');
  return { paths: paths.sort(), read: (path) => readFileSync(join(root, path), 'utf8') };
}

/**
 * The wanted files of a zip asset, read in memory with fflate: only those entries are decompressed.
 * @internal
 */
export function zipFiles(file: string, wanted: FileFilter): AssetFiles {
  const entries = unzipSync(readFileSync(file), { filter: (entry) => !entry.name.endsWith('/') && wanted(entry.name) });
  const decoder = new TextDecoder();
  return {
    paths: Object.keys(entries).sort(),
    read: (path) => decoder.decode(entries[path]),
  };
}

/** Whether `path` is a directory (or a link to one: an unstaged asset may be). @internal */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
