import { readFileSync } from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { withEnv } from '../support/env';
import { FixtureL3 } from './fixtures/creation-site/library';
import {
  creationSiteOf,
  creationSiteOfMetadata,
  creationSiteOfTrace,
  firstUserFrame,
  LIBRARY_ROOTS,
  recordCreationSite,
} from '../../src/compliance/creation-site';

/**
 * Where constructs were created, for the SARIF report of the compliance gate: recorded by our L3 constructs,
 * otherwise taken from the creation stack aws-cdk-lib keeps in metadata; the first frame of the user's code.
 */

const THIS_FILE = 'test/compliance/creation-site.test.ts';
const SOURCE_LINES = readFileSync(__filename, 'utf-8').split('\n');

/** The 1-based line of this file that carries the comment `@site <name> *\/`. */
function lineOf(name: string): number {
  const tag = `@site ${name} */`;
  const lines = SOURCE_LINES.flatMap((l, i) => (l.includes(tag) ? [i + 1] : []));
  if (lines.length !== 1) {
    throw new Error(`expected one line tagged ${tag}, found ${lines.length}`);
  }
  return lines[0];
}

const ROOT = path.resolve(__dirname, '..', '..');
const DISABLE_CREATION_STACK_TRACES = 'aws:cdk:disable-creation-stack-traces';

function withCdkDebug<T>(value: string | undefined, body: () => T): T {
  return withEnv('CDK_DEBUG', value, body);
}

describe('recorded creation sites', () => {
  test('a construct recorded in this file is reported at this file and line, relative with /', () => {
    const stack = new Stack(new App(), 'Sites');
    const construct = new Construct(stack, 'Recorded');
    recordCreationSite(construct); /* @site recorded */

    const site = creationSiteOf(construct);
    expect(site).toEqual({ file: THIS_FILE, line: lineOf('recorded'), column: expect.any(Number) });
    expect(site!.file).not.toContain('\\');
    expect(creationSiteOf(construct)).toEqual(site); // parsed once, then cached
  });

  test('outside the working directory the file is absolute', () => {
    const construct = new Construct(new App(), 'Elsewhere');
    recordCreationSite(construct); /* @site elsewhere */

    expect(creationSiteOf(construct, '/somewhere/else')).toMatchObject({
      file: path.join(ROOT, THIS_FILE),
      line: lineOf('elsewhere'),
    });
  });

  test('frames without a file (a native forEach) are skipped', () => {
    const construct = new Construct(new App(), 'ForEach');
    [construct].forEach(recordCreationSite); /* @site for-each */

    expect(creationSiteOf(construct)).toMatchObject({ file: THIS_FILE, line: lineOf('for-each') });
  });

  test("a child of a recorded construct gets its parent's site; the nearest recorded scope wins", () => {
    const app = new App();
    const parent = new Construct(new Stack(app, 'Parent'), 'L3');
    recordCreationSite(parent); /* @site parent */
    const child = new Construct(new Construct(parent, 'Middle'), 'Child');
    const inner = new Construct(parent, 'Inner');
    recordCreationSite(inner); /* @site inner */

    expect(creationSiteOf(child)).toMatchObject({ file: THIS_FILE, line: lineOf('parent') });
    expect(creationSiteOf(new Construct(inner, 'Leaf'))).toMatchObject({ file: THIS_FILE, line: lineOf('inner') });
  });

  test('the first record of a construct wins', () => {
    const construct = new Construct(new App(), 'Twice');
    recordCreationSite(construct); /* @site first */
    recordCreationSite(construct);

    expect(creationSiteOf(construct)?.line).toBe(lineOf('first'));
  });

  test('recording is lazy: the stack is formatted when the site is asked for, and the stack limit is restored', () => {
    const original = Error.prepareStackTrace;
    let formatted = 0;
    Error.prepareStackTrace = (error, frames) => {
      formatted++;
      return original ? original(error, frames) : `${error}\n${frames.map((f) => `    at ${f}`).join('\n')}`;
    };
    const limit = Error.stackTraceLimit;
    try {
      const construct = new Construct(new App(), 'Lazy');
      recordCreationSite(construct); /* @site lazy */
      expect(formatted).toBe(0);
      expect(Error.stackTraceLimit).toBe(limit);

      // (a line is not asserted: a prepareStackTrace of the test's own turns off the source-mapping of jest)
      expect(creationSiteOf(construct)).toMatchObject({ file: THIS_FILE });
      expect(formatted).toBe(1);
      creationSiteOf(construct);
      expect(formatted).toBe(1);
    } finally {
      Error.prepareStackTrace = original;
    }
  });

  test('frames of a library root are skipped in a real stack', () => {
    const l3 = new FixtureL3(new App(), 'L3'); /* @site fixture */
    const libraryDir = path.join(__dirname, 'fixtures', 'creation-site');

    expect(firstUserFrame(l3.stack, [...LIBRARY_ROOTS, libraryDir])).toMatchObject({
      file: __filename,
      line: lineOf('fixture'),
    });
    // Without that root, the fixture's own frame is the user's code.
    expect(firstUserFrame(l3.stack, LIBRARY_ROOTS)?.file).toBe(path.join(libraryDir, 'library.ts'));
  });

  test("the library roots are the package root's src and lib", () => {
    expect(LIBRARY_ROOTS).toEqual([path.join(ROOT, 'src'), path.join(ROOT, 'lib')]);
  });

  test('recording 1,000 constructs is cheap', () => {
    const app = new App();
    const constructs = Array.from({ length: 1000 }, (_, i) => new Construct(app, `C${i}`));
    const start = process.hrtime.bigint();
    for (const c of constructs) {
      recordCreationSite(c);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // Generous for a loaded CI machine; a capture costs a few microseconds.
    expect(ms).toBeLessThan(250);
  });
});

describe('an app in another jsii language', () => {
  test.each(['Python/3.11.7', 'Java/17.0.15', 'go1.26.8/linux/amd64', 'DotNet/8.0.0'])(
    "under JSII_AGENT=%s no site is recorded or read: the frames would be the jsii runtime's, not the app's",
    (jsiiAgent) => {
      const resource = withEnv('JSII_AGENT', jsiiAgent, () => {
        const stack = new Stack(new App(), 'Jsii');
        const construct = new Construct(stack, 'Recorded');
        recordCreationSite(construct);
        const res = new CfnResource(stack, 'Res', { type: 'AWS::SNS::Topic' });
        expect(creationSiteOf(construct)).toBeUndefined();
        expect(creationSiteOf(res)).toBeUndefined();
        return res;
      });

      // ... while JavaScript reads the creation stack of the same resource.
      withEnv('JSII_AGENT', undefined, () => expect(creationSiteOf(resource)).toMatchObject({ file: THIS_FILE }));
    },
  );
});

describe('creation stacks in metadata', () => {
  test('under CDK_DEBUG a CfnResource is reported where this file created it', () => {
    const resource = withCdkDebug('true', () => {
      const app = new App({ context: { [DISABLE_CREATION_STACK_TRACES]: true } });
      return new CfnResource(new Stack(app, 'Debug'), 'Res', { type: 'AWS::SNS::Topic' }); /* @site debug */
    });

    expect(creationSiteOf(resource)).toMatchObject({ file: THIS_FILE, line: lineOf('debug') });
    // ... and a child without a stack of its own gets it too.
    expect(creationSiteOf(new Construct(resource, 'Child'))?.line).toBe(lineOf('debug'));
  });

  test('with creation stacks disabled and CDK_DEBUG off, the site of an unrecorded construct is unknown', () => {
    const resource = withCdkDebug(undefined, () => {
      const app = new App({ context: { [DISABLE_CREATION_STACK_TRACES]: true } });
      return new CfnResource(new Stack(app, 'Quiet'), 'Res', { type: 'AWS::SNS::Topic' });
    });

    expect(creationSiteOf(resource)).toBeUndefined();
    expect(creationSiteOf(new Construct(new App(), 'Plain'))).toBeUndefined();
  });

  test('a recorded scope wins over the creation stack of a construct above it', () => {
    const l3 = withCdkDebug('true', () => {
      const stack = new Stack(new App(), 'Above');
      const c = new Construct(stack, 'L3');
      recordCreationSite(c); /* @site above */
      return c;
    });
    // the Stack has a creation stack of its own (aws:cdk:creationStack), but the L3 is nearer
    expect(creationSiteOf(new Construct(l3, 'Leaf'))?.line).toBe(lineOf('above'));
  });

  test("the trace in a cloud assembly's metadata gives the site, for the audit CLI", () => {
    const app = withCdkDebug('true', () => {
      const a = new App({ context: { [DISABLE_CREATION_STACK_TRACES]: true } });
      new CfnResource(new Stack(a, 'Assembly'), 'Res', { type: 'AWS::SNS::Topic' }); /* @site assembly */
      return a;
    });
    const artifact = app.synth().getStackByName('Assembly');
    // aws-cdk-lib writes the metadata to `<stack>.metadata.json` (the artifact's `additionalMetadataFile`), which
    // `metadata` merges into the manifest's
    expect(artifact.manifest.metadata).toBeUndefined();
    const entries = artifact.metadata['/Assembly/Res'] ?? [];
    const creationStack = entries.find((e) => e.type === 'aws:cdk:creationStack');

    expect(creationSiteOfTrace(creationStack?.data as string[])).toMatchObject({
      file: THIS_FILE,
      line: lineOf('assembly'),
    });
    expect(creationSiteOfMetadata(entries)).toMatchObject({ file: THIS_FILE, line: lineOf('assembly') });
  });

  test('a trace on the aws:cdk:logicalId entry (older aws-cdk-lib) is used; traces of other entries are not', () => {
    const trace = [
      `new CfnResource (${ROOT}/node_modules/aws-cdk-lib/core/lib/cfn-resource.js:1:2)`,
      `Object.<anonymous> (${ROOT}/bin/app.ts:7:3)`,
    ];
    expect(creationSiteOfMetadata([{ type: 'aws:cdk:logicalId', data: 'Res', trace }], ROOT)).toEqual({
      file: 'bin/app.ts',
      line: 7,
      column: 3,
    });
    expect(creationSiteOfMetadata([{ type: 'aws:cdk:warning', data: 'careful', trace }], ROOT)).toBeUndefined();
  });

  test('unknown traces give undefined', () => {
    expect(creationSiteOfTrace(undefined)).toBeUndefined();
    expect(creationSiteOfTrace([])).toBeUndefined();
    expect(
      creationSiteOfTrace([
        '...aws-cdk-lib, node internals...',
        '(no user code in 10 frames, use --stack-trace-limit to capture more)',
      ]),
    ).toBeUndefined();
    expect(creationSiteOfMetadata(undefined)).toBeUndefined();
  });
});

describe('firstUserFrame', () => {
  const lib = '/home/me/lib-pkg';
  const roots = [`${lib}/src`, `${lib}/lib`];

  test('skips the library, node_modules, node internals, jest and frames without a file', () => {
    const stack = [
      'Error',
      `    at new SecureTable (${lib}/src/table/secure-table.ts:40:5)`,
      `    at new SecureFunction (${lib}/lib/function/secure-function.js:12:9)`,
      '    at new Table (/home/me/app/node_modules/aws-cdk-lib/aws-dynamodb/lib/table.js:1:2)',
      '    at Array.forEach (<anonymous>)',
      '    at new Promise (<anonymous>)',
      '    at Generator.next (native)',
      '    at eval (eval at <anonymous> (/home/me/app/x.js:1:1), <anonymous>:1:1)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at internal/main/run_main_module.js:17:47',
      '    at [eval]:1:1',
      '    at async Promise.all (index 0)',
      '    at Object.<anonymous> (/usr/lib/node_modules/jest-circus/build/utils.js:298:28)',
      '    at async MyStack.build (/home/me/app/lib/my-stack.ts:21:7)',
      '    at Object.<anonymous> (/home/me/app/bin/app.ts:5:1)',
    ].join('\n');

    expect(firstUserFrame(stack, roots)).toEqual({ file: '/home/me/app/lib/my-stack.ts', line: 21, column: 7 });
  });

  test('reads frames without a function, file:// URLs, lines without a column and without "at "', () => {
    expect(firstUserFrame('    at /home/me/app/bin/app.js:3:14', roots)).toEqual({
      file: '/home/me/app/bin/app.js',
      line: 3,
      column: 14,
    });
    expect(firstUserFrame('    at main (file:///home/me/app/bin/app.mjs:8:2)', roots)).toEqual({
      file: '/home/me/app/bin/app.mjs',
      line: 8,
      column: 2,
    });
    expect(firstUserFrame('    at file:///home/me/my%20app/app.mjs:8:2', roots)?.file).toBe('/home/me/my app/app.mjs');
    expect(firstUserFrame('main (/home/me/app/app.js:8)', roots)).toEqual({ file: '/home/me/app/app.js', line: 8 });
    expect(firstUserFrame(`x (file://${lib}/lib/index.js:1:1)`, roots)).toBeUndefined();
    // aws-cdk-lib renders a frame without a function (`at file:8:3`) as `file:8 (:)`: the line is kept
    // and `at file:8:34` as `file:8: (file:8:3)`: the column is lost
    expect(firstUserFrame('/home/me/app/app.js:8 (:)', roots)).toEqual({ file: '/home/me/app/app.js', line: 8 });
    expect(firstUserFrame('/home/me/app/app.js:8: (/home/me/app/app.js:8:3)', roots)).toEqual({
      file: '/home/me/app/app.js',
      line: 8,
    });
    expect(firstUserFrame('new Promise (:)', roots)).toBeUndefined();
  });

  test('reads Windows paths, with spaces and parentheses, and skips a Windows library root case-insensitively', () => {
    const winRoots = ['C:\\Users\\me\\lib-pkg\\src', 'C:\\Users\\me\\lib-pkg\\lib'];
    const stack = [
      '    at new SecureTable (c:\\users\\me\\lib-pkg\\lib\\table\\secure-table.js:40:5)',
      '    at new Table (C:\\Users\\me\\app\\node_modules\\aws-cdk-lib\\aws-dynamodb\\lib\\table.js:1:2)',
      '    at new MyStack (C:\\Program Files (x86)\\app\\lib\\my-stack.ts:21:7)',
    ].join('\n');
    expect(firstUserFrame(stack, winRoots)).toEqual({
      file: 'C:\\Program Files (x86)\\app\\lib\\my-stack.ts',
      line: 21,
      column: 7,
    });
    expect(firstUserFrame('    at main (file:///C:/Users/me/app/bin/app.mjs:8:2)', winRoots)?.file).toMatch(
      /^C:[\\/]Users[\\/]me[\\/]app[\\/]bin[\\/]app\.mjs$/,
    );
  });

  test('a Windows file under the working directory is relative with /', () => {
    expect(
      creationSiteOfTrace(['new MyStack (C:\\Users\\me\\app\\lib\\my-stack.ts:21:7)'], 'c:\\users\\me\\app'),
    ).toEqual({
      file: 'lib/my-stack.ts',
      line: 21,
      column: 7,
    });
  });

  test('a stack with no user frame gives undefined', () => {
    expect(
      firstUserFrame(`Error\n    at new SecureTable (${lib}/src/table/secure-table.ts:40:5)`, roots),
    ).toBeUndefined();
    expect(firstUserFrame('', roots)).toBeUndefined();
  });
});
