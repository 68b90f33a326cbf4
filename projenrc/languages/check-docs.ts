/**
 * Checks that the code jsii-pacmak generated shows every example in its own language: the `@example` blocks of
 * the API and the README's TypeScript snippets, which `jsii-rosetta extract --strict` compiled and translated
 * into `.jsii.tabl.json`. Fails when a Python, Java or Go example (or the README copy in the Python module's
 * docstring, the Java package-info and the Go README) still holds TypeScript, when fewer examples than the
 * assembly has were found, or when SecureFunction's examples are not there in the language's own syntax.
 *
 *   npx ts-node --project projenrc/tsconfig.json projenrc/languages/check-docs.ts <jsii-pacmak --code-only outdir>
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

const outdir = process.argv[2];
if (!outdir) {
  throw new Error('usage: check-docs.ts <the directory jsii-pacmak --code-only wrote>');
}

/** What the assembly holds: the `@example` blocks of its types and members, and the README's TypeScript blocks. */
const assembly = JSON.parse(readFileSync(join(__dirname, '..', '..', '.jsii'), 'utf8'));
interface Documented {
  readonly docs?: { readonly example?: string };
}
const apiExamples = Object.values<Documented & { methods?: Documented[]; properties?: Documented[] }>(
  assembly.types,
).flatMap((type) => [type, ...(type.methods ?? []), ...(type.properties ?? [])].filter((api) => api.docs?.example));
const readmeSnippets = (assembly.readme?.markdown ?? '').match(/^```(?:ts|typescript)\b/gm)?.length ?? 0;

/** Lines only a TypeScript example has: declarations, ES imports, arrow functions. */
const TYPESCRIPT = [/^\s*(?:const|let|declare|export)\s/, /^\s*import\s*[{*]/, /=>/];
/** `new` (Python and Go call constructors without it) and a camelCase object-literal key (not Go's `Field:`). */
const TYPESCRIPT_NOT_PYTHON_OR_GO = [...TYPESCRIPT, /\bnew [A-Z]\w*\(/, /^\s*[a-z]\w*: /];
/** A `new` expression whose object-literal argument opens at the end of the line (Java uses builders). */
const TYPESCRIPT_NOT_JAVA = [...TYPESCRIPT, /\bnew [A-Z]\w*\(.*\{\s*$/];

interface Block {
  readonly file: string;
  /** 1-based line of the block's first line in `file`. */
  readonly line: number;
  readonly lines: string[];
}

/**
 * The blocks of `text` that open after a line matching `opener` and hold the following lines while `inside`
 * matches them, with `strip` removed from each.
 */
function blocksAfter(
  file: string,
  text: string,
  opener: RegExp,
  inside: (line: string, openerLine: string) => boolean,
  strip: RegExp,
): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  lines.forEach((openerLine, index) => {
    if (!opener.test(openerLine)) {
      return;
    }
    let end = index + 1;
    while (end < lines.length && inside(lines[end], openerLine)) {
      end++;
    }
    const body = lines.slice(index + 1, end).map((line) => line.replace(strip, ''));
    blocks.push({ file, line: index + 2, lines: body });
  });
  return blocks;
}

/** Fenced Markdown blocks of `text` in `language`; a ```ts or ```typescript fence left in place is an error. */
function fencedBlocks(file: string, text: string, language: string, problems: string[]): Block[] {
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, match.index).split('\n').length + 1;
    if (match[1] === 'ts' || match[1] === 'typescript') {
      problems.push(`${relative(outdir, file)}:${line}: a \`\`\`${match[1]} block was not translated`);
    } else if (match[1] === language) {
      blocks.push({ file, line, lines: match[2].split('\n') });
    }
  }
  return blocks;
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith(extension))
    .map((path) => join(dir, path));
}

const indentOf = (line: string) => line.length - line.trimStart().length;

interface Language {
  readonly name: string;
  /** The example blocks of the API docs, and those of the README copy. */
  readonly blocks: (problems: string[]) => { api: Block[]; readme: Block[] };
  readonly typescript: RegExp[];
  /** SecureFunction's own example and the README's, as this language writes them: [file, text]. */
  readonly expected: Array<[string, string]>;
}

const python = join(outdir, 'python', 'src', 'cdk_secure_serverless', '__init__.py');
const pythonReadme = join(outdir, 'python', 'README.md');
const javaDir = join(outdir, 'java', 'src', 'main', 'java', 'io', 'github', 'cdksecureserverless');
const goDir = join(outdir, 'go', 'cdksecureserverless');

const LANGUAGES: Language[] = [
  {
    name: 'Python',
    // Docstrings: "Example::" then the code, indented deeper; the module docstring and README.md are the README.
    blocks: (problems) => {
      const text = readFileSync(python, 'utf8');
      const deeper = (line: string, opener: string) => line.trim() === '' || indentOf(line) > indentOf(opener);
      return {
        api: blocksAfter(python, text, /^\s*Example::$/, deeper, /^\s*/),
        // The module docstring, and the package's long description on PyPI.
        readme: [python, pythonReadme].flatMap((file) =>
          fencedBlocks(file, readFileSync(file, 'utf8'), 'python', problems),
        ),
      };
    },
    typescript: TYPESCRIPT_NOT_PYTHON_OR_GO,
    expected: [
      [python, 'fn = SecureFunction(self, "Handler",'],
      [python, 'place_order = SecureFunction(self, "PlaceOrder",'],
    ],
  },
  {
    name: 'Java',
    // Javadoc: <blockquote><pre> ... </pre></blockquote>; package-info.java holds the README.
    blocks: () => {
      const blocks = filesUnder(javaDir, '.java').flatMap((file) =>
        blocksAfter(
          file,
          readFileSync(file, 'utf8'),
          /<blockquote><pre>$/,
          (line) => !line.includes('</pre>'),
          /^\s*\* ?/,
        ),
      );
      const isReadme = (block: Block) => block.file.endsWith('package-info.java');
      return { api: blocks.filter((block) => !isReadme(block)), readme: blocks.filter(isReadme) };
    },
    typescript: TYPESCRIPT_NOT_JAVA,
    expected: [
      [join(javaDir, 'SecureFunction.java'), 'SecureFunction fn = SecureFunction.Builder.create(this, "Handler")'],
      [
        join(javaDir, 'package-info.java'),
        'SecureFunction placeOrder = SecureFunction.Builder.create(this, "PlaceOrder")',
      ],
    ],
  },
  {
    name: 'Go',
    // Doc comments: "// Example:" then "//   code" lines; README.md is the README.
    blocks: (problems) => {
      const readme = join(goDir, 'README.md');
      return {
        api: filesUnder(goDir, '.go').flatMap((file) =>
          blocksAfter(
            file,
            readFileSync(file, 'utf8'),
            /^\s*\/\/ Example:$/,
            (line) => /^\s*\/\/(?: {3}|$)/.test(line),
            /^\s*\/\/(?: {3})?/,
          ),
        ),
        readme: fencedBlocks(readme, readFileSync(readme, 'utf8'), 'go', problems),
      };
    },
    typescript: TYPESCRIPT_NOT_PYTHON_OR_GO,
    expected: [
      [join(goDir, 'SecureFunction.go'), 'fn := cdksecureserverless.NewSecureFunction(this, jsii.String("Handler"),'],
      [
        join(goDir, 'README.md'),
        'placeOrder := cdksecureserverless.NewSecureFunction(this, jsii.String("PlaceOrder"),',
      ],
    ],
  },
];

const problems: string[] = [];
const summary: string[] = [];
for (const language of LANGUAGES) {
  const { api, readme } = language.blocks(problems);
  if (api.length < apiExamples.length) {
    problems.push(`${language.name}: ${api.length} API examples found, the assembly has ${apiExamples.length}`);
  }
  if (readme.length < readmeSnippets) {
    problems.push(
      `${language.name}: ${readme.length} README code blocks found, the README has ${readmeSnippets} in TypeScript`,
    );
  }
  for (const block of [...api, ...readme]) {
    block.lines.forEach((line, offset) => {
      if (language.typescript.some((pattern) => pattern.test(line))) {
        problems.push(
          `${relative(outdir, block.file)}:${block.line + offset}: TypeScript in a ${language.name} example: ${line.trim()}`,
        );
      }
    });
  }
  for (const [file, text] of language.expected) {
    if (!readFileSync(file, 'utf8').includes(text)) {
      problems.push(`${relative(outdir, file)}: lacks \`${text}\``);
    }
  }
  summary.push(`${language.name} ${api.length} API examples and ${readme.length} README blocks`);
}

if (problems.length > 0) {
  throw new Error(`the generated code holds untranslated examples:\n  ${problems.join('\n  ')}`);
}
process.stdout.write(`examples in their own language: ${summary.join('; ')}\n`);
