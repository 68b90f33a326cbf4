import { Aws, CfnParameter, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EncryptedTable, EncryptedTableProps } from '../../src';
import { newStack } from '../support/compliance';
import {
  expectTokenWarning,
  InvalidInputCase,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
  optOutCases,
} from '../support/invalid-input';

const PATH = 'TestStack/Orders';
const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };
const sortKey = { name: 'sk', type: dynamodb.AttributeType.STRING };
/** Index names that are tokens; the error names the index by the token's text. */
const TOKEN_NAME = Token.asString({ Ref: 'IndexName' });
const LAZY_NAME = Lazy.string({ produce: () => 'byDate' });
const capacity = { minReadCapacity: 2, maxReadCapacity: 40, minWriteCapacity: 1, maxWriteCapacity: 10 };

function stack(): Stack {
  return newStack().stack;
}

function table(props: Partial<EncryptedTableProps> = {}, scope: Stack = stack()): EncryptedTable {
  return new EncryptedTable(scope, 'Orders', { partitionKey, ...props });
}

/** A table with `props`, built lazily, for the case table. */
const withProps = (props: Partial<EncryptedTableProps>) => () => table(props);

function tableOptOutCases(name: keyof NonNullable<EncryptedTableProps['optOuts']>): InvalidInputCase[] {
  return optOutCases(`optOuts.${name}`, (optOut) => withProps({ optOuts: { [name]: optOut } }));
}

describe('EncryptedTable fails when', () => {
  const cases: InvalidInputCase[] = [
    // partitionKey / sortKey
    ['partitionKey is missing', withProps({ partitionKey: undefined }), E.INVALID_PROP, 'partitionKey.name'],
    [
      'partitionKey name is empty',
      withProps({ partitionKey: { ...partitionKey, name: '' } }),
      E.INVALID_PROP,
      'partitionKey.name',
    ],
    [
      'partitionKey name is whitespace',
      withProps({ partitionKey: { ...partitionKey, name: '   ' } }),
      E.INVALID_PROP,
      'partitionKey.name',
    ],
    [
      'partitionKey name is longer than 255 characters',
      withProps({ partitionKey: { ...partitionKey, name: 'a'.repeat(256) } }),
      E.INVALID_PROP,
      'partitionKey.name',
    ],
    ['sortKey name is empty', withProps({ sortKey: { ...sortKey, name: '' } }), E.INVALID_PROP, 'sortKey.name'],
    ['sortKey name is whitespace', withProps({ sortKey: { ...sortKey, name: ' ' } }), E.INVALID_PROP, 'sortKey.name'],
    ['sortKey is the partition key', withProps({ sortKey: partitionKey }), E.CONFLICTING_PROPS, 'sortKey'],

    // tableName
    ['tableName is empty', withProps({ tableName: '' }), E.INVALID_PROP, 'tableName'],
    ['tableName is whitespace', withProps({ tableName: '   ' }), E.INVALID_PROP, 'tableName'],
    ['tableName is shorter than 3 characters', withProps({ tableName: 'ab' }), E.INVALID_PROP, 'tableName'],
    ['tableName is longer than 255 characters', withProps({ tableName: 'a'.repeat(256) }), E.INVALID_PROP, 'tableName'],
    ['tableName has a space', withProps({ tableName: 'my orders' }), E.INVALID_PROP, 'tableName'],
    ['tableName has a slash', withProps({ tableName: 'orders/prod' }), E.INVALID_PROP, 'tableName'],

    // timeToLiveAttribute
    ['timeToLiveAttribute is empty', withProps({ timeToLiveAttribute: '' }), E.INVALID_PROP, 'timeToLiveAttribute'],
    [
      'timeToLiveAttribute is whitespace',
      withProps({ timeToLiveAttribute: ' ' }),
      E.INVALID_PROP,
      'timeToLiveAttribute',
    ],
    [
      'timeToLiveAttribute is longer than 255 characters',
      withProps({ timeToLiveAttribute: 'x'.repeat(256) }),
      E.INVALID_PROP,
      'timeToLiveAttribute',
    ],

    // billingMode / provisionedCapacity
    [
      'billing is provisioned without auto-scaled capacity',
      withProps({ billingMode: dynamodb.BillingMode.PROVISIONED }),
      E.INVALID_PROP,
      'provisionedCapacity',
    ],
    [
      'provisioned capacity is given for an on-demand table',
      withProps({ billingMode: dynamodb.BillingMode.PAY_PER_REQUEST, provisionedCapacity: capacity }),
      E.CONFLICTING_PROPS,
      'provisionedCapacity',
    ],
    ...(['minReadCapacity', 'maxReadCapacity', 'minWriteCapacity', 'maxWriteCapacity'] as const).flatMap(
      (field): InvalidInputCase[] => {
        const prop = `provisionedCapacity.${field}`;
        const at = (value: number) => withProps({ provisionedCapacity: { ...capacity, [field]: value } });
        return [
          [`${prop} is zero`, at(0), E.INVALID_PROP, prop],
          [`${prop} is negative`, at(-5), E.INVALID_PROP, prop],
          [`${prop} is fractional`, at(2.5), E.INVALID_PROP, prop],
          [`${prop} is above 40000`, at(40_001), E.INVALID_PROP, prop],
          [`${prop} is NaN`, at(NaN), E.INVALID_PROP, prop],
          [`${prop} is Infinity`, at(Infinity), E.INVALID_PROP, prop],
        ];
      },
    ),
    [
      'maximum read capacity is below the minimum',
      withProps({ provisionedCapacity: { ...capacity, minReadCapacity: 50, maxReadCapacity: 40 } }),
      E.CONFLICTING_PROPS,
      'provisionedCapacity.maxReadCapacity',
    ],
    [
      'maximum write capacity is below the minimum',
      withProps({ provisionedCapacity: { ...capacity, minWriteCapacity: 11, maxWriteCapacity: 10 } }),
      E.CONFLICTING_PROPS,
      'provisionedCapacity.maxWriteCapacity',
    ],
    [
      'provisionedCapacity.targetUtilizationPercent is a token',
      withProps({
        provisionedCapacity: { ...capacity, targetUtilizationPercent: Token.asNumber({ Ref: 'Target' }) },
      }),
      E.UNRESOLVED_TOKEN,
      'provisionedCapacity.targetUtilizationPercent',
    ],
    ...([19, 91, 0, -70, 70.5] as const).map((value): InvalidInputCase => [
      `provisionedCapacity.targetUtilizationPercent is ${value}`,
      withProps({ provisionedCapacity: { ...capacity, targetUtilizationPercent: value } }),
      E.INVALID_PROP,
      'provisionedCapacity.targetUtilizationPercent',
    ]),

    // removalPolicy
    [
      'removalPolicy DESTROY has no deletion-protection opt-out',
      withProps({ removalPolicy: RemovalPolicy.DESTROY }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'removalPolicy',
    ],
    [
      'removalPolicy is SNAPSHOT',
      withProps({ removalPolicy: RemovalPolicy.SNAPSHOT }),
      E.INVALID_PROP,
      'removalPolicy',
    ],

    // encryptionKey / backupPlan against their opt-outs
    [
      'a key is passed together with the customer-managed-key opt-out',
      () => {
        const scope = stack();
        const key = new kms.Key(scope, 'MyKey', { enableKeyRotation: true });
        return table({ encryptionKey: key, optOuts: { customerManagedKey: { reason: 'No PII' } } }, scope);
      },
      E.CONFLICTING_PROPS,
      'encryptionKey',
    ],
    [
      'a backup plan is passed together with the backup opt-out',
      () => {
        const scope = stack();
        const plan = backup.BackupPlan.daily35DayRetention(scope, 'MyPlan');
        return table({ backupPlan: plan, optOuts: { backup: { reason: 'Derived data' } } }, scope);
      },
      E.CONFLICTING_PROPS,
      'backupPlan',
    ],

    // optOuts
    ...tableOptOutCases('customerManagedKey'),
    ...tableOptOutCases('pointInTimeRecovery'),
    ...tableOptOutCases('deletionProtection'),
    ...tableOptOutCases('backup'),

    // addGlobalSecondaryIndex / addLocalSecondaryIndex
    [
      'a global index sets its own fixed capacity',
      () =>
        table({ provisionedCapacity: capacity }).addGlobalSecondaryIndex({
          indexName: 'byCustomer',
          partitionKey,
          readCapacity: 5,
          writeCapacity: 5,
        }),
      E.CONFLICTING_PROPS,
      'addGlobalSecondaryIndex(byCustomer).readCapacity/writeCapacity',
    ],
    [
      'a global index on an on-demand table sets a fixed read capacity',
      () => table().addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey, readCapacity: 1 }),
      E.CONFLICTING_PROPS,
      'addGlobalSecondaryIndex(byCustomer).readCapacity/writeCapacity',
    ],
    [
      'a global index name is an unresolved token',
      () => table().addGlobalSecondaryIndex({ indexName: TOKEN_NAME, partitionKey }),
      E.UNRESOLVED_TOKEN,
      `addGlobalSecondaryIndex(${TOKEN_NAME}).indexName`,
    ],
    [
      'a global index name is empty',
      () => table().addGlobalSecondaryIndex({ indexName: '', partitionKey }),
      E.INVALID_PROP,
      'addGlobalSecondaryIndex().indexName',
    ],
    [
      'a global index name is whitespace',
      () => table().addGlobalSecondaryIndex({ indexName: '   ', partitionKey }),
      E.INVALID_PROP,
      'addGlobalSecondaryIndex(   ).indexName',
    ],
    [
      'a global index name has a space',
      () => table().addGlobalSecondaryIndex({ indexName: 'by customer', partitionKey }),
      E.INVALID_PROP,
      'addGlobalSecondaryIndex(by customer).indexName',
    ],
    [
      'a global index name is shorter than 3 characters',
      () => table().addGlobalSecondaryIndex({ indexName: 'ix', partitionKey }),
      E.INVALID_PROP,
      'addGlobalSecondaryIndex(ix).indexName',
    ],
    [
      'two indexes have one name',
      () => {
        const t = table({ sortKey });
        t.addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey: { ...partitionKey, name: 'c' } });
        t.addLocalSecondaryIndex({ indexName: 'byCustomer', sortKey: { ...sortKey, name: 'd' } });
      },
      E.INVALID_PROP,
      'addLocalSecondaryIndex(byCustomer).indexName',
    ],
    [
      'a global index partition key name is blank',
      () => table().addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey: { ...partitionKey, name: ' ' } }),
      E.INVALID_PROP,
      'addGlobalSecondaryIndex(byCustomer).partitionKey.name',
    ],
    [
      'a global index sort key is its partition key',
      () => table().addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey, sortKey: partitionKey }),
      E.CONFLICTING_PROPS,
      'addGlobalSecondaryIndex(byCustomer).sortKey',
    ],
    [
      'a local index is added to a table without a sort key',
      () => table().addLocalSecondaryIndex({ indexName: 'byDate', sortKey }),
      E.CONFLICTING_PROPS,
      'sortKey',
    ],
    [
      'a local index sort key name is empty',
      () => table({ sortKey }).addLocalSecondaryIndex({ indexName: 'byDate', sortKey: { ...sortKey, name: '' } }),
      E.INVALID_PROP,
      'addLocalSecondaryIndex(byDate).sortKey.name',
    ],
    [
      'a local index name is an unresolved token',
      () => table({ sortKey }).addLocalSecondaryIndex({ indexName: LAZY_NAME, sortKey }),
      E.UNRESOLVED_TOKEN,
      `addLocalSecondaryIndex(${LAZY_NAME}).indexName`,
    ],

    // grant
    [
      'grant names no action',
      () => {
        const scope = stack();
        table({}, scope).grant(new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
      },
      E.INVALID_PROP,
      'grant.actions',
    ],
    [
      'grant names a wildcard action',
      () => {
        const scope = stack();
        table({}, scope).grant(new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }), 'dynamodb:*');
      },
      E.WEAKENING_WITHOUT_OPT_OUT,
      'grant.actions',
    ],
    [
      'grant names an action of another service',
      () => {
        const scope = stack();
        table({}, scope).grant(new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }), 's3:GetObject');
      },
      E.INVALID_PROP,
      'grant.actions',
    ],
    [
      'grant names an empty action',
      () => {
        const scope = stack();
        table({}, scope).grant(new iam.Role(scope, 'R', { assumedBy: new iam.AccountRootPrincipal() }), '');
      },
      E.INVALID_PROP,
      'grant.actions',
    ],
  ];

  testInvalidInputs(cases, PATH);
});

describe('EncryptedTable with tokens', () => {
  const number = (scope: Stack) => Token.asNumber(new CfnParameter(scope, 'P', { type: 'Number' }).valueAsNumber);
  const cases: TokenCase[] = [
    ['tableName from a parameter', (s) => table({ tableName: new CfnParameter(s, 'P').valueAsString }, s), 'tableName'],
    ['tableName with the region', (s) => table({ tableName: `orders-${Aws.REGION}` }, s), 'tableName'],
    [
      'timeToLiveAttribute from Lazy.string',
      (s) => table({ timeToLiveAttribute: Lazy.string({ produce: () => 'ttl' }) }, s),
      'timeToLiveAttribute',
    ],
    [
      'partitionKey name from Lazy.string',
      (s) => table({ partitionKey: { ...partitionKey, name: Lazy.string({ produce: () => 'pk' }) } }, s),
      'partitionKey.name',
    ],
    [
      'minReadCapacity from a Number parameter',
      (s) => table({ provisionedCapacity: { ...capacity, minReadCapacity: number(s) } }, s),
      'provisionedCapacity.minReadCapacity',
    ],
    [
      'maxWriteCapacity from Lazy.number (and its order against the minimum)',
      (s) => table({ provisionedCapacity: { ...capacity, maxWriteCapacity: Lazy.number({ produce: () => 10 }) } }, s),
      'provisionedCapacity.maxWriteCapacity',
    ],
  ];

  testTokenWarnings(cases, stack, PATH);

  test('capacity given as tokens is not validated at synth but passed to CloudFormation, with a warning', () => {
    const scope = stack();
    const read = Token.asNumber({ Ref: 'ReadMax' });
    table({ provisionedCapacity: { ...capacity, maxReadCapacity: read } }, scope);

    Template.fromStack(scope).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MaxCapacity: { Ref: 'ReadMax' },
    });
    expectTokenWarning(scope, PATH, 'provisionedCapacity.maxReadCapacity');
  });
});
