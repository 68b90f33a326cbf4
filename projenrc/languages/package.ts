/**
 * Builds the library for every jsii language these machines can build for, from the compiled `.jsii`:
 *
 * - `dist/python/`: the wheel (and sdist);
 * - `dist/java/`: the jar, sources and javadoc in a Maven repository layout;
 * - `dist/go/cdksecureserverless/`: the Go module, compiled; beside it `dist/go/cdknag/`, cdk-nag's Go module
 *   generated from its npm package (cdklabs publishes no Go module of cdk-nag v3, see README "Other languages").
 *
 * .NET has no registry here (no NuGet): `pacmak:code-only` generates and checks its source instead.
 * Prints how long each language took and what it weighs.
 *
 *   npx projen package:languages      (after `npx projen compile`)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { MAVEN_REPOSITORY, ROOT, run, timed as timedStep } from './steps';
import { LANGUAGE_VERSIONS } from './versions';

const dist = join(ROOT, 'dist');

function timed(label: string, step: () => void): void {
  timedStep('package:languages', label, step);
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((n, entry) => n + sizeOf(join(path, entry)), 0) : stat.size;
}

function report(label: string, path: string): void {
  process.stdout.write(
    `package:languages: ${label} ${(sizeOf(path) / 1024).toFixed(0)} KiB (${path.slice(ROOT.length + 1)})\n`,
  );
}

/**
 * The Maven metadata these machines are served lists cdk-nag only up to 2.37.55, so the jar's dependency range
 * `[3.0.2,4.0.0)` finds no version although the 3.0.2 artifacts are served. Installing the exact version the
 * TypeScript side tests into the local repository gives Maven local metadata that lists it.
 */
function seedMavenRepository(): void {
  const { group, artifact, version } = LANGUAGE_VERSIONS.maven.cdkNag;
  const installed = join(MAVEN_REPOSITORY, ...group.split('.'), artifact, version, `${artifact}-${version}.jar`);
  if (existsSync(installed)) {
    return;
  }
  const base = `https://repo.maven.apache.org/maven2/${group.split('.').join('/')}/${artifact}/${version}/${artifact}-${version}`;
  const downloads = join(ROOT, '.maven', 'downloads');
  mkdirSync(downloads, { recursive: true });
  for (const ext of ['jar', 'pom']) {
    run('curl', [
      '--fail',
      '--silent',
      '--show-error',
      '--location',
      '-o',
      join(downloads, `${artifact}-${version}.${ext}`),
      `${base}.${ext}`,
    ]);
  }
  run('mvn', [
    '--batch-mode',
    '--quiet',
    `-Dmaven.repo.local=${MAVEN_REPOSITORY}`,
    'install:install-file',
    `-Dfile=${join(downloads, `${artifact}-${version}.jar`)}`,
    `-DpomFile=${join(downloads, `${artifact}-${version}.pom`)}`,
  ]);
}

/**
 * The generated go.mod also requires, as `// indirect`, the Go modules of every npm package in the dependency
 * closure at the versions installed here, some of which the Go module proxy does not serve (the cloud assembly
 * schema 54.26.0). They are not imported; aws-cdk-go's own go.mod requires the versions it works with, so
 * dropping them lets Go's minimal version selection take those.
 */
function prepareGoModule(dir: string, replaces: Record<string, string>): void {
  const goMod = join(dir, 'go.mod');
  const lines = readFileSync(goMod, 'utf8')
    .split('\n')
    .filter((line) => !line.includes('// indirect'));
  for (const [module, path] of Object.entries(replaces)) {
    lines.push(`replace ${module} => ${path}`);
  }
  writeFileSync(goMod, `${lines.join('\n').trimEnd()}\n`);
  rmSync(join(dir, 'local.go.mod'), { force: true });
  run('go', ['mod', 'tidy'], dir);
}

for (const target of ['python', 'java', 'go']) {
  rmSync(join(dist, target), { recursive: true, force: true });
}

timed('Python wheel', () =>
  run('jsii-pacmak', ['--outdir', 'dist', '--targets', 'python', '--rosetta-unknown-snippets', 'fail']),
);
report(
  'Python wheel',
  join(
    dist,
    'python',
    readdirSync(join(dist, 'python')).find((f) => f.endsWith('.whl'))!,
  ),
);

timed('Java jar', () => {
  seedMavenRepository();
  run('jsii-pacmak', [
    '--outdir',
    'dist',
    '--targets',
    'java',
    '--maven-local-repository',
    MAVEN_REPOSITORY,
    '--rosetta-unknown-snippets',
    'fail',
  ]);
});
report('Java jar', join(dist, 'java', 'io', 'github', 'cdk-secure-serverless', 'cdk-secure-serverless'));

timed('Go module', () => {
  // Go copies aws-cdk-lib's examples onto inherited members under names no tablet has: translated live.
  run('jsii-pacmak', ['--code-only', '--outdir', 'dist', '--targets', 'go', '--rosetta-unknown-snippets', 'translate']);
  run('jsii-pacmak', ['node_modules/cdk-nag', '--code-only', '--outdir', 'dist', '--targets', 'go']);
  prepareGoModule(join(dist, 'go', 'cdknag'), {});
  prepareGoModule(join(dist, 'go', 'cdksecureserverless'), { [LANGUAGE_VERSIONS.go.cdkNag]: '../cdknag' });
  run('go', ['build', './...'], join(dist, 'go', 'cdksecureserverless'));
});
report('Go module', join(dist, 'go', 'cdksecureserverless'));
