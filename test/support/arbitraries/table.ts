import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { defined, optOutArb, userKey } from './shared';
import { EncryptedTable, OptOut } from '../../../src';

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
    // One name per table: CloudFormation refuses two tables of one name (E3019).
    tableName: spec.tableName ? `${spec.tableName}-${id}` : undefined,
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
