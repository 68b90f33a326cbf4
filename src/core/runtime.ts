import * as lambda from 'aws-cdk-lib/aws-lambda';

const VERSIONED = /^([a-z]+)(\d+(\.?\d+|\.x)?)?.*$/;

/** `Runtime.ALL` does not change while the app runs: each family is searched once. */
const LATEST_BY_FAMILY = new Map<string, lambda.Runtime | undefined>();

/**
 * The latest runtime of `runtime`'s family (nodejs, python, java, ...) that the installed aws-cdk-lib knows,
 * compared the way cdk-nag's AwsSolutions-L1 and Serverless-LambdaLatestVersion compare them. Undefined
 * for families without versions (`provided`).
 * @internal
 */
export function latestOfFamily(runtime: lambda.Runtime): lambda.Runtime | undefined {
  const family = runtime.name.match(VERSIONED)?.[1];
  if (!family || family === 'provided') {
    return undefined;
  }
  if (!LATEST_BY_FAMILY.has(family)) {
    LATEST_BY_FAMILY.set(family, findLatest(family));
  }
  return LATEST_BY_FAMILY.get(family);
}

function findLatest(family: string): lambda.Runtime | undefined {
  const versions = lambda.Runtime.ALL.filter((r) => r.name.match(VERSIONED)?.[1] === family).sort((a, b) =>
    (a.name.match(VERSIONED)?.[2] ?? '0').localeCompare(b.name.match(VERSIONED)?.[2] ?? '0', undefined, {
      numeric: true,
      sensitivity: 'base',
    }),
  );
  return versions[versions.length - 1];
}

/**
 * The latest Node.js runtime of the installed aws-cdk-lib.
 * @internal
 */
export function latestNodeRuntime(): lambda.Runtime {
  return latestOfFamily(lambda.Runtime.NODEJS_LATEST) ?? lambda.Runtime.NODEJS_LATEST;
}

/**
 * The name of the `Runtime` constant for `runtime`, for error messages (`NODEJS_24_X`).
 * @internal
 */
export function runtimeConstantName(runtime: lambda.Runtime): string {
  const entry = Object.entries(lambda.Runtime).find(
    ([, value]) => value instanceof lambda.Runtime && value.name === runtime.name && !value.isVariable,
  );
  return entry?.[0] ?? runtime.name;
}
