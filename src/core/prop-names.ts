/**
 * Prop names the way the calling language spells them, for error messages.
 *
 * A jsii app in Python, Java, .NET or Go runs this library in a Node process that its jsii runtime starts with
 * `JSII_AGENT` set to `Python/<version>`, `Java/<version>`, `DotNet/<version>...` or `go<version>/<os>/<arch>`.
 * Without `JSII_AGENT` the caller is TypeScript or JavaScript. Names are written in TypeScript spelling in the
 * code (the canonical jsii names) and converted here the way jsii-pacmak converts them:
 *
 * - TypeScript and Java: as they are (Java builders use the same camelCase names);
 * - Python: snake_case, as jsii-pacmak's `toSnakeCase` (codemaker) and `toPythonIdentifier` do: `maxAzs` is
 *   `max_azs`, `s3PrefixListId` `s3_prefix_list_id`, `enableIPv6` `enable_i_pv6`, `sizeInMiB` `size_in_mib`,
 *   a Python keyword gets a trailing `_`;
 * - Go and .NET: the first letter upper-cased (jsii-pacmak's `jsiiToPascalCase`): `vpcSubnets` is `VpcSubnets`.
 *
 * Only words that are jsii member names (`/^[a-z][a-zA-Z0-9]*$/`) are converted. Left as they are: type names
 * and enum members (`RemovalPolicy.DESTROY`), words with `_` or `$`, quoted strings, what is between `(` `)` or
 * `[` `]` (arguments and indices: values the user wrote), and the key after a prop that is a map of the user's
 * names ({@link KEYED_PROPS}, for example `environment.API_KEY`), up to the next `.`.
 *
 * Dependency-free on purpose: it is called while an error is built.
 */

/**
 * The languages whose spelling of prop names this library renders.
 * @internal
 */
export type CallerLanguage = 'typescript' | 'java' | 'python' | 'dotnet' | 'go';

/**
 * Props (canonical paths) whose value is a map from names the user chose: the segment after one of them is a
 * key, which is kept as written.
 * @internal
 */
export const KEYED_PROPS: ReadonlySet<string> = new Set([
  'environment',
  'secrets',
  'optOuts.plaintextEnvironmentVariables',
]);

/** A jsii member name (prop, parameter or method), the only words that are converted. */
const MEMBER_NAME = /^[a-z][a-zA-Z0-9]*$/;

/** Words of `[A-Za-z0-9_$]`, quoted strings, and bracketed groups are the tokens; anything else is copied. */
const WORD = /[A-Za-z0-9_$]/;

/** jsii-pacmak's Python keywords (`toPythonIdentifier`): a name that is one gets a trailing `_`. */
const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/**
 * The language of the jsii app that runs this library, from `JSII_AGENT` (read on each call, so that it is
 * current when a message is built). An unknown agent counts as TypeScript: names stay canonical.
 * @internal
 */
export function callerLanguage(agent: string | undefined = process.env.JSII_AGENT): CallerLanguage {
  if (agent === undefined || agent === '') {
    return 'typescript';
  }
  if (/^python\//i.test(agent)) {
    return 'python';
  }
  if (/^java\//i.test(agent)) {
    return 'java';
  }
  if (/^dotnet\//i.test(agent)) {
    return 'dotnet';
  }
  if (/^go\d/i.test(agent)) {
    return 'go';
  }
  return 'typescript';
}

/**
 * A jsii member name in Python spelling, as jsii-pacmak writes it: codemaker's `toSnakeCase` (decamelize 5, with
 * `KiB`, `MiB` and `GiB` kept as one word) and `toPythonIdentifier` (a keyword gets a trailing `_`).
 * @internal
 */
export function toPythonName(name: string): string {
  let s = name.replace(/(^|[^A-Z])(KiB|MiB|GiB)($|[^a-z])/g, (_, before, abbr: string, after) => {
    return before + abbr.charAt(0) + abbr.slice(1).toLowerCase() + after;
  });
  if (s.length < 2) {
    s = s.toLowerCase();
  } else {
    s = s
      .replace(/([a-z\d])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z]+)/g, '$1_$2')
      .toLowerCase();
  }
  return PYTHON_KEYWORDS.has(s) ? `${s}_` : s;
}

/** One member name in the spelling of `language`. */
function renderName(name: string, language: CallerLanguage): string {
  switch (language) {
    case 'python':
      return toPythonName(name);
    case 'dotnet':
    case 'go':
      return name.charAt(0).toUpperCase() + name.slice(1);
    default:
      return name;
  }
}

/** The index after the group that opens at `start` (`(`, `[` or a quote), or the end of `text`. */
function endOfGroup(text: string, start: number): number {
  const open = text[start];
  if (open === "'" || open === '"') {
    const close = text.indexOf(open, start + 1);
    return close === -1 ? text.length : close + 1;
  }
  const close = open === '(' ? ')' : ']';
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) {
      depth++;
    } else if (text[i] === close && --depth === 0) {
      return i + 1;
    }
  }
  return text.length;
}

/**
 * The index after the map key that starts at `start`: the next `.` outside brackets (a token such as
 * `${Token[TOKEN.12]}` has one inside), or the end of `text`.
 */
function endOfKey(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '{') {
      depth++;
    } else if (c === ']' || c === ')' || c === '}') {
      depth--;
    } else if (c === '.' && depth <= 0) {
      return i;
    }
  }
  return text.length;
}

/**
 * A prop path or a short code snippet, written in TypeScript spelling, in the spelling of `language`: see the
 * module's comment for what is converted and what is kept.
 *
 * @example
 * renderPropPath('optOuts.pointInTimeRecovery', 'python') // 'opt_outs.point_in_time_recovery'
 * renderPropPath('environment.apiKey', 'go') // 'Environment.apiKey' (a key the user chose)
 * @internal
 */
export function renderPropPath(path: string, language: CallerLanguage): string {
  if (language === 'typescript' || language === 'java') {
    return path;
  }
  let out = '';
  /** The canonical dotted chain of words the current word continues, to find the key of a keyed prop. */
  let chain: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    const afterDot = i > 0 && path[i - 1] === '.' && chain.length > 0;
    if (afterDot && KEYED_PROPS.has(chain.join('.'))) {
      const key = path.slice(i, endOfKey(path, i));
      out += key;
      chain.push(key);
      i += key.length;
      continue;
    }
    if (WORD.test(c)) {
      let end = i;
      while (end < path.length && WORD.test(path[end])) {
        end++;
      }
      const word = path.slice(i, end);
      out += MEMBER_NAME.test(word) ? renderName(word, language) : word;
      chain = afterDot ? [...chain, word] : [word];
      i = end;
      continue;
    }
    if (c === '(' || c === '[' || c === "'" || c === '"') {
      const end = endOfGroup(path, i);
      out += path.slice(i, end);
      chain = [];
      i = end;
      continue;
    }
    out += c;
    if (c !== '.') {
      chain = [];
    }
    i++;
  }
  return out;
}

/**
 * A prop of this library or of aws-cdk-lib (or a method, or a short snippet such as `{ reason: '...' }`), named
 * in a problem or fix text: written in TypeScript spelling, returned in the caller's (see {@link callerLanguage}).
 * Call it while the message is built.
 * @internal
 */
export function propRef(path: string): string {
  return renderPropPath(path, callerLanguage());
}

/**
 * The prop a message is about, quoted, in the caller's spelling, followed by the TypeScript spelling in
 * parentheses when the two differ, so that the API reference (written in TypeScript) stays findable:
 * `"opt_outs.backup" (TypeScript: optOuts.backup)`.
 * @internal
 */
export function propLabel(prop: string): string {
  const rendered = propRef(prop);
  return rendered === prop ? `"${prop}"` : `"${rendered}" (TypeScript: ${prop})`;
}
