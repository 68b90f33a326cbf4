import { createHash } from 'crypto';
import { FunctionSbom } from './model';

/** The directory of the bills of materials, inside the cloud assembly. @internal */
export const SBOM_DIRECTORY = 'sbom';
const SUFFIX = '.cdx.json';
/** File names stay below common file systems' 255-byte limit, with room for the hash. */
const MAX_NAME_BYTES = 200;
const HASH_LENGTH = 8;

/**
 * The file name of a function's bill of materials in `<cdk.out>/sbom/`, named so that a reader finds the function:
 * its construct path with `/` as `.` and every other character but letters, digits, `-` and `_` as `_`
 * (`OrdersService/GetOrder/Function` gives `OrdersService.GetOrder.Function.cdx.json`). A path longer than 200
 * bytes is cut and ends in a short hash of the whole path, as does a name that sanitizing made ambiguous
 * (`a_b` and `a b`); {@link sbomFileNames} adds the hash wherever two functions would share a name.
 * @internal
 */
export function sbomFileName(sbom: FunctionSbom): string {
  const readable = readableName(sbom.constructPath);
  const exact = readable.replace(/\./g, '/') === sbom.constructPath;
  if (exact && readable.length <= MAX_NAME_BYTES) {
    return `${readable}${SUFFIX}`;
  }
  return hashedName(readable, sbom.constructPath);
}

/**
 * The file names of several functions' bills of materials, in their order: {@link sbomFileName}, with a hash of
 * the stack, construct path and logical id added to each name more than one function would get (case-insensitively,
 * for file systems that ignore case).
 * @internal
 */
export function sbomFileNames(sboms: readonly FunctionSbom[]): string[] {
  const names = sboms.map(sbomFileName);
  const count = new Map<string, number>();
  names.forEach((n) => count.set(n.toLowerCase(), (count.get(n.toLowerCase()) ?? 0) + 1));
  return names.map((name, i) =>
    count.get(name.toLowerCase())! > 1
      ? hashedName(
          readableName(sboms[i].constructPath),
          [sboms[i].stack, sboms[i].constructPath, sboms[i].logicalId].join('\0'),
        )
      : name,
  );
}

/** The construct path as a file name: `/` as `.`, anything unsafe as `_`, no leading dot. */
function readableName(constructPath: string): string {
  const name = constructPath
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9_-]/g, '_'))
    .join('.');
  return name.replace(/^\./, '_') || '_';
}

function hashedName(readable: string, identity: string): string {
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, HASH_LENGTH);
  return `${readable.slice(0, MAX_NAME_BYTES)}.${hash}${SUFFIX}`;
}
