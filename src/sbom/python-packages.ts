import { AssetFiles, FileFilter } from './asset-files';
import { FoundPackage } from './components';

const DIST_INFO_METADATA = /(?:^|\/)[^/]+\.dist-info\/METADATA$/;
const REQUIREMENTS = /(?:^|\/)requirements\.txt$/;
/** `name==version` or `name[extra]===version`, before any environment marker, comment or option. */
const PINNED =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*(?:;.*)?$/;

/** The files of an asset that the Python reader needs. @internal */
export const PYTHON_FILES: FileFilter = (path) => DIST_INFO_METADATA.test(path) || REQUIREMENTS.test(path);

/**
 * The Python distributions of an asset: every `*.dist-info/METADATA` (its `Name`, `Version`, and
 * `License-Expression` or one-line `License`), anywhere in the asset. When there is none (nothing installed), the
 * requirements pinned with `==` (or `===`) in the asset's `requirements.txt` files; other lines (ranges, URLs,
 * options such as `-r` or `--hash`) name no single version and are left out.
 * @internal
 */
export function pythonPackages(files: AssetFiles): FoundPackage[] {
  const installed = files.paths
    .filter((path) => DIST_INFO_METADATA.test(path))
    .flatMap((path) => {
      const found = distributionOf(files.read(path), path);
      return found ? [found] : [];
    });
  if (installed.length > 0) {
    return installed;
  }
  return files.paths
    .filter((path) => REQUIREMENTS.test(path))
    .flatMap((path) => pinnedRequirements(files.read(path), path));
}

/** A `METADATA` file's distribution (the core metadata's header fields, up to the first blank line). */
function distributionOf(text: string, path: string): FoundPackage | undefined {
  const fields = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      break;
    }
    if (/^\s/.test(line) && last) {
      last.push(line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      const key = line.slice(0, colon).trim().toLowerCase();
      last = [line.slice(colon + 1).trim()];
      if (!fields.has(key)) {
        fields.set(key, last);
      }
    }
  }
  const one = (key: string) => {
    const value = fields.get(key);
    // A multi-line `License` is the license text itself, not a name.
    return value && value.length === 1 && value[0] !== '' && value[0] !== 'UNKNOWN' ? value[0] : undefined;
  };
  const name = one('name');
  const version = one('version');
  if (name === undefined || version === undefined) {
    return undefined;
  }
  const license = one('license-expression') ?? one('license');
  return { ecosystem: 'PyPI', name, version, ...(license !== undefined ? { license } : {}), evidence: [path] };
}

function pinnedRequirements(text: string, path: string): FoundPackage[] {
  return text.split(/\r?\n/).flatMap((raw, index) => {
    // Comments, a continuation backslash and per-requirement options (`--hash=...`) go; the requirement stays.
    const line = raw
      .replace(/(^|\s)#.*$/, '')
      .replace(/\s\\$|\s+--\S.*$/g, '')
      .trim();
    const match = PINNED.exec(line);
    return match
      ? [{ ecosystem: 'PyPI' as const, name: match[1], version: match[2], evidence: [`${path}:${index + 1}`] }]
      : [];
  });
}
