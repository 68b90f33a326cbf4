/**
 * Builds the Go example app (`examples/go`) against the library's generated Go module (`dist/go/`) and runs it:
 * it must synthesize through the compliance gate with zero findings and the TypeScript example's resources.
 *
 * `go vet` and `go build` run with `-mod=readonly`: the committed go.mod and go.sum must already be tidy (after a
 * change, run `go mod tidy` in examples/go and commit the result); the runner never rewrites them.
 * Prints how long the build and the run took and what the binary weighs.
 *
 *   npx projen test:go      (after `npx projen package:languages`)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkLanguageApp } from './check-app';
import { howItEnded, ROOT, run as runIn, timed as timedStep } from './steps';
import { LANGUAGE_VERSIONS, requirePins } from './versions';

/** The app's module directory: its handler path (`../handlers`) resolves from here, so it runs here too. */
const appDir = join(ROOT, 'examples', 'go');
const goModules = ['cdksecureserverless', 'cdknag'].map((name) => join(ROOT, 'dist', 'go', name));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  runIn(command, args, appDir, env);
}

function timed(label: string, step: () => void): void {
  timedStep('test:go', label, step);
}

for (const dir of goModules) {
  if (!existsSync(join(dir, 'go.mod'))) {
    throw new Error(`no Go module at ${dir.slice(ROOT.length + 1)}: run npx projen package:languages first`);
  }
}
try {
  runIn('go', ['version']);
} catch {
  throw new Error('the go command did not run: install Go (1.25 or later) and put it on the PATH');
}

const moduleFiles = ['go.mod', 'go.sum'].map((file) => join(appDir, file));
const committed = moduleFiles.map((file) => readFileSync(file, 'utf8'));
// aws-cdk-lib's Go module at the version the TypeScript side tests (constructs and cdk-nag follow from it and from
// the library's module by minimal version selection).
const awsCdkGo = /github\.com\/aws\/aws-cdk-go\/awscdk\/v2 v(\S+)/.exec(committed[0])?.[1];
requirePins('examples/go/go.mod', { 'aws-cdk-go': awsCdkGo }, { 'aws-cdk-go': LANGUAGE_VERSIONS.awsCdkLib });
const buildDir = mkdtempSync(join(tmpdir(), 'go-example-build-'));
const outdir = mkdtempSync(join(tmpdir(), 'go-example-cdk.out-'));
const binary = join(buildDir, 'orders-service');
let passed = false;
try {
  try {
    timed('go vet', () => run('go', ['vet', '-mod=readonly', './...']));
    timed('go build', () => run('go', ['build', '-mod=readonly', '-o', binary, '.']));
  } catch (error) {
    const message =
      'the Go example did not build (see go vet/go build above; if go.mod or go.sum needs updates, run `go mod tidy` in examples/go and commit them)';
    throw new Error(message, { cause: error });
  }
  process.stdout.write(`test:go: binary ${(statSync(binary).size / 1024 / 1024).toFixed(1)} MiB\n`);

  try {
    timed('run', () => run(binary, [], { CDK_OUTDIR: outdir }));
  } catch (error) {
    const message = `the Go example app ${howItEnded(error)} (its cloud assembly is in ${outdir})`;
    throw new Error(message, { cause: error });
  }

  moduleFiles.forEach((file, i) => {
    if (readFileSync(file, 'utf8') !== committed[i]) {
      throw new Error(
        `${file.slice(ROOT.length + 1)} changed while building: run \`go mod tidy\` in examples/go and commit it`,
      );
    }
  });
  process.stdout.write(`test:go: ${checkLanguageApp('Go', outdir)}\n`);
  passed = true;
} finally {
  rmSync(buildDir, { recursive: true, force: true });
  if (passed) {
    rmSync(outdir, { recursive: true, force: true });
  }
}
