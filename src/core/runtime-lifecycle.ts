/**
 * When Lambda deprecated each managed runtime and when it stopped creating functions on it, from the Lambda
 * Developer Guide's "Runtime deprecation policy" (deprecated runtimes table, as of 2026-12-01: AWS moved most 2026 create blocks to 2027-02-01; the dates agree
 * with aws-cdk-lib 2.276's CloudFormation validator and cfn-lint 1.58). A runtime
 * past its create-block date cannot deploy: CreateFunction fails with "The runtime parameter of <runtime> is no
 * longer supported for creating or updating AWS Lambda functions". Pure data: update it when AWS announces
 * new dates.
 * @internal
 */
export interface RuntimeLifecycle {
  /** The day the runtime stops receiving security patches (ISO date). */
  readonly deprecated: string;
  /** The day Lambda stops creating functions on it (ISO date). */
  readonly createBlocked: string;
}

const LIFECYCLE: { readonly [runtime: string]: RuntimeLifecycle } = {
  dotnet6: { deprecated: '2024-12-20', createBlocked: '2027-02-01' },
  dotnet8: { deprecated: '2026-11-10', createBlocked: '2027-02-01' },
  dotnet10: { deprecated: '2028-11-14', createBlocked: '2028-12-14' },
  'dotnetcore1.0': { deprecated: '2019-06-27', createBlocked: '2019-06-30' },
  'dotnetcore2.0': { deprecated: '2019-05-30', createBlocked: '2019-04-30' },
  'dotnetcore2.1': { deprecated: '2022-01-05', createBlocked: '2022-01-05' },
  'dotnetcore3.1': { deprecated: '2023-04-03', createBlocked: '2023-04-03' },
  'go1.x': { deprecated: '2024-01-08', createBlocked: '2024-02-08' },
  java8: { deprecated: '2024-01-08', createBlocked: '2024-02-08' },
  'java8.al2': { deprecated: '2027-06-30', createBlocked: '2027-07-31' },
  java11: { deprecated: '2027-06-30', createBlocked: '2027-07-31' },
  java17: { deprecated: '2027-06-30', createBlocked: '2027-07-31' },
  java21: { deprecated: '2029-06-30', createBlocked: '2029-07-31' },
  java25: { deprecated: '2029-06-30', createBlocked: '2029-07-31' },
  nodejs: { deprecated: '2016-08-30', createBlocked: '2016-09-30' },
  'nodejs4.3': { deprecated: '2020-03-05', createBlocked: '2020-02-03' },
  'nodejs6.10': { deprecated: '2019-08-12', createBlocked: '2019-07-12' },
  'nodejs8.10': { deprecated: '2020-03-06', createBlocked: '2020-02-04' },
  'nodejs10.x': { deprecated: '2021-07-30', createBlocked: '2021-07-30' },
  'nodejs12.x': { deprecated: '2023-03-31', createBlocked: '2023-03-31' },
  'nodejs14.x': { deprecated: '2023-12-04', createBlocked: '2024-01-09' },
  'nodejs16.x': { deprecated: '2024-06-12', createBlocked: '2027-02-01' },
  'nodejs18.x': { deprecated: '2025-09-01', createBlocked: '2027-02-01' },
  'nodejs20.x': { deprecated: '2026-04-30', createBlocked: '2027-02-01' },
  'nodejs22.x': { deprecated: '2027-04-30', createBlocked: '2027-06-01' },
  'nodejs24.x': { deprecated: '2028-04-30', createBlocked: '2028-06-01' },
  provided: { deprecated: '2024-01-08', createBlocked: '2024-02-08' },
  'provided.al2': { deprecated: '2026-07-31', createBlocked: '2027-02-01' },
  'provided.al2023': { deprecated: '2029-06-30', createBlocked: '2029-07-31' },
  'python2.7': { deprecated: '2021-07-15', createBlocked: '2021-07-15' },
  'python3.6': { deprecated: '2022-07-18', createBlocked: '2022-07-18' },
  'python3.7': { deprecated: '2023-12-04', createBlocked: '2024-01-09' },
  'python3.8': { deprecated: '2024-10-14', createBlocked: '2027-02-01' },
  'python3.9': { deprecated: '2025-12-15', createBlocked: '2027-02-01' },
  'python3.10': { deprecated: '2026-10-31', createBlocked: '2027-02-01' },
  'python3.11': { deprecated: '2027-06-30', createBlocked: '2027-07-31' },
  'python3.12': { deprecated: '2028-10-31', createBlocked: '2028-11-30' },
  'python3.13': { deprecated: '2029-06-30', createBlocked: '2029-07-31' },
  'python3.14': { deprecated: '2029-06-30', createBlocked: '2029-07-31' },
  'ruby2.5': { deprecated: '2021-07-30', createBlocked: '2021-07-30' },
  'ruby2.7': { deprecated: '2023-12-07', createBlocked: '2024-01-09' },
  'ruby3.2': { deprecated: '2026-03-31', createBlocked: '2027-02-01' },
  'ruby3.3': { deprecated: '2027-03-31', createBlocked: '2027-04-30' },
  'ruby3.4': { deprecated: '2028-03-31', createBlocked: '2028-04-30' },
  'ruby4.0': { deprecated: '2029-03-31', createBlocked: '2029-04-30' },
};

/** Where a runtime stands on `today`. @internal */
export type RuntimeStatus = 'supported' | 'deprecated' | 'create-blocked';

/**
 * The lifecycle dates of `runtime` (a runtime name such as `nodejs20.x`), or undefined while AWS has announced
 * none.
 * @internal
 */
export function runtimeLifecycle(runtime: string): RuntimeLifecycle | undefined {
  return LIFECYCLE[runtime];
}

/**
 * Where `runtime` stands on `today` (default: now): supported, deprecated (no more security patches, still
 * deployable) or create-blocked (Lambda refuses to create functions on it).
 * @internal
 */
export function runtimeStatus(runtime: string, today: Date = new Date()): RuntimeStatus {
  const lifecycle = LIFECYCLE[runtime];
  const day = today.toISOString().slice(0, 10);
  if (!lifecycle) {
    return 'supported';
  }
  // Some runtimes were blocked for creation before their deprecation date: the block decides first.
  if (day >= lifecycle.createBlocked) {
    return 'create-blocked';
  }
  return day >= lifecycle.deprecated ? 'deprecated' : 'supported';
}
