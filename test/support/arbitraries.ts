/**
 * fast-check arbitraries for the property-based compliance tests (`*.property.test.ts`).
 *
 * The arbitraries generate plain-data specs (so that fast-check prints a readable counterexample), and the
 * `build*` functions turn a spec into constructs. Every spec is a configuration the constructs document as
 * valid; resources a user brings (keys, topics, backup plans, security groups, user pools) are built the way a
 * user of this library who follows its README would build them, so that a finding can only come from our
 * constructs.
 */
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as signer from 'aws-cdk-lib/aws-signer';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  ComplianceGate,
  EncryptedTable,
  FunctionSecret,
  IsolatedNetwork,
  IsolatedNetworkProps,
  OptOut,
  SecureApi,
  SecureApiProps,
  SecureFunction,
  SecureFunctionProps,
} from '../../src';
import { latestOfFamily } from '../../src/core/runtime';

// ---------------------------------------------------------------------------------------------------------
// Run parameters
// ---------------------------------------------------------------------------------------------------------

/** The default seed, so that CI runs the same configurations every time. Override with `FC_SEED=<int>`. */
export const DEFAULT_SEED = 42;
/** Configurations per construct. Override with `FC_NUM_RUNS=<int>` (for a longer local run). */
export const DEFAULT_NUM_RUNS = 200;

/** The seed of this run: `FC_SEED`, or the fixed default. */
export function propertySeed(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_SEED;
  }
  const seed = Number(raw);
  if (!Number.isInteger(seed)) {
    throw new Error(`FC_SEED must be an integer, got '${raw}'`);
  }
  return seed;
}

/** The number of runs of this run: `FC_NUM_RUNS`, or 200. */
export function propertyNumRuns(): number {
  const raw = process.env.FC_NUM_RUNS;
  const runs = raw === undefined || raw.trim() === '' ? DEFAULT_NUM_RUNS : Number(raw);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`FC_NUM_RUNS must be a positive integer, got '${raw}'`);
  }
  return runs;
}

/** fast-check parameters shared by every property test. */
export function propertyParameters<T>(): fc.Parameters<T> {
  return { seed: propertySeed(), numRuns: propertyNumRuns() };
}

/** A fresh app with one stack that has an explicit account and region. */
export function newPropertyStack(): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'PropStack', { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

/**
 * Runs the compliance gate (all six packs) and throws, listing every unacknowledged finding, when there is any.
 * The spec is part of the message so that a failure is reproducible from the test output alone.
 */
export function expectNoUnacknowledgedFindings(app: App, spec: unknown): void {
  const result = ComplianceGate.check(app);
  if (result.violations.length > 0) {
    const lines = result.violations.map(
      (v) => `  ${v.severity} ${v.ruleId} at ${v.constructPath}${v.logicalId ? ` (${v.logicalId})` : ''}: ${v.message}`,
    );
    throw new Error(
      `${result.violations.length} unacknowledged finding(s):\n${lines.join('\n')}\nfor configuration:\n${JSON.stringify(spec, null, 2)}`,
    );
  }
}

/** Counts configurations per construct for the summary line printed in `afterAll`. */
export class PropertyTally {
  private readonly counts = new Map<string, number>();

  public add(construct: string, n = 1): void {
    this.counts.set(construct, (this.counts.get(construct) ?? 0) + n);
  }

  public count(construct: string): number {
    return this.counts.get(construct) ?? 0;
  }

  /** Writes `<construct>: N random configurations, 0 unacknowledged findings (seed S)` for `construct`. */
  public report(construct: string, runs: number, detail?: string): void {
    const extra = detail ? `; ${detail}` : '';
    process.stdout.write(
      `${construct}: ${runs} random configurations${extra}, 0 unacknowledged findings (seed ${propertySeed()})\n`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------------

const REASONS = [
  'Scratch data for the load test; rebuilt from fixtures every run',
  'Public reference data with no personal or card data',
  'Short-lived preview environment torn down nightly',
  'Accepted by the security review of the reporting service',
  'Data is re-derivable from the event store within minutes',
];

/** An opt-out with a reason, and sometimes a ticket and an approver. */
export const optOutArb: fc.Arbitrary<OptOut> = fc.record(
  {
    reason: fc.constantFrom(...REASONS),
    ticket: fc.constantFrom('SEC-142', 'RISK-77', 'https://github.com/acme/shop/pull/1289'),
    approvedBy: fc.constantFrom('security@acme.example', 'Jane Doe (CISO)'),
  },
  { requiredKeys: ['reason'] },
);

/** Every finite log retention (INFINITE is refused, and documented as refused). */
export const FINITE_RETENTIONS = (Object.values(logs.RetentionDays) as Array<string | number>).filter(
  (v): v is logs.RetentionDays => typeof v === 'number' && v !== logs.RetentionDays.INFINITE,
);
export const retentionArb = fc.constantFrom(...FINITE_RETENTIONS);

/** `undefined` half of the time, otherwise a value of `arb`. */
export function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

/**
 * A customer-managed key as a user should bring one: rotation on, and grants only for AWS services (the same
 * policy as the stack's own keys; see SecureServerless-KmsGrantsOnlyForAwsServices).
 */
export function userKey(scope: Construct, id: string): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description: `User key ${id}` });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}

/** An SNS topic as a user should bring one: encrypted with a customer-managed key, TLS only. */
export function userTopic(scope: Construct, id: string): sns.Topic {
  return new sns.Topic(scope, id, { masterKey: userKey(scope, `${id}Key`), enforceSSL: true });
}

/** Undefined fields removed, so that a spec spread into props has only the keys the arbitrary chose. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------------------
// EncryptedTable
// ---------------------------------------------------------------------------------------------------------

export type AttributeTypeName = 'STRING' | 'NUMBER' | 'BINARY';
export interface AttributeSpec {
  readonly name: string;
  readonly type: AttributeTypeName;
}

export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey?: AttributeSpec;
  readonly sortKey?: AttributeSpec;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes?: string[];
}

export interface CapacitySpec {
  readonly minReadCapacity: number;
  readonly maxReadCapacity: number;
  readonly minWriteCapacity: number;
  readonly maxWriteCapacity: number;
  readonly targetUtilizationPercent?: number;
}

export interface TableSpec {
  readonly partitionKey: AttributeSpec;
  readonly sortKey?: AttributeSpec;
  readonly tableName?: string;
  /** `onDemand` leaves billingMode out; `provisionedImplicit` passes only provisionedCapacity. */
  readonly billing:
    | { readonly mode: 'onDemand' | 'onDemandExplicit' }
    | { readonly mode: 'provisioned' | 'provisionedImplicit'; readonly capacity: CapacitySpec };
  readonly key: { readonly kind: 'default' | 'own' } | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly backup:
    | { readonly kind: 'default' | 'ownPlan' | 'sharedPlanExplicit' }
    | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly pointInTimeRecoveryOptOut?: OptOut;
  /** Without the opt-out only RETAIN and RETAIN_ON_UPDATE_OR_DELETE are accepted. */
  readonly deletion:
    | { readonly removalPolicy?: 'RETAIN' | 'RETAIN_ON_UPDATE_OR_DELETE' }
    | { readonly optOut: OptOut; readonly removalPolicy?: 'RETAIN' | 'RETAIN_ON_UPDATE_OR_DELETE' | 'DESTROY' };
  readonly timeToLiveAttribute?: string;
  readonly stream?: keyof typeof dynamodb.StreamViewType;
  readonly tableClass?: keyof typeof dynamodb.TableClass;
  readonly globalIndexes: IndexSpec[];
  readonly localIndexes: IndexSpec[];
}

const attributeTypeArb = fc.constantFrom<AttributeTypeName>('STRING', 'NUMBER', 'BINARY');
const KEY_NAMES = ['pk', 'id', 'orderId', 'customerId', 'tenantId'];
const SORT_NAMES = ['sk', 'createdAt', 'version', 'sequence'];
const INDEX_NAMES = ['byCustomer', 'byStatus', 'byDate', 'byEmail', 'byTenant'];
const NON_KEY_ATTRIBUTES = ['status', 'total', 'email', 'currency', 'items'];

const capacityArb: fc.Arbitrary<CapacitySpec> = fc
  .record(
    {
      read: fc.tuple(fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: 40_000 })),
      write: fc.tuple(fc.integer({ min: 1, max: 40_000 }), fc.integer({ min: 1, max: 40_000 })),
      targetUtilizationPercent: fc.integer({ min: 20, max: 90 }),
    },
    { requiredKeys: ['read', 'write'] },
  )
  .map(({ read, write, targetUtilizationPercent }) =>
    defined({
      minReadCapacity: Math.min(...read),
      maxReadCapacity: Math.max(...read),
      minWriteCapacity: Math.min(...write),
      maxWriteCapacity: Math.max(...write),
      targetUtilizationPercent,
    }),
  );

/** Index `i`'s key attributes get names of their own, so that no attribute is defined with two types. */
function indexArb(i: number, local: boolean): fc.Arbitrary<IndexSpec> {
  const prefix = local ? `lsi${i}` : `gsi${i}`;
  return fc
    .record({
      partitionType: attributeTypeArb,
      sortKey: fc.option(attributeTypeArb, { nil: undefined }),
      projection: fc.constantFrom<IndexSpec['projection']>('ALL', 'KEYS_ONLY', 'INCLUDE'),
      nonKeyAttributes: fc.uniqueArray(fc.constantFrom(...NON_KEY_ATTRIBUTES), { minLength: 1, maxLength: 3 }),
    })
    .map(({ partitionType, sortKey, projection, nonKeyAttributes }) =>
      defined({
        indexName: `${INDEX_NAMES[i % INDEX_NAMES.length]}${i >= INDEX_NAMES.length ? i : ''}${local ? 'Local' : ''}`,
        // An LSI shares the table's partition key and needs a sort key of its own.
        partitionKey: local ? undefined : { name: `${prefix}pk`, type: partitionType },
        sortKey: local || sortKey ? { name: `${prefix}sk`, type: sortKey ?? partitionType } : undefined,
        projection,
        nonKeyAttributes: projection === 'INCLUDE' ? nonKeyAttributes : undefined,
      }),
    );
}

function indexesArb(max: number, local: boolean): fc.Arbitrary<IndexSpec[]> {
  return fc.integer({ min: 0, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => indexArb(i, local))));
}

export const tableSpecArb: fc.Arbitrary<TableSpec> = fc
  .record(
    {
      partitionKey: fc.record({ name: fc.constantFrom(...KEY_NAMES), type: attributeTypeArb }),
      sortKey: fc.record({ name: fc.constantFrom(...SORT_NAMES), type: attributeTypeArb }),
      tableName: fc.constantFrom('orders', 'Customers', 'shop-prod.events_v2', 'audit-log'),
      billing: fc.oneof(
        fc.record({ mode: fc.constantFrom<'onDemand' | 'onDemandExplicit'>('onDemand', 'onDemandExplicit') }),
        fc.record({
          mode: fc.constantFrom<'provisioned' | 'provisionedImplicit'>('provisioned', 'provisionedImplicit'),
          capacity: capacityArb,
        }),
      ),
      key: fc.oneof(
        fc.record({ kind: fc.constantFrom<'default' | 'own'>('default', 'own') }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      backup: fc.oneof(
        fc.record({
          kind: fc.constantFrom<'default' | 'ownPlan' | 'sharedPlanExplicit'>(
            'default',
            'ownPlan',
            'sharedPlanExplicit',
          ),
        }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      pointInTimeRecoveryOptOut: optOutArb,
      deletion: fc.oneof(
        fc.record(
          {
            removalPolicy: fc.constantFrom<'RETAIN' | 'RETAIN_ON_UPDATE_OR_DELETE'>(
              'RETAIN',
              'RETAIN_ON_UPDATE_OR_DELETE',
            ),
          },
          { requiredKeys: [] },
        ),
        fc.record(
          {
            optOut: optOutArb,
            removalPolicy: fc.constantFrom<'RETAIN' | 'RETAIN_ON_UPDATE_OR_DELETE' | 'DESTROY'>(
              'RETAIN',
              'RETAIN_ON_UPDATE_OR_DELETE',
              'DESTROY',
            ),
          },
          { requiredKeys: ['optOut'] },
        ),
      ),
      timeToLiveAttribute: fc.constantFrom('expiresAt', 'ttl'),
      stream: fc.constantFrom<keyof typeof dynamodb.StreamViewType>(
        'NEW_IMAGE',
        'OLD_IMAGE',
        'NEW_AND_OLD_IMAGES',
        'KEYS_ONLY',
      ),
      tableClass: fc.constantFrom<keyof typeof dynamodb.TableClass>('STANDARD', 'STANDARD_INFREQUENT_ACCESS'),
      globalIndexes: indexesArb(4, false),
      localIndexes: indexesArb(3, true),
    },
    { requiredKeys: ['partitionKey', 'billing', 'key', 'backup', 'deletion', 'globalIndexes', 'localIndexes'] },
  )
  .map((spec) => ({
    ...spec,
    // DynamoDB only allows local secondary indexes on tables with a sort key.
    localIndexes: spec.sortKey ? spec.localIndexes : [],
  }));

/** A plain table: a string partition key, every control on. */
export const DEFAULT_TABLE_SPEC: TableSpec = {
  partitionKey: { name: 'pk', type: 'STRING' },
  billing: { mode: 'onDemand' },
  key: { kind: 'default' },
  backup: { kind: 'default' },
  deletion: {},
  globalIndexes: [],
  localIndexes: [],
};

function attribute(spec: AttributeSpec): dynamodb.Attribute {
  return { name: spec.name, type: dynamodb.AttributeType[spec.type] };
}

function projectionOf(index: IndexSpec) {
  return { projectionType: dynamodb.ProjectionType[index.projection], nonKeyAttributes: index.nonKeyAttributes };
}

/** Builds the table of `spec`, with its indexes, under `scope`. */
export function buildTable(scope: Construct, id: string, spec: TableSpec): EncryptedTable {
  const billing = spec.billing;
  const table = new EncryptedTable(scope, id, {
    partitionKey: attribute(spec.partitionKey),
    sortKey: spec.sortKey ? attribute(spec.sortKey) : undefined,
    tableName: spec.tableName,
    billingMode:
      billing.mode === 'onDemandExplicit'
        ? dynamodb.BillingMode.PAY_PER_REQUEST
        : billing.mode === 'provisioned'
          ? dynamodb.BillingMode.PROVISIONED
          : undefined,
    provisionedCapacity: 'capacity' in billing ? billing.capacity : undefined,
    encryptionKey: spec.key.kind === 'own' ? userKey(scope, `${id}Key`) : undefined,
    backupPlan:
      spec.backup.kind === 'ownPlan'
        ? userBackupPlan(scope, `${id}Plan`)
        : spec.backup.kind === 'sharedPlanExplicit'
          ? sharedUserBackupPlan(scope)
          : undefined,
    removalPolicy: spec.deletion.removalPolicy ? RemovalPolicy[spec.deletion.removalPolicy] : undefined,
    timeToLiveAttribute: spec.timeToLiveAttribute,
    stream: spec.stream ? dynamodb.StreamViewType[spec.stream] : undefined,
    tableClass: spec.tableClass ? dynamodb.TableClass[spec.tableClass] : undefined,
    optOuts: defined({
      customerManagedKey: spec.key.kind === 'optOut' ? spec.key.optOut : undefined,
      backup: spec.backup.kind === 'optOut' ? spec.backup.optOut : undefined,
      pointInTimeRecovery: spec.pointInTimeRecoveryOptOut,
      deletionProtection: 'optOut' in spec.deletion ? spec.deletion.optOut : undefined,
    }),
  });
  for (const index of spec.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey!),
      sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
      ...projectionOf(index),
    });
  }
  for (const index of spec.localIndexes) {
    table.addLocalSecondaryIndex({
      indexName: index.indexName,
      sortKey: attribute(index.sortKey!),
      ...projectionOf(index),
    });
  }
  return table;
}

/** A backup plan of the user's own: a vault encrypted with the user's key, daily and monthly rules. */
function userBackupPlan(scope: Construct, id: string): backup.BackupPlan {
  const vault = new backup.BackupVault(scope, `${id}Vault`, { encryptionKey: userKey(scope, `${id}VaultKey`) });
  return new backup.BackupPlan(scope, id, {
    backupVault: vault,
    backupPlanRules: [backup.BackupPlanRule.daily(), backup.BackupPlanRule.monthly1Year()],
  });
}

/** One user backup plan per stack, shared by several tables. */
function sharedUserBackupPlan(scope: Construct): backup.BackupPlan {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('SharedUserPlan');
  return existing instanceof backup.BackupPlan ? existing : userBackupPlan(stack, 'SharedUserPlan');
}

export type TableGrantKind = 'read' | 'write' | 'readWrite' | 'query' | 'conditionalWrite';
export const tableGrantArb = fc.constantFrom<TableGrantKind>('read', 'write', 'readWrite', 'query', 'conditionalWrite');

/** Grants `grantee` access to `table` as `kind` says, through the table's grant methods. */
export function grantTable(table: EncryptedTable, grantee: iam.IGrantable, kind: TableGrantKind): void {
  switch (kind) {
    case 'read':
      table.grantReadData(grantee);
      break;
    case 'write':
      table.grantWriteData(grantee);
      break;
    case 'readWrite':
      table.grantReadWriteData(grantee);
      break;
    case 'query':
      table.grant(grantee, 'dynamodb:Query', 'dynamodb:GetItem');
      break;
    case 'conditionalWrite':
      table.grant(grantee, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem');
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// SecureFunction
// ---------------------------------------------------------------------------------------------------------

interface RuntimeChoice {
  readonly runtime: lambda.Runtime;
  readonly handler: string;
}

function handlerFor(runtime: lambda.Runtime): string {
  switch (runtime.family) {
    case lambda.RuntimeFamily.NODEJS:
      return 'index.handler';
    case lambda.RuntimeFamily.PYTHON:
      return 'app.handler';
    case lambda.RuntimeFamily.JAVA:
      return 'com.example.orders.Handler::handleRequest';
    case lambda.RuntimeFamily.DOTNET_CORE:
      return 'Orders::Orders.Function::FunctionHandler';
    case lambda.RuntimeFamily.RUBY:
      return 'function.handler';
    default:
      return 'bootstrap';
  }
}

/**
 * Runtimes accepted without an opt-out: the latest of each supported family in the installed aws-cdk-lib
 * (computed, so that an aws-cdk-lib upgrade moves them along), and the OS-only runtimes.
 */
export const LATEST_RUNTIMES: string[] = [
  ...new Set(
    [
      lambda.Runtime.NODEJS_22_X,
      lambda.Runtime.PYTHON_3_12,
      lambda.Runtime.JAVA_21,
      lambda.Runtime.DOTNET_8,
      lambda.Runtime.RUBY_3_3,
    ]
      .map((r) => latestOfFamily(r)!.name)
      .concat([lambda.Runtime.PROVIDED_AL2023.name, lambda.Runtime.PROVIDED_AL2.name]),
  ),
];

/** Older runtimes Lambda still supports, accepted with `optOuts.latestRuntime`. */
export const OLDER_RUNTIMES: string[] = [
  lambda.Runtime.NODEJS_20_X,
  lambda.Runtime.NODEJS_22_X,
  lambda.Runtime.PYTHON_3_11,
  lambda.Runtime.PYTHON_3_12,
  lambda.Runtime.PYTHON_3_13,
  lambda.Runtime.JAVA_17,
  lambda.Runtime.JAVA_21,
  lambda.Runtime.DOTNET_8,
  lambda.Runtime.RUBY_3_3,
  lambda.Runtime.RUBY_3_4,
]
  .map((r) => r.name)
  .filter((name) => !LATEST_RUNTIMES.includes(name));

function runtimeByName(name: string): RuntimeChoice {
  const runtime = lambda.Runtime.ALL.find((r) => r.name === name && !r.isVariable)!;
  return { runtime, handler: handlerFor(runtime) };
}

export type PlacementSpec =
  /** The stack's shared IsolatedNetwork with the function's own security group (the default). */
  | { readonly kind: 'sharedNetwork'; readonly interfaceEndpoints: string[] }
  /** The shared network, with a security group of the user's (no vpc prop). */
  | { readonly kind: 'sharedNetworkOwnSecurityGroup' }
  /** `vpc: IsolatedNetwork.of(stack).vpc` with the user's security group and, sometimes, explicit subnets. */
  | { readonly kind: 'sharedVpcExplicit'; readonly explicitSubnets: boolean }
  /** An existing VPC of the user's, imported, in its isolated or private subnets. */
  | { readonly kind: 'importedVpc'; readonly subnets: 'default' | 'isolated' | 'private' }
  /** An existing VPC's public subnets, with `optOuts.publicSubnet`. */
  | { readonly kind: 'importedVpcPublic'; readonly optOut: OptOut }
  /** No VPC, with `optOuts.vpc`. */
  | { readonly kind: 'noVpc'; readonly optOut: OptOut };

export type SecretSpec =
  | { readonly kind: 'secretCompleteArn' | 'secretPartialArn' | 'secretNameV2'; readonly secretName: string }
  | { readonly kind: 'secureString'; readonly parameterName: string; readonly key: 'none' | 'imported' | 'own' };

export interface FunctionSpec {
  readonly runtime: string;
  readonly latestRuntimeOptOut?: OptOut;
  readonly codeFrom: 'inline' | 'bucket';
  readonly description?: string;
  readonly functionName?: string;
  readonly memorySize?: number;
  readonly timeout?: { readonly unit: 'seconds' | 'minutes'; readonly amount: number };
  readonly architecture?: 'ARM_64' | 'X86_64';
  readonly environment?: { [name: string]: string };
  readonly plaintextOptOuts: Array<{ readonly name: string; readonly value: string; readonly optOut: OptOut }>;
  readonly secrets: { [name: string]: SecretSpec };
  readonly concurrency:
    | { readonly kind: 'default' }
    | { readonly kind: 'limit'; readonly value: number }
    | {
        readonly kind: 'optOut';
        readonly optOut: OptOut;
      };
  readonly placement: PlacementSpec;
  readonly environmentKey: 'default' | 'own';
  readonly logRetention?: logs.RetentionDays;
  readonly deadLetter: { readonly kind: 'default' | 'ownTopic' } | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly alarmTopic: 'default' | 'own';
  readonly codeSigning: boolean;
  readonly layers: number;
  readonly functionUrl: boolean;
  readonly addedEnvironment?: { readonly name: string; readonly value: string };
}

const ENVIRONMENT_VALUES: Array<[string, string[]]> = [
  ['LOG_LEVEL', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
  ['STAGE', ['dev', 'staging', 'prod']],
  ['POWERTOOLS_SERVICE_NAME', ['orders', 'payments', 'catalog']],
  ['POWERTOOLS_METRICS_NAMESPACE', ['Shop', 'Acme/Orders']],
  ['FEATURE_NEW_CHECKOUT', ['true', 'false']],
  ['MAX_RETRIES', ['0', '3', '5']],
  ['DEFAULT_CURRENCY', ['EUR', 'USD', 'GBP']],
  ['CORS_ALLOWED_ORIGIN', ['https://shop.example.com', 'https://admin.example.com']],
  ['UPSTREAM_BASE_URL', ['https://api.partner.example.com/v2']],
  ['NODE_OPTIONS', ['--enable-source-maps']],
  ['TZ', ['UTC', 'Europe/Berlin']],
];

/** Values that look like secrets but are public, each accepted with its own opt-out. */
const PUBLIC_LOOKALIKES: Array<[string, string]> = [
  ['RECAPTCHA_SITE_KEY', '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI'],
  ['STRIPE_PUBLISHABLE_KEY', 'pk_test_TYooMQauvdEDq54NiTphI7jx'],
  ['MAPS_API_KEY', 'public-browser-key-restricted-to-shop-example-com'],
];

const SECRET_ENV_NAMES = ['DB_SECRET_ARN', 'STRIPE_SECRET_ARN', 'SIGNING_KEY_PARAM', 'SMTP_CREDENTIALS_ARN'];

const INTERFACE_SERVICES = ['SQS', 'SNS', 'KMS', 'STS', 'EVENTBRIDGE', 'STEP_FUNCTIONS', 'LAMBDA', 'SECRETS_MANAGER'];

const environmentArb = fc
  .uniqueArray(fc.integer({ min: 0, max: ENVIRONMENT_VALUES.length - 1 }), { minLength: 1, maxLength: 4 })
  .chain((indexes) =>
    fc.tuple(
      ...indexes.map((i) =>
        fc.constantFrom(...ENVIRONMENT_VALUES[i][1]).map((v) => [ENVIRONMENT_VALUES[i][0], v] as const),
      ),
    ),
  )
  .map((entries) => Object.fromEntries(entries));

const secretSpecArb: fc.Arbitrary<SecretSpec> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'secretCompleteArn' | 'secretPartialArn' | 'secretNameV2'>(
      'secretCompleteArn',
      'secretPartialArn',
      'secretNameV2',
    ),
    secretName: fc.constantFrom('prod/orders/db', 'stripe-api', 'smtp'),
  }),
  fc.record({
    kind: fc.constant<'secureString'>('secureString'),
    parameterName: fc.constantFrom('/shop/prod/signing-key', '/shop/prod/partner-token'),
    key: fc.constantFrom<'none' | 'imported' | 'own'>('none', 'imported', 'own'),
  }),
);

const placementArb: fc.Arbitrary<PlacementSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant<'sharedNetwork'>('sharedNetwork'),
      interfaceEndpoints: fc.uniqueArray(fc.constantFrom(...INTERFACE_SERVICES), { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant<'sharedNetworkOwnSecurityGroup'>('sharedNetworkOwnSecurityGroup') }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant<'sharedVpcExplicit'>('sharedVpcExplicit'),
      explicitSubnets: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant<'importedVpc'>('importedVpc'),
      subnets: fc.constantFrom<'default' | 'isolated' | 'private'>('default', 'isolated', 'private'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant<'importedVpcPublic'>('importedVpcPublic'), optOut: optOutArb }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'noVpc'>('noVpc'), optOut: optOutArb }) },
);

const runtimeArb: fc.Arbitrary<{ runtime: string; latestRuntimeOptOut?: OptOut }> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ runtime: fc.constantFrom(...LATEST_RUNTIMES) }) },
  // An opt-out with an older runtime, and (rarely) an opt-out that is not needed.
  { weight: 2, arbitrary: fc.record({ runtime: fc.constantFrom(...OLDER_RUNTIMES), latestRuntimeOptOut: optOutArb }) },
  { weight: 1, arbitrary: fc.record({ runtime: fc.constantFrom(...LATEST_RUNTIMES), latestRuntimeOptOut: optOutArb }) },
);

export const functionSpecArb: fc.Arbitrary<FunctionSpec> = fc
  .record(
    {
      runtime: runtimeArb,
      codeFrom: fc.constantFrom<'inline' | 'bucket'>('inline', 'bucket'),
      description: fc.constantFrom('Places orders', 'Reads an order by id', 'Nightly export'),
      functionName: fc.constantFrom('place-order', 'getOrder', 'orders_export_v2'),
      memorySize: fc.oneof(fc.integer({ min: 128, max: 10_240 }), fc.constantFrom(128, 256, 1024, 1769, 3008, 10_240)),
      timeout: fc.oneof(
        fc.record({ unit: fc.constant<'seconds'>('seconds'), amount: fc.integer({ min: 1, max: 900 }) }),
        fc.record({ unit: fc.constant<'minutes'>('minutes'), amount: fc.integer({ min: 1, max: 15 }) }),
      ),
      architecture: fc.constantFrom<'ARM_64' | 'X86_64'>('ARM_64', 'X86_64'),
      environment: environmentArb,
      plaintextOptOuts: fc
        .uniqueArray(fc.constantFrom(...PUBLIC_LOOKALIKES), { maxLength: 2, selector: ([name]) => name })
        .chain((pairs) =>
          fc.tuple(...pairs.map(([name, value]) => optOutArb.map((optOut) => ({ name, value, optOut })))),
        ),
      secrets: fc
        .uniqueArray(fc.constantFrom(...SECRET_ENV_NAMES), { maxLength: 3 })
        .chain((names) => fc.tuple(...names.map((name) => secretSpecArb.map((s) => [name, s] as const))))
        .map((entries) => Object.fromEntries(entries)),
      concurrency: fc.oneof(
        fc.record({ kind: fc.constant<'default'>('default') }),
        fc.record({
          kind: fc.constant<'limit'>('limit'),
          value: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 })),
        }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      placement: placementArb,
      environmentKey: fc.constantFrom<'default' | 'own'>('default', 'own'),
      logRetention: retentionArb,
      deadLetter: fc.oneof(
        fc.record({ kind: fc.constantFrom<'default' | 'ownTopic'>('default', 'ownTopic') }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      alarmTopic: fc.constantFrom<'default' | 'own'>('default', 'own'),
      codeSigning: fc.boolean(),
      layers: fc.integer({ min: 0, max: 2 }),
      functionUrl: fc.boolean(),
      addedEnvironment: fc.constantFrom(
        { name: 'DEPLOYED_BY', value: 'pipeline' },
        { name: 'APP_VERSION', value: '1.42.0' },
      ),
    },
    {
      requiredKeys: [
        'runtime',
        'codeFrom',
        'plaintextOptOuts',
        'secrets',
        'concurrency',
        'placement',
        'environmentKey',
        'deadLetter',
        'alarmTopic',
        'codeSigning',
        'layers',
        'functionUrl',
      ],
    },
  )
  .map(({ runtime, ...rest }) => {
    const spec = { ...rest, ...runtime };
    // Inline code is only possible for runtimes that interpret source (Node.js, Python).
    const codeFrom = runtimeByName(spec.runtime).runtime.supportsInlineCode ? spec.codeFrom : 'bucket';
    return { ...spec, codeFrom };
  });

/** A plain default function spec, for tests that need a function but vary something else. */
export const DEFAULT_FUNCTION_SPEC: FunctionSpec = {
  runtime: LATEST_RUNTIMES[0],
  codeFrom: 'inline',
  plaintextOptOuts: [],
  secrets: {},
  concurrency: { kind: 'default' },
  placement: { kind: 'sharedNetwork', interfaceEndpoints: [] },
  environmentKey: 'default',
  deadLetter: { kind: 'default' },
  alarmTopic: 'default',
  codeSigning: false,
  layers: 0,
  functionUrl: false,
};

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function importedVpc(scope: Construct, id: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    privateSubnetIds: ['subnet-0000000000000001a', 'subnet-0000000000000001b'],
    publicSubnetIds: ['subnet-0000000000000002a', 'subnet-0000000000000002b'],
  });
}

/** A security group of the user's that allows HTTPS to the VPC's own range only. */
function userSecurityGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const sg = new ec2.SecurityGroup(scope, id, {
    vpc,
    allowAllOutbound: false,
    description: `${id}: HTTPS inside the VPC`,
  });
  sg.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to VPC endpoints and peers');
  return sg;
}

function functionSecret(scope: Construct, id: string, spec: SecretSpec): FunctionSecret {
  const secretArn = (suffix: string) =>
    `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${(spec as { secretName: string }).secretName}${suffix}`;
  switch (spec.kind) {
    case 'secretCompleteArn':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(scope, id, secretArn('-AbCdEf')));
    case 'secretPartialArn':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretPartialArn(scope, id, secretArn('')));
    case 'secretNameV2':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretNameV2(scope, id, spec.secretName));
    case 'secureString': {
      const key =
        spec.key === 'imported'
          ? kms.Key.fromKeyArn(
              scope,
              `${id}Key`,
              `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            )
          : spec.key === 'own'
            ? userKey(scope, `${id}Key`)
            : undefined;
      const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(scope, id, {
        parameterName: spec.parameterName,
        encryptionKey: key,
      });
      return FunctionSecret.fromSecureStringParameter(parameter, key);
    }
  }
}

function placementProps(scope: Construct, id: string, placement: PlacementSpec): Partial<SecureFunctionProps> {
  switch (placement.kind) {
    case 'sharedNetwork':
      return {
        interfaceEndpoints:
          placement.interfaceEndpoints.length > 0
            ? placement.interfaceEndpoints.map(
                (name) =>
                  (ec2.InterfaceVpcEndpointAwsService as unknown as Record<string, ec2.InterfaceVpcEndpointAwsService>)[
                    name
                  ],
              )
            : undefined,
      };
    case 'sharedNetworkOwnSecurityGroup': {
      const network = IsolatedNetwork.of(scope);
      const sg = new ec2.SecurityGroup(scope, `${id}Sg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
      return { securityGroups: [sg] };
    }
    case 'sharedVpcExplicit': {
      const network = IsolatedNetwork.of(scope);
      const sg = new ec2.SecurityGroup(scope, `${id}Sg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
      return {
        vpc: network.vpc,
        securityGroups: [sg],
        vpcSubnets: placement.explicitSubnets ? network.subnets : undefined,
      };
    }
    case 'importedVpc': {
      const vpc = importedVpc(scope, `${id}Vpc`);
      const vpcSubnets =
        placement.subnets === 'isolated'
          ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
          : placement.subnets === 'private'
            ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
            : undefined;
      return { vpc, vpcSubnets, securityGroups: [userSecurityGroup(scope, `${id}Sg`, vpc)] };
    }
    case 'importedVpcPublic': {
      const vpc = importedVpc(scope, `${id}Vpc`);
      return {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        securityGroups: [userSecurityGroup(scope, `${id}Sg`, vpc)],
      };
    }
    case 'noVpc':
      return {};
  }
}

/** Builds the function of `spec` under `scope`; `extraEnvironment` adds variables (e.g. a table's name). */
export function buildFunction(
  scope: Construct,
  id: string,
  spec: FunctionSpec,
  extraEnvironment: { [name: string]: string } = {},
): SecureFunction {
  const { runtime, handler } = runtimeByName(spec.runtime);
  const code =
    spec.codeFrom === 'inline'
      ? lambda.Code.fromInline(
          runtime.family === lambda.RuntimeFamily.PYTHON
            ? 'def handler(event, context):\n    return {"statusCode": 200}\n'
            : 'exports.handler = async () => ({ statusCode: 200, body: "{}" });',
        )
      : lambda.Code.fromBucket(
          s3.Bucket.fromBucketName(scope, `${id}Artifacts`, `acme-artifacts-${ACCOUNT}-${REGION}`),
          `functions/${id}.zip`,
        );
  const environment = { ...spec.environment, ...extraEnvironment };
  for (const lookalike of spec.plaintextOptOuts) {
    environment[lookalike.name] = lookalike.value;
  }
  const fn = new SecureFunction(scope, id, {
    code,
    handler,
    runtime,
    description: spec.description,
    functionName: spec.functionName ? `${spec.functionName}-${id}`.slice(0, 64) : undefined,
    memorySize: spec.memorySize,
    timeout: spec.timeout ? Duration[spec.timeout.unit](spec.timeout.amount) : undefined,
    architecture: spec.architecture ? lambda.Architecture[spec.architecture] : undefined,
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    secrets:
      Object.keys(spec.secrets).length > 0
        ? Object.fromEntries(
            Object.entries(spec.secrets).map(([name, secret]) => [name, functionSecret(scope, `${id}${name}`, secret)]),
          )
        : undefined,
    reservedConcurrentExecutions: spec.concurrency.kind === 'limit' ? spec.concurrency.value : undefined,
    ...placementProps(scope, id, spec.placement),
    environmentEncryptionKey: spec.environmentKey === 'own' ? userKey(scope, `${id}EnvKey`) : undefined,
    logRetention: spec.logRetention,
    deadLetterTopic: spec.deadLetter.kind === 'ownTopic' ? userTopic(scope, `${id}Dlq`) : undefined,
    alarmTopic: spec.alarmTopic === 'own' ? userTopic(scope, `${id}Alarms`) : undefined,
    signingProfiles: spec.codeSigning
      ? [new signer.SigningProfile(scope, `${id}Signing`, { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA })]
      : undefined,
    layers:
      spec.layers > 0
        ? Array.from({ length: spec.layers }, (_, i) =>
            lambda.LayerVersion.fromLayerVersionArn(
              scope,
              `${id}Layer${i}`,
              `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared-lib-${i}:${i + 3}`,
            ),
          )
        : undefined,
    optOuts: defined({
      latestRuntime: spec.latestRuntimeOptOut,
      concurrencyLimit: spec.concurrency.kind === 'optOut' ? spec.concurrency.optOut : undefined,
      deadLetter: spec.deadLetter.kind === 'optOut' ? spec.deadLetter.optOut : undefined,
      vpc: spec.placement.kind === 'noVpc' ? spec.placement.optOut : undefined,
      publicSubnet: spec.placement.kind === 'importedVpcPublic' ? spec.placement.optOut : undefined,
      plaintextEnvironmentVariables:
        spec.plaintextOptOuts.length > 0
          ? Object.fromEntries(spec.plaintextOptOuts.map((l) => [l.name, l.optOut]))
          : undefined,
    }),
  });
  if (spec.functionUrl) {
    fn.addFunctionUrl();
  }
  if (spec.addedEnvironment) {
    fn.addEnvironment(spec.addedEnvironment.name, spec.addedEnvironment.value);
  }
  return fn;
}

// ---------------------------------------------------------------------------------------------------------
// SecureApi
// ---------------------------------------------------------------------------------------------------------

export type AuthorizerSpec =
  | { readonly kind: 'iam' }
  | { readonly kind: 'cognito'; readonly scopes: boolean }
  | { readonly kind: 'token' | 'request'; readonly cacheTtlSeconds?: number };

export interface MethodSpec {
  readonly httpMethod: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  /** Which of the case's functions integrates the method; `mock` for a mock integration. */
  readonly integration: number | 'mock';
  readonly requestModel: boolean;
  readonly requiredQueryString: boolean;
  /** `authorizationType: NONE` with `allowUnauthenticated` and this opt-out. */
  readonly unauthenticated?: OptOut;
}

export interface RouteSpec {
  readonly path: string[];
  readonly methods: MethodSpec[];
  readonly cors?: {
    readonly allowOrigins: string[];
    readonly allowMethods?: string[];
    readonly allowCredentials?: boolean;
  };
}

export interface ApiSpec {
  readonly restApiName?: string;
  readonly description?: string;
  readonly authorizer: AuthorizerSpec;
  readonly throttling?: { readonly rateLimit?: number; readonly burstLimit?: number };
  readonly cache?: { readonly clusterSize?: string; readonly ttlSeconds?: number; readonly encrypted?: true };
  readonly stageName?: string;
  readonly executionLoggingLevel?: 'ERROR' | 'INFO';
  readonly logRetention?: logs.RetentionDays;
  readonly endpoint: 'default' | 'REGIONAL' | 'EDGE' | 'PRIVATE';
  readonly domain?: {
    readonly securityPolicy?: string;
    /** Required by aws-cdk-lib with the enhanced (`SecurityPolicy_*`) policies. */
    readonly endpointAccessMode?: 'BASIC' | 'STRICT';
    readonly regionalDomain: boolean;
    readonly basePath?: string;
  };
  readonly waf:
    | { readonly kind: 'own'; readonly rateLimitPerIp?: number; readonly maxRequestBodyKiB?: number }
    | { readonly kind: 'webAclArn' }
    | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly clientCertificate?: boolean;
  readonly alarmTopic: 'default' | 'own';
  readonly routes: RouteSpec[];
  readonly functions: number;
}

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** Security policies of TLS 1.2 and newer, by the endpoint type of the domain they apply to. */
const REGIONAL_TLS_POLICIES = [
  apigateway.SecurityPolicy.TLS_1_2,
  apigateway.SecurityPolicy.TLS13_1_3_2025_09,
  apigateway.SecurityPolicy.TLS13_1_3_FIPS_2025_09,
  apigateway.SecurityPolicy.TLS13_1_2_PQ_2025_09,
  apigateway.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
].map(String);
const EDGE_TLS_POLICIES = [
  apigateway.SecurityPolicy.TLS_1_2,
  apigateway.SecurityPolicy.TLS13_2025_EDGE,
  apigateway.SecurityPolicy.TLS12_PFS_2025_EDGE,
  apigateway.SecurityPolicy.TLS12_2018_EDGE,
].map(String);

const PATH_PARTS = ['orders', 'customers', '{id}', 'items', 'health', 'v1', 'search', '{orderId}'];

const methodArb = (functions: number): fc.Arbitrary<Omit<MethodSpec, 'httpMethod'>> =>
  fc.record(
    {
      integration: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: functions - 1 }) },
        { weight: 1, arbitrary: fc.constant<'mock'>('mock') },
      ),
      requestModel: fc.boolean(),
      requiredQueryString: fc.boolean(),
      unauthenticated: fc.option(optOutArb, { nil: undefined, freq: 6 }),
    },
    { requiredKeys: ['integration', 'requestModel', 'requiredQueryString'] },
  );

const routeArb = (functions: number): fc.Arbitrary<RouteSpec> =>
  fc.record(
    {
      path: fc.array(fc.constantFrom(...PATH_PARTS), { minLength: 1, maxLength: 3 }),
      methods: fc
        .uniqueArray(fc.constantFrom<MethodSpec['httpMethod']>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'ANY'), {
          minLength: 1,
          maxLength: 3,
        })
        .chain((verbs) => fc.tuple(...verbs.map((v) => methodArb(functions).map((m) => ({ ...m, httpMethod: v }))))),
      cors: fc.record(
        {
          allowOrigins: fc.constantFrom(
            ['https://shop.example.com'],
            ['https://shop.example.com', 'https://admin.example.com'],
          ),
          allowMethods: fc.constantFrom(['GET', 'POST'], ['GET', 'PUT', 'DELETE']),
          allowCredentials: fc.boolean(),
        },
        { requiredKeys: ['allowOrigins'] },
      ),
    },
    { requiredKeys: ['path', 'methods'] },
  );

export const apiSpecArb: fc.Arbitrary<ApiSpec> = fc
  .integer({ min: 1, max: 2 })
  .chain((functions) =>
    fc.record(
      {
        functions: fc.constant(functions),
        restApiName: fc.constantFrom('orders-api', 'Shop API'),
        description: fc.constantFrom('Public order API', 'Back office'),
        authorizer: fc.oneof(
          fc.record({ kind: fc.constant<'iam'>('iam') }),
          fc.record({ kind: fc.constant<'cognito'>('cognito'), scopes: fc.boolean() }),
          fc.record(
            {
              kind: fc.constantFrom<'token' | 'request'>('token', 'request'),
              cacheTtlSeconds: fc.integer({ min: 0, max: 3600 }),
            },
            { requiredKeys: ['kind'] },
          ),
        ),
        throttling: fc
          .record({
            rateLimit: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 10_000_000 })),
            extraBurst: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 10_000_000 })),
            withBurst: fc.boolean(),
            withRate: fc.boolean(),
          })
          .map(({ rateLimit, extraBurst, withBurst, withRate }) => {
            const rate = withRate ? rateLimit : undefined;
            // The burst must be at least the rate (default 100).
            const burst = withBurst ? Math.min(10_000_000, (rate ?? 100) + extraBurst) : undefined;
            return defined({ rateLimit: rate, burstLimit: burst });
          }),
        cache: fc.record(
          {
            clusterSize: fc.constantFrom(...CACHE_SIZES),
            ttlSeconds: fc.integer({ min: 0, max: 3600 }),
            encrypted: fc.constant<true>(true),
          },
          { requiredKeys: [] },
        ),
        stageName: fc.constantFrom('prod', 'v1', 'staging_eu', 'Live2'),
        executionLoggingLevel: fc.constantFrom<'ERROR' | 'INFO'>('ERROR', 'INFO'),
        logRetention: retentionArb,
        endpoint: fc.constantFrom<ApiSpec['endpoint']>('default', 'REGIONAL', 'EDGE', 'PRIVATE'),
        domain: fc.record(
          {
            regionalDomain: fc.boolean(),
            securityPolicyIndex: fc.nat(),
            withPolicy: fc.boolean(),
            strict: fc.boolean(),
            basePath: fc.constantFrom('orders', 'v1'),
          },
          { requiredKeys: ['regionalDomain', 'securityPolicyIndex', 'withPolicy'] },
        ),
        waf: fc.oneof(
          {
            weight: 3,
            arbitrary: fc.record(
              {
                kind: fc.constant<'own'>('own'),
                rateLimitPerIp: fc.oneof(
                  fc.integer({ min: 10, max: 100_000 }),
                  fc.integer({ min: 10, max: 2_000_000_000 }),
                ),
                maxRequestBodyKiB: fc.integer({ min: 8, max: 64 }),
              },
              { requiredKeys: ['kind'] },
            ),
          },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<'webAclArn'>('webAclArn') }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }) },
        ),
        clientCertificate: fc.boolean(),
        alarmTopic: fc.constantFrom<'default' | 'own'>('default', 'own'),
        routes: fc.array(routeArb(functions), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ['functions', 'authorizer', 'endpoint', 'waf', 'alarmTopic', 'routes'] },
    ),
  )
  .map(({ domain, ...drawn }) => {
    // aws-cdk-lib fails synth on an authorizer that no method uses ("must be attached to a RestApi"): someone
    // who passes an authorizer has at least one method behind it.
    const allPublic = drawn.routes.every((r) => r.methods.every((m) => m.unauthenticated !== undefined));
    const [first, ...rest] = drawn.routes;
    const spec =
      drawn.authorizer.kind !== 'iam' && allPublic
        ? {
            ...drawn,
            routes: [
              { ...first, methods: first.methods.map((m, i) => (i === 0 ? { ...m, unauthenticated: undefined } : m)) },
              ...rest,
            ],
          }
        : drawn;
    // A custom domain of a PRIVATE API is a different resource type (DomainNameV2); only public APIs get one.
    if (!domain || spec.endpoint === 'PRIVATE') {
      return spec;
    }
    const policies = domain.regionalDomain ? REGIONAL_TLS_POLICIES : EDGE_TLS_POLICIES;
    const securityPolicy = domain.withPolicy ? policies[domain.securityPolicyIndex % policies.length] : undefined;
    return {
      ...spec,
      domain: defined({
        regionalDomain: domain.regionalDomain,
        securityPolicy,
        endpointAccessMode: securityPolicy?.startsWith('SecurityPolicy_')
          ? domain.strict
            ? ('STRICT' as const)
            : ('BASIC' as const)
          : undefined,
        basePath: domain.basePath,
      }),
    };
  });

/** A Cognito user pool as AwsSolutions-COG1/2/3/8 want it: strong passwords, MFA, threat protection. */
function userPool(scope: Construct, id: string): cognito.UserPool {
  return new cognito.UserPool(scope, id, {
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
    },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  });
}

function buildAuthorizer(scope: Construct, spec: AuthorizerSpec): apigateway.IAuthorizer | undefined {
  switch (spec.kind) {
    case 'iam':
      return undefined;
    case 'cognito':
      return new apigateway.CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
        cognitoUserPools: [userPool(scope, 'Users')],
      });
    case 'token':
      return new apigateway.TokenAuthorizer(scope, 'Authorizer', {
        handler: buildFunction(scope, 'AuthorizerFunction', DEFAULT_FUNCTION_SPEC),
        resultsCacheTtl: spec.cacheTtlSeconds !== undefined ? Duration.seconds(spec.cacheTtlSeconds) : undefined,
      });
    case 'request':
      return new apigateway.RequestAuthorizer(scope, 'Authorizer', {
        handler: buildFunction(scope, 'AuthorizerFunction', DEFAULT_FUNCTION_SPEC),
        identitySources: [apigateway.IdentitySource.header('Authorization')],
        resultsCacheTtl: spec.cacheTtlSeconds !== undefined ? Duration.seconds(spec.cacheTtlSeconds) : undefined,
      });
  }
}

/** Builds the API of `spec` with its routes, integrated with `functions`. */
export function buildApi(scope: Construct, id: string, spec: ApiSpec, functions: lambda.IFunction[]): SecureApi {
  const endpointType =
    spec.endpoint === 'default' ? undefined : apigateway.EndpointType[spec.endpoint as 'REGIONAL' | 'EDGE' | 'PRIVATE'];
  const props: SecureApiProps = {
    restApiName: spec.restApiName,
    description: spec.description,
    authorizer: buildAuthorizer(scope, spec.authorizer),
    throttling: spec.throttling,
    cache: spec.cache
      ? defined({
          clusterSize: spec.cache.clusterSize,
          ttl: spec.cache.ttlSeconds !== undefined ? Duration.seconds(spec.cache.ttlSeconds) : undefined,
          encrypted: spec.cache.encrypted,
        })
      : undefined,
    stageName: spec.stageName,
    executionLoggingLevel: spec.executionLoggingLevel
      ? apigateway.MethodLoggingLevel[spec.executionLoggingLevel]
      : undefined,
    logRetention: spec.logRetention,
    endpointType,
    vpcEndpoints:
      spec.endpoint === 'PRIVATE'
        ? [IsolatedNetwork.of(scope).interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.APIGATEWAY)]
        : undefined,
    domainName: spec.domain
      ? {
          domainName: 'api.shop.example.com',
          certificate: acm.Certificate.fromCertificateArn(
            scope,
            `${id}Certificate`,
            `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0f2a7c1e-4b8d-4e2a-9c3f-1a2b3c4d5e6f`,
          ),
          endpointType: spec.domain.regionalDomain ? apigateway.EndpointType.REGIONAL : apigateway.EndpointType.EDGE,
          securityPolicy: spec.domain.securityPolicy as apigateway.SecurityPolicy | undefined,
          endpointAccessMode: spec.domain.endpointAccessMode
            ? apigateway.EndpointAccessMode[spec.domain.endpointAccessMode]
            : undefined,
          basePath: spec.domain.basePath,
        }
      : undefined,
    webAclArn:
      spec.waf.kind === 'webAclArn'
        ? `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/corporate-api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`
        : undefined,
    rateLimitPerIp: spec.waf.kind === 'own' ? spec.waf.rateLimitPerIp : undefined,
    maxRequestBodySize:
      spec.waf.kind === 'own' && spec.waf.maxRequestBodyKiB !== undefined
        ? Size.kibibytes(spec.waf.maxRequestBodyKiB)
        : undefined,
    clientCertificate: spec.clientCertificate,
    alarmTopic: spec.alarmTopic === 'own' ? userTopic(scope, `${id}Alarms`) : undefined,
    optOuts: spec.waf.kind === 'optOut' ? { waf: spec.waf.optOut } : undefined,
  };
  const api = new SecureApi(scope, id, props);
  const model = api.addModel('Order', {
    contentType: 'application/json',
    schema: {
      type: apigateway.JsonSchemaType.OBJECT,
      required: ['customerId'],
      properties: {
        customerId: { type: apigateway.JsonSchemaType.STRING },
        total: { type: apigateway.JsonSchemaType.NUMBER, minimum: 0 },
      },
    },
  });
  const cognitoScopes = spec.authorizer.kind === 'cognito' && spec.authorizer.scopes ? ['shop/orders.read'] : undefined;
  for (const route of spec.routes) {
    let resource = api.root;
    for (const part of route.path) {
      resource = resource.getResource(part) ?? resource.addResource(part);
    }
    if (route.cors && !resource.node.tryFindChild('OPTIONS')) {
      resource.addCorsPreflight(
        defined({
          allowOrigins: route.cors.allowOrigins,
          allowMethods: route.cors.allowMethods,
          allowCredentials: route.cors.allowCredentials,
        }),
      );
    }
    for (const method of route.methods) {
      if (resource.node.tryFindChild(method.httpMethod)) {
        continue; // the same path drawn twice: the first route's method stays
      }
      const integration =
        method.integration === 'mock'
          ? new apigateway.MockIntegration({
              integrationResponses: [{ statusCode: '200' }],
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
            })
          : new apigateway.LambdaIntegration(functions[method.integration]);
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method.httpMethod);
      const created = resource.addMethod(method.httpMethod, integration, {
        requestModels: withBody && method.requestModel ? { 'application/json': model } : undefined,
        requestParameters: method.requiredQueryString ? { 'method.request.querystring.customerId': true } : undefined,
        methodResponses: method.integration === 'mock' ? [{ statusCode: '200' }] : undefined,
        authorizationType: method.unauthenticated ? apigateway.AuthorizationType.NONE : undefined,
        authorizationScopes: method.unauthenticated ? undefined : cognitoScopes,
      });
      if (method.unauthenticated) {
        api.allowUnauthenticated(created, method.unauthenticated);
      }
    }
  }
  return api;
}

// ---------------------------------------------------------------------------------------------------------
// IsolatedNetwork
// ---------------------------------------------------------------------------------------------------------

export interface NetworkSpec {
  readonly maxAzs?: number;
  readonly flowLogRetention?: logs.RetentionDays;
  /** Security groups of the user's that reach the gateway endpoints and some interface endpoints. */
  readonly securityGroups: Array<{ readonly gateway: boolean; readonly interfaceEndpoints: string[] }>;
  /** Whether a SecureFunction runs in the network (with one of those security groups). */
  readonly withFunction: boolean;
}

export const networkSpecArb: fc.Arbitrary<NetworkSpec> = fc.record(
  {
    maxAzs: fc.integer({ min: 2, max: 6 }),
    flowLogRetention: retentionArb,
    securityGroups: fc.array(
      fc.record({
        gateway: fc.boolean(),
        interfaceEndpoints: fc.uniqueArray(fc.constantFrom(...INTERFACE_SERVICES, 'SSM', 'APIGATEWAY'), {
          maxLength: 3,
        }),
      }),
      { maxLength: 3 },
    ),
    withFunction: fc.boolean(),
  },
  { requiredKeys: ['securityGroups', 'withFunction'] },
);

export function buildNetwork(scope: Construct, id: string, spec: NetworkSpec): IsolatedNetwork {
  const props: IsolatedNetworkProps = defined({ maxAzs: spec.maxAzs, flowLogRetention: spec.flowLogRetention });
  const network = new IsolatedNetwork(scope, id, props);
  const groups = spec.securityGroups.map((sgSpec, i) => {
    const sg = new ec2.SecurityGroup(scope, `${id}Sg${i}`, { vpc: network.vpc, allowAllOutbound: false });
    if (sgSpec.gateway) {
      network.allowGatewayEndpoints(sg);
    }
    for (const name of sgSpec.interfaceEndpoints) {
      network.allowInterfaceEndpoint(
        sg,
        (ec2.InterfaceVpcEndpointAwsService as unknown as Record<string, ec2.InterfaceVpcEndpointAwsService>)[name],
      );
    }
    return sg;
  });
  if (spec.withFunction) {
    let sg = groups[0];
    if (!sg) {
      sg = new ec2.SecurityGroup(scope, `${id}FunctionSg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
    }
    new SecureFunction(scope, `${id}Worker`, {
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      handler: 'index.handler',
      vpc: network.vpc,
      securityGroups: [sg],
    });
  }
  return network;
}
