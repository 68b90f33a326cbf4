/**
 * Builds and runs the Java example (`examples/java`, the order service of `examples/app.ts`) with Maven against
 * the library's jar in `dist/java/`, then checks what it synthesized (`checkLanguageApp`): the gate passed with
 * zero findings, wrote its reports, and the stack is the TypeScript example's. Prints how long compiling and
 * running took.
 *
 *   npx ts-node --project projenrc/tsconfig.json projenrc/languages/java.ts     (after `npx projen package:languages`)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkLanguageApp } from './check-app';
import { howItEnded, MAVEN_REPOSITORY, ROOT, run, timed as timedStep } from './steps';
import { LANGUAGE_VERSIONS, requirePins } from './versions';

const project = join(ROOT, 'examples', 'java');
const groupPath = ['io', 'github', 'cdk-secure-serverless'];
const artifact = 'cdk-secure-serverless';
const version = '0.0.0';
const jar = join(ROOT, 'dist', 'java', ...groupPath, artifact, version, `${artifact}-${version}.jar`);

function fail(message: string): never {
  process.stderr.write(`java: ${message}\n`);
  process.exit(1);
}

function mvn(goals: string[], env: NodeJS.ProcessEnv = {}): void {
  try {
    run('mvn', ['--batch-mode', '-q', `-Dmaven.repo.local=${MAVEN_REPOSITORY}`, ...goals], project, env);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      fail('mvn not found on PATH: the Java example needs Maven (3.6.3+) and a JDK 17');
    }
    fail(`\`mvn ${goals.join(' ')}\` in examples/java ${howItEnded(error)}`);
  }
}

function timed(label: string, step: () => void): void {
  timedStep('java', label, step);
}

if (!existsSync(jar)) {
  fail(`no ${jar.slice(ROOT.length + 1)}: build the library's jar first (run npx projen package:languages)`);
}
if (!existsSync(join(MAVEN_REPOSITORY, 'io', 'github', 'cdklabs', 'cdknag'))) {
  fail(`${MAVEN_REPOSITORY.slice(ROOT.length + 1)} is not seeded with cdk-nag (run npx projen package:languages)`);
}
/** The version pom.xml pins for each dependency (by artifactId), `${property}` versions resolved. */
const pom = readFileSync(join(project, 'pom.xml'), 'utf8');
const property = (value: string): string =>
  value.replace(/^\$\{(.+)\}$/, (_, name) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1] ?? value);
const pinned = Object.fromEntries(
  [...pom.matchAll(/<artifactId>([^<]+)<\/artifactId>\s*<version>([^<]+)<\/version>/g)].map((m) => [
    m[1],
    property(m[2]),
  ]),
);
requirePins('examples/java/pom.xml', pinned, {
  'aws-cdk-lib': LANGUAGE_VERSIONS.awsCdkLib,
  constructs: LANGUAGE_VERSIONS.constructs,
  cdknag: LANGUAGE_VERSIONS.cdkNag,
});
process.stdout.write(
  `java: library jar ${(statSync(jar).size / 1024).toFixed(0)} KiB (${jar.slice(ROOT.length + 1)})\n`,
);

// The version is always 0.0.0: drop whatever copy of it the local repository holds (pacmak installs one there, a
// previous run downloads one), so that Maven takes the jar dist/java holds now.
rmSync(join(MAVEN_REPOSITORY, ...groupPath), { recursive: true, force: true });

timed('compile', () => mvn(['compile']));
const outdir = mkdtempSync(join(tmpdir(), 'java-example-'));
timed('run', () => mvn(['exec:java'], { CDK_OUTDIR: outdir }));
process.stdout.write(`java: cloud assembly in ${outdir}\n`);
process.stdout.write(`${checkLanguageApp('Java', outdir)}\n`);
