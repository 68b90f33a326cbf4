/**
 * Runs the Python example app (examples/python) against the library's real wheel:
 *
 * 1. install: a virtualenv at `examples/python/.venv` (created when missing) gets `requirements.txt` (the exact
 *    aws-cdk-lib, constructs and cdk-nag versions the TypeScript side tests, and pytest), then the wheel from
 *    `dist/python`, reinstalled every run so that a rebuilt wheel is the one used;
 * 2. app: `app.py` synthesizes into a fresh temporary directory through the compliance gate and must exit 0;
 *    `checkLanguageApp` then checks its reports and that its template is the TypeScript example's;
 * 3. pytest: `examples/python/tests`.
 *
 * Prints how long each step took.
 *
 *   npx projen test:python      (after `npx projen package:languages`)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkLanguageApp } from './check-app';
import { howItEnded, ROOT, run, timed as timedStep } from './steps';
import { LANGUAGE_VERSIONS, requirePins } from './versions';

const example = join(ROOT, 'examples', 'python');
const venv = join(example, '.venv');
const python = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
const wheels = join(ROOT, 'dist', 'python');
const PIP = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];

function timed<T>(label: string, step: () => T): T {
  return timedStep('test:python', label, step);
}

/** A command that exited with another status than 0 (it has printed why). */
class CommandFailed extends Error {}

function mustPass(what: string, command: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): void {
  try {
    run(command, args, cwd, env);
  } catch (error) {
    throw new CommandFailed(`${what} ${howItEnded(error)}`);
  }
}

/** The wheel `npx projen package:languages` built, or a clear error when there is none. */
function findWheel(): string {
  const wheel = existsSync(wheels) ? readdirSync(wheels).find((f) => f.endsWith('.whl')) : undefined;
  if (wheel === undefined) {
    throw new Error(`no wheel in ${wheels.slice(ROOT.length + 1)}: run npx projen package:languages`);
  }
  return join(wheels, wheel);
}

/** requirements.txt must pin the versions the TypeScript side tests (package.json), so both test the same. */
function checkPins(): void {
  const pins = new Map(
    readFileSync(join(example, 'requirements.txt'), 'utf8')
      .split('\n')
      .map((line) => /^\s*([A-Za-z0-9_.-]+)\s*==\s*(\S+)/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].toLowerCase(), m[2]]),
  );
  requirePins('examples/python/requirements.txt', Object.fromEntries(pins), {
    'aws-cdk-lib': LANGUAGE_VERSIONS.awsCdkLib,
    constructs: LANGUAGE_VERSIONS.constructs,
    'cdk-nag': LANGUAGE_VERSIONS.cdkNag,
  });
}

function main(): void {
  const wheel = findWheel();
  checkPins();

  timed('install', () => {
    if (!existsSync(python)) {
      mustPass('creating the virtualenv', process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
    }
    mustPass('pip install -r requirements.txt', python, [...PIP, '-r', join(example, 'requirements.txt')]);
    mustPass('pip install of the wheel', python, [...PIP, '--force-reinstall', '--no-deps', wheel]);
    // The wheel went in without its dependencies: make sure requirements.txt brought all of them, in range.
    mustPass('pip check', python, ['-m', 'pip', 'check', '--disable-pip-version-check']);
  });

  const outdir = mkdtempSync(join(tmpdir(), 'python-example-'));
  timed('app', () =>
    mustPass(`app.py (cloud assembly: ${outdir})`, python, ['app.py'], example, { CDK_OUTDIR: outdir }),
  );
  process.stdout.write(`test:python: ${timed('check', () => checkLanguageApp('Python', outdir))}\n`);

  timed('pytest', () => mustPass('pytest', python, ['-m', 'pytest', '-q', 'tests'], example));
}

try {
  main();
} catch (error) {
  if (!(error instanceof CommandFailed)) {
    throw error;
  }
  process.stderr.write(`test:python: ${error.message}\n`);
  process.exitCode = 1;
}
