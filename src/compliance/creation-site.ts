/**
 * Where constructs were created, for the compliance gate's SARIF report: the source file and line of the user's
 * code that created a construct, when that can be known.
 *
 * Two sources, nearest construct first:
 * - the stack captured by {@link recordCreationSite}, which the constructors of this library's L3 constructs call;
 * - the stack aws-cdk-lib keeps in a construct's metadata: an `aws:cdk:creationStack` entry (each CfnElement and
 *   Stack, unless the context `aws:cdk:disable-creation-stack-traces` is set and CDK_DEBUG is off) or a `trace`
 *   on the `aws:cdk:logicalId` entry (older aws-cdk-lib releases, under CDK_DEBUG).
 *
 * Capturing is cheap (V8 formats a captured stack only when it is read); parsing happens in
 * {@link creationSiteOf} only. An app in another jsii language (Python, Java, .NET, Go) has no frame of its own in
 * the Node process that runs the constructs, only the jsii runtime's: its sites are unknown, and its findings lead
 * to construct paths. Imports only node's `path` and the caller's language.
 */
import * as path from 'path';
import type { IConstruct } from 'constructs';
import { callerLanguage } from '../core/prop-names';

/**
 * A place in a source file: `file` relative to the working directory with `/` separators when under it, absolute
 * otherwise; `line` and `column` 1-based, as V8 reports them (SARIF's `startLine` and `startColumn`).
 * @internal
 */
export interface CreationSite {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/**
 * How many frames {@link recordCreationSite} captures. Enough for an L3 created inside other L3s inside a user's
 * helper; the cost of a capture grows with it. When no user frame is among them, the site of the nearest recorded
 * ancestor is used instead.
 */
const FRAME_LIMIT = 24;

/** The metadata types whose entries tell where a construct was created. */
const CREATION_STACK = 'aws:cdk:creationStack';
const LOGICAL_ID = 'aws:cdk:logicalId';

/** A captured, unformatted stack (`stack` is formatted by V8 when first read). */
interface Capture {
  stack?: unknown;
}

/** What is known of a construct recorded by {@link recordCreationSite}: the capture until parsed, then the site. */
type Recorded = Capture | { readonly site: CreationSite | undefined };

const recorded = new WeakMap<IConstruct, Recorded>();

/**
 * The directories of this library's own code: the package root's `src/` and `lib/` (this module is
 * `src/compliance/creation-site.ts` or `lib/compliance/creation-site.js`).
 * @internal
 */
export const LIBRARY_ROOTS: readonly string[] = (() => {
  const root = path.resolve(__dirname, '..', '..');
  return [path.join(root, 'src'), path.join(root, 'lib')];
})();

/**
 * Records where `construct` is being created: call from the constructor of our L3 constructs. Cheap: captures the
 * stack without formatting it; the first call for a construct wins.
 * @internal
 */
export function recordCreationSite(construct: IConstruct): void {
  if (recorded.has(construct) || typeof Error.captureStackTrace !== 'function' || !inJavaScriptApp()) {
    return;
  }
  const capture: Capture = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = FRAME_LIMIT;
    Error.captureStackTrace(capture, recordCreationSite);
  } catch {
    return; // a frozen `Error`: creation sites are then unknown
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  recorded.set(construct, capture);
}

/**
 * Where `construct` or its nearest ancestor was created, as far as known: for each construct from `construct` up
 * its scopes, the site recorded by {@link recordCreationSite}, else the first user frame of the creation stack in
 * its metadata. `file` is relative to `cwd` with `/` separators when under `cwd`, absolute otherwise.
 * @internal
 */
export function creationSiteOf(construct: IConstruct, cwd: string = process.cwd()): CreationSite | undefined {
  if (!inJavaScriptApp()) {
    return undefined; // the frames are the jsii runtime's (`.../lib/program.js`), not the app's
  }
  for (let scope: IConstruct | undefined = construct; scope; scope = scope.node.scope) {
    const site = recordedSiteOf(scope) ?? metadataSiteOf(scope.node.metadata);
    if (site) {
      return relativeTo(site, cwd);
    }
  }
  return undefined;
}

/**
 * Where a construct was created, from a `trace` (or the data of an `aws:cdk:creationStack` entry) in the metadata
 * of its path in a cloud assembly: the first user frame of it.
 * @internal
 */
export function creationSiteOfTrace(
  trace: readonly string[] | undefined,
  cwd: string = process.cwd(),
): CreationSite | undefined {
  const site = Array.isArray(trace) ? siteOfTrace(trace) : undefined;
  return site ? relativeTo(site, cwd) : undefined;
}

/**
 * Where a construct was created, from the metadata entries of its path (in a cloud assembly's manifest, or
 * `node.metadata`): the data of an `aws:cdk:creationStack` entry, else the `trace` of an `aws:cdk:logicalId` entry.
 * Other entries' traces (annotations, property assignments) tell where those were added, not the construct.
 * @internal
 */
export function creationSiteOfMetadata(
  entries:
    readonly { readonly type: string; readonly data?: unknown; readonly trace?: readonly string[] }[] | undefined,
  cwd: string = process.cwd(),
): CreationSite | undefined {
  const site = metadataSiteOf(entries);
  return site ? relativeTo(site, cwd) : undefined;
}

/**
 * The first frame of `stack` that is the user's code, with its absolute file: frames of `libraryRoots`, of any
 * `node_modules` directory, of node's internals and frames without a file are skipped. `stack` is an `Error.stack`
 * or stack lines joined by newlines, with or without V8's `    at ` prefix.
 * @internal exported for tests
 */
export function firstUserFrame(stack: string, libraryRoots: readonly string[]): CreationSite | undefined {
  const roots = libraryRoots.map(comparable);
  for (const line of stack.split('\n')) {
    const site = parseFrame(line);
    if (site && isUserFile(site.file, roots)) {
      return site;
    }
  }
  return undefined;
}

/** Whether the app runs as JavaScript here, rather than in another language through a jsii runtime. */
function inJavaScriptApp(): boolean {
  return callerLanguage() === 'typescript';
}

function recordedSiteOf(construct: IConstruct): CreationSite | undefined {
  const known = recorded.get(construct);
  if (!known) {
    return undefined;
  }
  if ('site' in known) {
    return known.site;
  }
  let stack: unknown;
  try {
    stack = known.stack;
  } catch {
    stack = undefined; // a throwing Error.prepareStackTrace
  }
  const site = typeof stack === 'string' ? firstUserFrame(stack, LIBRARY_ROOTS) : undefined;
  recorded.set(construct, { site });
  return site;
}

/** The first user frame of a trace read from metadata (JSON: its elements are checked to be strings). */
function siteOfTrace(trace: readonly unknown[]): CreationSite | undefined {
  return firstUserFrame(trace.filter((l) => typeof l === 'string').join('\n'), LIBRARY_ROOTS);
}

function metadataSiteOf(
  entries:
    readonly { readonly type: string; readonly data?: unknown; readonly trace?: readonly string[] }[] | undefined,
): CreationSite | undefined {
  const traces: (readonly string[])[] = [];
  for (const entry of entries ?? []) {
    if (entry.type === CREATION_STACK && Array.isArray(entry.data)) {
      traces.unshift(entry.data);
    } else if (entry.type === LOGICAL_ID && Array.isArray(entry.trace)) {
      traces.push(entry.trace);
    }
  }
  for (const trace of traces) {
    const site = siteOfTrace(trace);
    if (site) {
      return site;
    }
  }
  return undefined;
}

/**
 * One V8 frame: `at fn (loc)`, `at loc`, `at async fn (loc)`, `at new C (loc)`, with or without `at `, where `loc`
 * is `file:line:col` or `file:line`.
 */
function parseFrame(raw: string): CreationSite | undefined {
  const line = raw
    .trim()
    .replace(/^at\s+/, '')
    .replace(/^async\s+/, '');
  if (!line.endsWith(')')) {
    return parseLocation(line);
  }
  const open = matchingParen(line);
  if (open < 0) {
    return undefined;
  }
  const site = parseLocation(line.slice(open + 1, -1));
  // aws-cdk-lib's creation stacks render a frame without a function (`at file:12:34`) by cutting characters off
  // both ends: `file:12:3 (file:12:3)` or, with a one-digit column, `file:12 (:)`. The line survives, the column
  // does not. A function name is never a location of the same file otherwise.
  const mangled = parseLocation(line.slice(0, open).trim());
  if (mangled && (!site || site.file === mangled.file)) {
    return { file: mangled.file, line: mangled.line };
  }
  return site;
}

/** `file:line:col` or `file:line`, `file` a path or a `file://` URL. */
function parseLocation(location: string): CreationSite | undefined {
  if (location.startsWith('eval at ')) {
    return undefined; // code of an eval: no file of its own
  }
  const m = /^(.+?):(\d+)(?::(\d+))?:*$/.exec(location);
  if (!m) {
    return undefined;
  }
  let file = m[1];
  if (file.startsWith('file://')) {
    file = windowsFileUrlPath(file) ?? posixFileUrlPath(file) ?? file;
  }
  return { file, line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) };
}

/** The index of the `(` that the `)` ending `line` closes, or -1. */
function matchingParen(line: string): number {
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    if (line[i] === ')') {
      depth++;
    } else if (line[i] === '(' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** `file:///C:/x/y.js` as `C:\x\y.js`, on any platform (node's `fileURLToPath` does so on Windows only). */
function windowsFileUrlPath(url: string): string | undefined {
  const m = /^file:\/\/\/([A-Za-z]:\/.*)$/.exec(url);
  return m ? safeDecode(m[1]).replace(/\//g, '\\') : undefined;
}

/** `file:///x/y.js` as `/x/y.js`. */
function posixFileUrlPath(url: string): string | undefined {
  const m = /^file:\/\/(\/.*)$/.exec(url);
  return m ? path.posix.normalize(safeDecode(m[1])) : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isWindowsPath(file: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

/** A path with `/` separators, lower-cased when it is a Windows path (case-insensitive), for prefix comparisons. */
function comparable(file: string): string {
  const p = isWindowsPath(file)
    ? path.win32.normalize(file).replace(/\\/g, '/').toLowerCase()
    : path.posix.normalize(file);
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + '/');
}

function isUserFile(file: string, roots: readonly string[]): boolean {
  if (file.startsWith('node:') || file.startsWith('internal/') || file.startsWith('internal\\')) {
    return false;
  }
  if (!isWindowsPath(file) && !path.posix.isAbsolute(file)) {
    return false; // `<anonymous>`, `native`, `[eval]`, `evalmachine.<anonymous>`
  }
  const p = comparable(file);
  return !/(^|\/)node_modules\//.test(p) && !roots.some((root) => isUnder(p, root));
}

function relativeTo(site: CreationSite, cwd: string): CreationSite {
  const file = comparable(site.file);
  const dir = comparable(cwd);
  if (dir === file || !isUnder(file, dir)) {
    return site;
  }
  const relative = isWindowsPath(site.file)
    ? path.win32.relative(cwd, site.file).replace(/\\/g, '/')
    : path.posix.relative(cwd, site.file);
  return { ...site, file: relative };
}
