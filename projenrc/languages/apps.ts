/**
 * Runs the Python, Java and Go example apps (python.ts, java.ts, go.ts) at the same time, after package.ts built
 * their packages: each is one process that waits on its own runtime, its build tool and a jsii node process, so
 * together they use the machine's cores that one at a time would leave idle. Each one's output is printed when it
 * ends, whole, so the log reads as if they had run one after the other; this fails if any of them fails.
 *
 *   ts-node --project projenrc/tsconfig.json projenrc/languages/apps.ts [python java go]
 */
import { spawn } from 'child_process';
import { join } from 'path';
import { howItEnded, ROOT } from './steps';

const LANGUAGES = ['python', 'java', 'go'];

interface Outcome {
  readonly language: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly seconds: number;
}

function runApp(language: string): Promise<Outcome> {
  const start = Date.now();
  const child = spawn(
    process.execPath,
    [
      require.resolve('ts-node/dist/bin'),
      '--project',
      join(ROOT, 'projenrc', 'tsconfig.json'),
      join(__dirname, `${language}.ts`),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
      resolve({ language, code: null, signal: null, seconds: (Date.now() - start) / 1000 });
    });
    child.on('close', (code, signal) => {
      process.stdout.write(`\n----- test:${language} -----\n${Buffer.concat(output).toString('utf8')}`);
      resolve({ language, code, signal, seconds: (Date.now() - start) / 1000 });
    });
  });
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((l) => !LANGUAGES.includes(l));
  if (unknown.length > 0) {
    throw new Error(`unknown language(s) ${unknown.join(', ')}: choose from ${LANGUAGES.join(', ')}`);
  }
  const start = Date.now();
  const outcomes = await Promise.all((requested.length > 0 ? requested : LANGUAGES).map(runApp));
  process.stdout.write('\n');
  for (const o of outcomes) {
    const ended = o.code === 0 ? 'passed' : `failed: it ${howItEnded({ status: o.code, signal: o.signal })}`;
    process.stdout.write(`test:${o.language} ${ended} in ${o.seconds.toFixed(1)} s\n`);
  }
  process.stdout.write(`language apps: ${((Date.now() - start) / 1000).toFixed(1)} s in all, run together\n`);
  if (outcomes.some((o) => o.code !== 0)) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
