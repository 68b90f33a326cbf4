/**
 * What the language scripts share: where things are, running a command with its output shown, and timing a step.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');
/** Maven's local repository for these builds (kept between runs, like ~/.m2), seeded by package.ts. */
export const MAVEN_REPOSITORY = join(ROOT, '.maven', 'repository');

/** Runs `command` in `cwd` with its output shown, `env` added to this process's; throws when it fails. */
export function run(command: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

/** Runs `step` and prints how long it took, as `<prefix>: <label> in <seconds> s`, whether it passed or not. */
export function timed<T>(prefix: string, label: string, step: () => T): T {
  const start = Date.now();
  try {
    return step();
  } finally {
    process.stdout.write(`${prefix}: ${label} in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  }
}

/** How a failed `run` ended: its exit code, the signal that killed it, or that it did not start. */
export function howItEnded(error: unknown): string {
  const { status, signal } = error as { status?: number | null; signal?: string | null };
  if (typeof status === 'number') {
    return `exited with code ${status}`;
  }
  return signal ? `was killed by ${signal}` : 'did not start';
}
