import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureFunction, SecureFunctionProps } from '../../src';
import { latestNodeRuntime, latestOfFamily } from '../../src/core/runtime';
import { esbuildResolver } from '../../src/function/esbuild';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  SecureErrorCode as E,
  expectInvalidInput,
  testInvalidInputs,
} from '../support/invalid-input';

const PATH = 'TestStack/Handler';
const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const GET_NOTE = fixture('notes', 'get-note.ts');
const FOUR_ENTRIES = ['get-note', 'list-note', 'put-note', 'delete-note'];
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly fn: SecureFunction;
}

function build(props: Partial<SecureFunctionProps> = {}, scope = newStack()): Built {
  const fn = new SecureFunction(scope.stack, 'Handler', { entry: GET_NOTE, ...props });
  return { ...scope, fn };
}

/** The asset directory of the function `id` in the synthesized cloud assembly, found from its template's S3Key. */
function assetDirOf(app: App, stack: Stack, id: string): string {
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  const [resource] = Object.entries(functions).filter(([logicalId]) => logicalId.startsWith(`${id}Function`));
  const key: string = resource[1].Properties.Code.S3Key;
  return path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
}

/** The metafile of `fn`'s bundle, parsed. */
function metafileOf(fn: SecureFunction): {
  inputs: Record<string, unknown>;
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
} {
  return JSON.parse(readFileSync(fn.bundle!.metafilePath, 'utf8'));
}

/** Makes `require.resolve('esbuild')` fail, as it does where esbuild is not installed. */
function withoutEsbuild(): void {
  jest.spyOn(esbuildResolver, 'resolve').mockImplementation(() => {
    throw Object.assign(new Error("Cannot find module 'esbuild'"), { code: 'MODULE_NOT_FOUND' });
  });
}

/** Replaces esbuild with a stand-in that records the options it is called with (and bundles with esbuild). */
function recordingEsbuild(): Array<Record<string, unknown>> {
  const fake = fixture('other', 'fake-esbuild.js');
  jest.spyOn(esbuildResolver, 'resolve').mockReturnValue(fake);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const calls: Array<Record<string, unknown>> = require(fake).calls;
  calls.length = 0;
  return calls;
}

afterEach(() => jest.restoreAllMocks());

describe('SecureFunction entry: bundling', () => {
  test('entry alone: handler index.handler, an asset holding only index.js and its source map', () => {
    const { app, stack, fn } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: latestNodeRuntime().name,
    });
    const dir = assetDirOf(app, stack, 'Handler');
    expect(readdirSync(dir).sort()).toEqual(['index.js', 'index.js.map']);
    expect(fn.bundle?.outputPath).toBe(dir);
  });

  test('the bundle runs: its handler export calls the local module', async () => {
    const { fn } = build();

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(path.join(fn.bundle!.outputPath, 'index.js'));
    await expect(bundle.handler({ id: '7' })).resolves.toEqual({ statusCode: 200, body: 'note 7: ROUTE_GET_NOTE' });
  });

  test('four entries in one folder get four different assets, each holding only its own bundle', () => {
    const { app, stack } = newStack();
    const fns = FOUR_ENTRIES.map(
      (name) => new SecureFunction(stack, name.replace('-', ''), { entry: fixture('notes', `${name}.ts`) }),
    );

    const dirs = fns.map((fn) => assetDirOf(app, stack, fn.node.id));
    expect(new Set(dirs).size).toBe(4);
    dirs.forEach((dir, i) => {
      expect(readdirSync(dir).sort()).toEqual(['index.js', 'index.js.map']);
      const bundle = readFileSync(path.join(dir, 'index.js'), 'utf8');
      const own = FOUR_ENTRIES[i].toUpperCase().replace('-', '_');
      expect(bundle).toContain(`ROUTE_${own}`);
      for (const other of FOUR_ENTRIES.filter((_, j) => j !== i)) {
        expect(bundle).not.toContain(`ROUTE_${other.toUpperCase().replace('-', '_')}`);
      }
      const sources: string[] = JSON.parse(readFileSync(path.join(dir, 'index.js.map'), 'utf8')).sources;
      expect(sources.sort()).toEqual([
        'test/function/fixtures/lib/format.ts',
        `test/function/fixtures/notes/${FOUR_ENTRIES[i]}.ts`,
      ]);
    });
  });

  test('handler names another export of the entry', async () => {
    const { stack, fn } = build({ handler: 'main' });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.main' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(path.join(fn.bundle!.outputPath, 'index.js'));
    await expect(bundle.main()).resolves.toBe('main export');
  });

  test('an ES module (.mjs) entry is bundled into CommonJS index.js', async () => {
    const { fn } = build({ entry: fixture('other', 'esm-handler.mjs') });

    const bundleFile = path.join(fn.bundle!.outputPath, 'index.js');
    expect(readFileSync(bundleFile, 'utf8')).toContain('module.exports');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await expect(require(bundleFile).handler()).resolves.toBe('esm handler');
  });

  test('the bundle points at its source map, which names the sources but does not carry them', () => {
    const { fn } = build();

    const bundle = readFileSync(path.join(fn.bundle!.outputPath, 'index.js'), 'utf8');
    expect(bundle.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
    const map = JSON.parse(readFileSync(path.join(fn.bundle!.outputPath, 'index.js.map'), 'utf8'));
    expect(map.sources).toContain('test/function/fixtures/notes/get-note.ts');
    expect(map.sourcesContent).toBeUndefined();
  });

  test('esbuild runs with the runtime Node.js version as target, CommonJS, minified, with source maps, nothing external', () => {
    const calls = recordingEsbuild();
    build();

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      entryPoints: [GET_NOTE],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${latestNodeRuntime().name.match(/^nodejs(\d+)/)![1]}`,
      minify: true,
      keepNames: true,
      sourcemap: true,
      external: [],
      metafile: true,
    });
  });

  test('an older Node.js runtime (under its opt-out) is the target', () => {
    const calls = recordingEsbuild();
    build({ runtime: lambda.Runtime.NODEJS_22_X, optOuts: { latestRuntime: { reason: 'pinned for a test' } } });

    expect(calls[0].target).toBe('node22');
  });

  test('an unchanged entry gets the same asset hash in another synth; a changed one a new hash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'entry-'));
    const file = path.join(dir, 'handler.ts');
    const hashOf = () => build({ entry: file }).fn.bundle!.assetHash;
    writeFileSync(file, "export const handler = async () => 'one';\n");

    const first = hashOf();
    const again = hashOf();
    writeFileSync(file, "export const handler = async () => 'two';\n");
    const changed = hashOf();

    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });

  test("esbuild's warnings become a warning on the function that can be acknowledged", () => {
    const { stack } = build({ entry: fixture('other', 'import-meta.mjs') });

    Annotations.fromStack(stack).hasWarning(
      `/${PATH}`,
      Match.stringLikeRegexp(
        'esbuild warned while bundling test/function/fixtures/other/import-meta.mjs: .*import\\.meta.*\\[ack: cdk-secure-serverless:bundlingWarning:entry\\]',
      ),
    );
  });

  test('a bundle without esbuild warnings adds no warning', () => {
    const { stack } = build();

    Annotations.fromStack(stack).hasNoWarning(`/${PATH}`, Match.stringLikeRegexp('esbuild'));
  });

  test('a function with code is not bundled and has no bundle', () => {
    const { stack, fn } = build({ entry: undefined, code, handler: 'index.handler' });

    expect(fn.bundle).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: Match.absent(),
    });
  });
});

describe('SecureFunction entry: one bundle per entry and process', () => {
  /** A fresh entry in a directory of its own, so that no other test has bundled it. */
  function freshEntry(body: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-cache-'));
    const entry = path.join(dir, 'handler.js');
    writeFileSync(entry, body);
    return entry;
  }
  const s3KeyOf = (stack: Stack) =>
    Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map((r: any) => r.Properties.Code.S3Key)
      .filter((key: unknown) => typeof key === 'string')[0];

  test('the same entry in two apps is bundled once, into the same asset', () => {
    // GIVEN
    const calls = recordingEsbuild();
    const entry = freshEntry('exports.handler = async () => "cached";\n');

    // WHEN
    const first = build({ entry });
    const second = build({ entry });

    // THEN
    expect(calls.filter((c) => (c.entryPoints as string[])[0] === entry)).toHaveLength(1);
    expect(s3KeyOf(second.stack)).toBe(s3KeyOf(first.stack));
    expect(existsSync(second.fn.bundle!.metafilePath)).toBe(true);
    expect(readFileSync(path.join(second.fn.bundle!.outputPath, 'index.js'), 'utf8')).toContain('cached');
  });

  test('an entry changed since it was bundled is bundled again', () => {
    // GIVEN
    const calls = recordingEsbuild();
    const entry = freshEntry('exports.handler = async () => "before";\n');
    const before = build({ entry });

    // WHEN
    writeFileSync(entry, 'exports.handler = async () => "after, longer";\n');
    const after = build({ entry });

    // THEN
    expect(calls.filter((c) => (c.entryPoints as string[])[0] === entry)).toHaveLength(2);
    expect(s3KeyOf(after.stack)).not.toBe(s3KeyOf(before.stack));
    expect(readFileSync(path.join(after.fn.bundle!.outputPath, 'index.js'), 'utf8')).toContain('after, longer');
  });
});

describe('SecureFunction entry: source maps in the environment', () => {
  test('NODE_OPTIONS=--enable-source-maps is set, encrypted like every variable, without a secret finding', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsEnvironmentKey'), 'Arn'] },
    });
  });

  test('the flag is added after the NODE_OPTIONS the user sets, and other variables are kept', () => {
    const { stack } = build({ environment: { NODE_OPTIONS: '--max-old-space-size=256', TABLE: 'notes' } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { NODE_OPTIONS: '--max-old-space-size=256 --enable-source-maps', TABLE: 'notes' } },
    });
  });

  test('NODE_OPTIONS added later with addEnvironment keep the flag; a function with code gets them as given', () => {
    const { stack, fn } = build();
    const plain = new SecureFunction(stack, 'Plain', { code, handler: 'index.handler' });

    fn.addEnvironment('NODE_OPTIONS', '--max-old-space-size=256');
    plain.addEnvironment('NODE_OPTIONS', '--max-old-space-size=256');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { NODE_OPTIONS: '--max-old-space-size=256 --enable-source-maps' } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { NODE_OPTIONS: '--max-old-space-size=256' } },
    });
  });

  test('NODE_OPTIONS that already enable source maps are left as they are', () => {
    const { stack } = build({ environment: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=256' } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=256' } },
    });
  });
});

describe('SecureFunction entry: the metafile', () => {
  test('lies beside the asset, outside it, and describes this entry', () => {
    const { fn } = build();

    const bundle = fn.bundle!;
    expect(bundle.metafilePath).toBe(`${bundle.outputPath}.metafile.json`);
    expect(existsSync(bundle.metafilePath)).toBe(true);
    expect(readdirSync(bundle.outputPath)).not.toContain(path.basename(bundle.metafilePath));
    expect(bundle.entry).toBe(GET_NOTE);
    expect(bundle.projectRoot).toBe(path.resolve(__dirname, '..', '..'));
    const meta = metafileOf(fn);
    expect(meta.outputs['index.js'].entryPoint).toBe('test/function/fixtures/notes/get-note.ts');
    expect(Object.keys(meta.outputs).sort()).toEqual(['index.js', 'index.js.map']);
  });

  test('lists the local module and the npm dependency, and leaves out what the entry does not use', () => {
    const { fn } = build({ entry: fixture('other', 'with-dependency.ts') });

    const meta = metafileOf(fn);
    const read = Object.keys(meta.inputs);
    const bundled = meta.outputs['index.js'].inputs;
    const npmDependency = 'node_modules/fast-check/lib/fast-check.js';
    // fast-check's own dependency, wherever npm placed it: one of its files is used, another is not.
    const pureRand = (file: string) => read.find((p) => p.endsWith(`/pure-rand/lib/esm/${file}`))!;
    const usedFile = pureRand('distribution/uniformInt.js');
    const unusedFile = pureRand('generator/mersenne.js');
    // Read by esbuild: the entry, the local module, the module it re-exports, fast-check and its dependency.
    expect(read).toEqual(
      expect.arrayContaining([
        'test/function/fixtures/other/with-dependency.ts',
        'test/function/fixtures/lib/format.ts',
        'test/function/fixtures/lib/legacy.ts',
        npmDependency,
        usedFile,
        unusedFile,
      ]),
    );
    // In the bundle: the entry, the local module and the parts of fast-check and pure-rand that `stringify` needs.
    expect(Object.keys(bundled).sort()).toEqual(
      [
        npmDependency,
        usedFile,
        'test/function/fixtures/lib/format.ts',
        'test/function/fixtures/other/with-dependency.ts',
      ].sort(),
    );
    const fastCheckBytes = (meta.inputs[npmDependency] as { bytes: number }).bytes;
    expect(bundled[npmDependency].bytesInOutput).toBeLessThan(fastCheckBytes / 10);
    const text = readFileSync(path.join(fn.bundle!.outputPath, 'index.js'), 'utf8');
    expect(text).not.toContain('UNUSED_SHOUT_MARKER');
    expect(text).not.toContain('UNUSED_LEGACY_MARKER');
    expect(text).not.toContain('emailAddress');
  });

  test('is written for each function of one entry, also when aws-cdk-lib reuses the bundle', () => {
    const { stack } = newStack();
    const a = new SecureFunction(stack, 'A', { entry: GET_NOTE });
    const b = new SecureFunction(stack, 'B', { entry: GET_NOTE });

    expect(b.bundle!.outputPath).toBe(a.bundle!.outputPath);
    expect(existsSync(b.bundle!.metafilePath)).toBe(true);
  });
});

describe('SecureFunction entry: esbuild is an optional peer dependency', () => {
  test('without esbuild, synth fails saying how to install it', () => {
    withoutEsbuild();

    expectInvalidInput(() => build(), E.MISSING_DEPENDENCY, 'entry', PATH);
    expect(() => build()).toThrow(/npm install --save-dev esbuild/);
  });

  test('without esbuild, a stack that aws-cdk-lib does not bundle (another stack deployed) still synthesizes', () => {
    withoutEsbuild();
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });

    const { fn } = build({}, { app, stack });

    expect(fn.bundle).toBeUndefined();
  });

  test('code needs no esbuild', () => {
    withoutEsbuild();

    expect(() => build({ entry: undefined, code, handler: 'index.handler' })).not.toThrow();
  });

  test("an entry esbuild cannot bundle fails synth with esbuild's error", () => {
    expect(() => build({ entry: fixture('other', 'unresolved-import.mjs') })).toThrow(
      /\[CSS001\] TestStack\/Handler: prop "entry": esbuild could not bundle test\/function\/fixtures\/other\/unresolved-import\.mjs: .*Could not resolve "\.\/does-not-exist\.mjs".*Fix: /s,
    );
  });
});

describe('SecureFunction entry: invalid input', () => {
  const cases: InvalidInputCase[] = [
    ['code and entry both given', () => build({ code, handler: 'index.handler' }), E.CONFLICTING_PROPS, 'entry'],
    ['neither code nor entry', () => build({ entry: undefined }), E.INVALID_PROP, 'entry'],
    ['code without a handler', () => build({ entry: undefined, code }), E.INVALID_PROP, 'handler'],
    ['entry does not exist', () => build({ entry: fixture('notes', 'missing.ts') }), E.INVALID_PROP, 'entry'],
    ['entry is a directory', () => build({ entry: `${fixture('notes')}.ts` }), E.INVALID_PROP, 'entry'],
    [
      'entry is not TypeScript or JavaScript',
      () => build({ entry: fixture('other', 'notes.txt') }),
      E.INVALID_PROP,
      'entry',
    ],
    ['entry is a Python file', () => build({ entry: fixture('notes', 'get_note.py') }), E.INVALID_PROP, 'entry'],
    ['entry is empty', () => build({ entry: '' }), E.INVALID_PROP, 'entry'],
    ['entry is a token', () => build({ entry: Lazy.string({ produce: () => GET_NOTE }) }), E.UNRESOLVED_TOKEN, 'entry'],
    [
      'entry with a Python runtime',
      () => build({ runtime: latestOfFamily(lambda.Runtime.PYTHON_3_12)! }),
      E.CONFLICTING_PROPS,
      'runtime',
    ],
    ['handler names a file as well (index.main)', () => build({ handler: 'index.main' }), E.INVALID_PROP, 'handler'],
    ['handler is not an export name', () => build({ handler: 'my-handler' }), E.INVALID_PROP, 'handler'],
  ];
  testInvalidInputs(cases, PATH);

  test('the missing-entry error names the resolved path and the directory relative paths start from', () => {
    expect(() => build({ entry: 'src/handlers/missing.ts' })).toThrow(
      `'src/handlers/missing.ts' (${path.resolve('src/handlers/missing.ts')}) is not a file; a relative path is resolved from the directory the app runs in (${process.cwd()})`,
    );
  });
});
