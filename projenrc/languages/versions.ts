/**
 * The versions the apps in the other languages are built with: the ones the TypeScript side tests (package.json's
 * devDependencies, the oldest aws-cdk-lib supported), with each registry's coordinates.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const dev = manifest.devDependencies as Record<string, string>;

function exact(name: string): string {
  const version = dev[name];
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    throw new Error(`package.json must pin ${name} to an exact version in devDependencies, found "${version}"`);
  }
  return version;
}

export const LANGUAGE_VERSIONS = {
  awsCdkLib: exact('aws-cdk-lib'),
  constructs: exact('constructs'),
  cdkNag: exact('cdk-nag'),
  maven: {
    cdkNag: { group: 'io.github.cdklabs', artifact: 'cdknag', version: exact('cdk-nag') },
  },
  go: {
    /** cdk-nag's Go module path (major version 3), which the Go module proxy does not serve. */
    cdkNag: `github.com/cdklabs/cdk-nag-go/cdknag/v${exact('cdk-nag').split('.')[0]}`,
  },
} as const;

/**
 * Fails unless `found` (what an app's manifest pins, by dependency) names exactly the `expected` versions, so that
 * every language's app is built with the versions the TypeScript side tests.
 */
export function requirePins(
  file: string,
  found: Record<string, string | undefined>,
  expected: Record<string, string>,
): void {
  const wrong = Object.entries(expected)
    .filter(([name, version]) => found[name] !== version)
    .map(([name, version]) => `${name} ${version} (found ${found[name] ?? 'no pin'})`);
  if (wrong.length > 0) {
    throw new Error(`${file} must pin the versions package.json tests: ${wrong.join(', ')}`);
  }
}
