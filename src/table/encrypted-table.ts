import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { addToBackupPlan, resolveInBackupPlan } from './backup';
import { AutoScaledCapacity, EncryptedTableProps } from './encrypted-table-props';
import * as perms from './perms';
import { recordCreationSite } from '../compliance/creation-site';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { validateGrantActions } from '../core/grant-actions';
import { applyOptOut, conflictWithOptOut } from '../core/opt-out';
import { propLabel, propRef } from '../core/prop-names';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, requireLiteral, validateIntegerInRange, validateName, validateOrdered } from '../core/validate';

/** DynamoDB's per-table and per-index ceiling on provisioned capacity units without a quota increase. */
const MAX_CAPACITY_UNITS = 40_000;
const DEFAULT_TARGET_UTILIZATION = 70;
/** What DynamoDB accepts as a table or index name. */
const TABLE_OR_INDEX_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_.-]+$/,
  characters: "letters, digits, '_', '-' and '.'",
  minLength: 3,
  maxLength: 255,
};
/** The longest attribute name DynamoDB accepts for a key or the time-to-live attribute. */
const MAX_KEY_ATTRIBUTE_NAME = 255;
/** The actions `grant` accepts: DynamoDB actions, named exactly. */

/**
 * A DynamoDB table that is encrypted with a customer-managed KMS key, recoverable to any point in the last
 * 35 days, protected from deletion, in an AWS Backup plan, and billed on demand (or provisioned with auto
 * scaling only), with grants that give the narrowest actions on the exact table and index ARNs plus the
 * matching key permissions.
 *
 * @example
 * declare const myFunction: lambda.IFunction;
 * const orders = new EncryptedTable(this, 'Orders', {
 *   partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
 * });
 * orders.grantReadData(myFunction);
 */
export class EncryptedTable extends Construct {
  /** The underlying aws-cdk-lib table. */
  public readonly table: dynamodb.Table;
  /** The table's name. */
  public readonly tableName: string;
  /** The table's ARN. */
  public readonly tableArn: string;
  /**
   * The ARN of the table's stream.
   *
   * @default - undefined when the table has no stream
   */
  public readonly tableStreamArn?: string;
  /**
   * The customer-managed key that encrypts the table.
   *
   * @default - undefined when `optOuts.customerManagedKey` is set
   */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The table's selection in its backup plan.
   *
   * @default - undefined when `optOuts.backup` is set
   */
  public readonly backupSelection?: backup.BackupSelection;

  private readonly provisionedCapacity?: AutoScaledCapacity;
  private readonly indexArns: string[] = [];
  private readonly indexNames = new Set<string>();
  private readonly hasSortKey: boolean;
  /** Statements granted on the table, kept so that indexes added later are included in them. */
  private readonly dataStatements: iam.PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: EncryptedTableProps) {
    super(scope, id);
    recordCreationSite(this);

    this.validateKeys(props);
    this.hasSortKey = props.sortKey !== undefined;
    validateName(this, 'tableName', props.tableName, TABLE_OR_INDEX_NAME);
    this.validateAttributeName('timeToLiveAttribute', props.timeToLiveAttribute);
    const billingMode = this.resolveBillingMode(props);
    this.provisionedCapacity = billingMode === dynamodb.BillingMode.PROVISIONED ? props.provisionedCapacity : undefined;
    const deletionProtection = !applyOptOut(
      this,
      'optOuts.deletionProtection',
      props.optOuts?.deletionProtection,
      CONTROL_RULES.tableDeletionProtection,
    );
    const removalPolicy = this.resolveRemovalPolicy(props.removalPolicy, deletionProtection);
    this.warnFixedName(props.tableName, removalPolicy);
    this.encryptionKey = this.resolveEncryptionKey(props);
    const pitr = !applyOptOut(
      this,
      'optOuts.pointInTimeRecovery',
      props.optOuts?.pointInTimeRecovery,
      CONTROL_RULES.tablePointInTimeRecovery,
    );
    const inBackupPlan = resolveInBackupPlan(this, props);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: props.partitionKey,
      sortKey: props.sortKey,
      tableName: props.tableName,
      billingMode,
      readCapacity: this.provisionedCapacity?.minReadCapacity,
      writeCapacity: this.provisionedCapacity?.minWriteCapacity,
      encryption: this.encryptionKey ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.DEFAULT,
      encryptionKey: this.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pitr },
      deletionProtection,
      removalPolicy,
      timeToLiveAttribute: props.timeToLiveAttribute,
      stream: props.stream,
      tableClass: props.tableClass,
    });
    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.tableStreamArn = this.table.tableStreamArn;

    if (this.provisionedCapacity) {
      this.autoScale(this.provisionedCapacity);
    }
    if (inBackupPlan) {
      this.backupSelection = addToBackupPlan(this, this.table, this.encryptionKey, props.backupPlan);
    }
  }

  /**
   * Adds a global secondary index. On a provisioned table the index gets the table's auto-scaled capacity;
   * its own `readCapacity` and `writeCapacity` are refused. Grants made before or after include the index.
   */
  public addGlobalSecondaryIndex(props: dynamodb.GlobalSecondaryIndexProps): void {
    const prop = `addGlobalSecondaryIndex(${props.indexName})`;
    this.validateIndex(prop, props);
    if (props.readCapacity !== undefined || props.writeCapacity !== undefined) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: `${prop}.readCapacity/writeCapacity`,
        problem: 'an index cannot set its own fixed capacity: fixed capacity is provisioned without auto scaling',
        fix: `leave ${propRef('readCapacity')} and ${propRef('writeCapacity')} out; on a provisioned table the index uses the table's ${propRef('provisionedCapacity')} with auto scaling`,
      });
    }
    this.table.addGlobalSecondaryIndex({
      ...props,
      readCapacity: this.provisionedCapacity?.minReadCapacity,
      writeCapacity: this.provisionedCapacity?.minWriteCapacity,
    });
    if (this.provisionedCapacity) {
      this.autoScale(this.provisionedCapacity, props.indexName);
    }
    this.addIndexArn(props.indexName);
  }

  /**
   * Adds a local secondary index. Grants made before or after include the index.
   */
  public addLocalSecondaryIndex(props: dynamodb.LocalSecondaryIndexProps): void {
    const prop = `addLocalSecondaryIndex(${props.indexName})`;
    this.validateIndex(prop, props);
    if (!this.hasSortKey) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'sortKey',
        problem: `${propRef(prop)} needs a table with a sort key: a local secondary index only replaces the sort key`,
        fix: `give the table a ${propRef('sortKey')}, or add a global secondary index instead`,
      });
    }
    this.table.addLocalSecondaryIndex(props);
    this.addIndexArn(props.indexName);
  }

  /**
   * Lets `grantee` read items (`GetItem`, `BatchGetItem`, `Query`, `Scan`, `ConditionCheckItem`) from the
   * table and its indexes, and decrypt with the table's key through DynamoDB.
   */
  public grantReadData(grantee: iam.IGrantable): iam.Grant {
    return this.grantData(grantee, perms.READ_DATA_ACTIONS, perms.KEY_READ_ACTIONS);
  }

  /**
   * Lets `grantee` write items (`PutItem`, `UpdateItem`, `DeleteItem`, `BatchWriteItem`) to the table, and
   * use the table's key for that through DynamoDB.
   */
  public grantWriteData(grantee: iam.IGrantable): iam.Grant {
    return this.grantData(grantee, perms.WRITE_DATA_ACTIONS, perms.KEY_WRITE_ACTIONS);
  }

  /**
   * Lets `grantee` read and write items: `grantReadData` and `grantWriteData` together.
   */
  public grantReadWriteData(grantee: iam.IGrantable): iam.Grant {
    return this.grantData(
      grantee,
      [...perms.READ_DATA_ACTIONS, ...perms.WRITE_DATA_ACTIONS],
      [...new Set([...perms.KEY_READ_ACTIONS, ...perms.KEY_WRITE_ACTIONS])],
    );
  }

  /**
   * Lets `grantee` perform `actions` on the table and its indexes. When the table has a customer-managed
   * key, `grantee` may also decrypt with it through DynamoDB (and encrypt, when an action writes items),
   * since no item can be read or written without that.
   *
   * @param grantee the principal
   * @param actions the DynamoDB actions, for example `dynamodb:GetItem`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    validateGrantActions(this, actions, {
      service: 'DynamoDB',
      prefix: 'dynamodb',
      example: 'dynamodb:GetItem',
      grantMethods: ['grantReadData', 'grantWriteData', 'grantReadWriteData'],
      resources: 'this table and its indexes',
    });
    return this.grantData(grantee, actions, perms.keyActionsFor(actions));
  }

  private grantData(grantee: iam.IGrantable, tableActions: string[], keyActions: string[]): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: tableActions,
      resourceArns: [this.tableArn, ...this.indexArns],
    });
    this.dataStatements.push(...grant.principalStatements);
    if (!this.encryptionKey) {
      return grant;
    }
    return grant.combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: keyActions,
        resourceArns: [this.encryptionKey.keyArn],
        conditions: perms.viaDynamoDb(Stack.of(this).region),
      }),
    );
  }

  /** Checks an index's name (literal, well-formed, not taken) and key attribute names. */
  private validateIndex(
    prop: string,
    props: dynamodb.GlobalSecondaryIndexProps | dynamodb.LocalSecondaryIndexProps,
  ): void {
    const indexName = props.indexName;
    if (Token.isUnresolved(indexName)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: `${prop}.indexName`,
        problem: 'the index name is an unresolved token, so grants cannot name the exact index ARN',
        fix: 'give the index a literal name',
      });
    }
    validateName(this, `${prop}.indexName`, indexName, TABLE_OR_INDEX_NAME);
    if (this.indexNames.has(indexName)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: `${prop}.indexName`,
        problem: `the table already has an index named '${indexName}'`,
        fix: 'give each index of the table its own name',
      });
    }
    const partitionKey = (props as dynamodb.GlobalSecondaryIndexProps).partitionKey;
    if (partitionKey) {
      this.validateAttributeName(`${prop}.partitionKey.name`, partitionKey.name);
    }
    if (props.sortKey) {
      this.validateAttributeName(`${prop}.sortKey.name`, props.sortKey.name);
    }
    if (partitionKey && props.sortKey && partitionKey.name === props.sortKey.name) {
      throw this.sameKeyError(`${prop}.sortKey`, `${prop}.partitionKey`);
    }
  }

  /** Checks the table's key attribute names: given, not blank, and not the same attribute twice. */
  private validateKeys(props: EncryptedTableProps): void {
    this.validateAttributeName('partitionKey.name', props.partitionKey?.name);
    if (props.sortKey) {
      this.validateAttributeName('sortKey.name', props.sortKey.name);
      if (props.partitionKey && props.sortKey.name === props.partitionKey.name) {
        throw this.sameKeyError('sortKey', 'partitionKey');
      }
    }
  }

  private sameKeyError(sortKeyProp: string, partitionKeyProp: string): SecureConfigError {
    return new SecureConfigError(this, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: sortKeyProp,
      problem: `the sort key is the same attribute as ${propRef(partitionKeyProp)}, which DynamoDB rejects`,
      fix: `give ${propRef(sortKeyProp)} an attribute of its own, or leave it out`,
    });
  }

  /** Checks an attribute name: not blank and at most 255 characters. */
  private validateAttributeName(prop: string, name: string | undefined): void {
    if (name === undefined) {
      if (prop === 'partitionKey.name') {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.INVALID_PROP,
          prop,
          problem: 'the table has no partition key',
          fix: `pass ${propRef("partitionKey: { name: 'pk', type: AttributeType.STRING }")}`,
        });
      }
      return;
    }
    validateName(this, prop, name, {
      pattern: /^[\s\S]+$/,
      characters: 'any characters',
      minLength: 1,
      maxLength: MAX_KEY_ATTRIBUTE_NAME,
    });
  }

  private addIndexArn(indexName: string): void {
    this.indexNames.add(indexName);
    const indexArn = `${this.tableArn}/index/${indexName}`;
    this.indexArns.push(indexArn);
    for (const statement of this.dataStatements) {
      statement.addResources(indexArn);
    }
  }

  private resolveBillingMode(props: EncryptedTableProps): dynamodb.BillingMode {
    const billingMode =
      props.billingMode ??
      (props.provisionedCapacity ? dynamodb.BillingMode.PROVISIONED : dynamodb.BillingMode.PAY_PER_REQUEST);
    if (billingMode === dynamodb.BillingMode.PAY_PER_REQUEST && props.provisionedCapacity) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'provisionedCapacity',
        problem: 'provisioned capacity is given for a PAY_PER_REQUEST table',
        fix: `remove ${propRef('billingMode')} (or set it to PROVISIONED) to use ${propRef('provisionedCapacity')}, or remove ${propRef('provisionedCapacity')}`,
      });
    }
    if (billingMode === dynamodb.BillingMode.PROVISIONED) {
      const capacity = props.provisionedCapacity;
      if (!capacity) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.INVALID_PROP,
          prop: 'provisionedCapacity',
          problem: `${propRef('billingMode')} is PROVISIONED but no auto-scaled capacity is given; provisioned capacity without auto scaling throttles under load (HIPAA/NIST DynamoDBAutoScalingEnabled)`,
          fix: `pass ${propRef('provisionedCapacity: { minReadCapacity, maxReadCapacity, minWriteCapacity, maxWriteCapacity }')}, or leave ${propRef('billingMode')} out for on-demand billing`,
        });
      }
      this.validateCapacity(capacity);
    }
    return billingMode;
  }

  private validateCapacity(capacity: AutoScaledCapacity): void {
    const p = 'provisionedCapacity';
    validateIntegerInRange(this, `${p}.minReadCapacity`, capacity.minReadCapacity, 1, MAX_CAPACITY_UNITS);
    validateIntegerInRange(this, `${p}.maxReadCapacity`, capacity.maxReadCapacity, 1, MAX_CAPACITY_UNITS);
    validateIntegerInRange(this, `${p}.minWriteCapacity`, capacity.minWriteCapacity, 1, MAX_CAPACITY_UNITS);
    validateIntegerInRange(this, `${p}.maxWriteCapacity`, capacity.maxWriteCapacity, 1, MAX_CAPACITY_UNITS);
    validateOrdered(
      this,
      `${p}.minReadCapacity`,
      capacity.minReadCapacity,
      `${p}.maxReadCapacity`,
      capacity.maxReadCapacity,
    );
    validateOrdered(
      this,
      `${p}.minWriteCapacity`,
      capacity.minWriteCapacity,
      `${p}.maxWriteCapacity`,
      capacity.maxWriteCapacity,
    );
    requireLiteral(
      this,
      `${p}.targetUtilizationPercent`,
      capacity.targetUtilizationPercent,
      "aws-cdk-lib checks the target utilization of DynamoDB auto scaling at synth and cannot read a token's value",
      `give ${propRef(`${p}.targetUtilizationPercent`)} a literal integer from 20 to 90`,
    );
    validateIntegerInRange(this, `${p}.targetUtilizationPercent`, capacity.targetUtilizationPercent, 20, 90);
  }

  /**
   * A retained table with a fixed name survives a failed first create, and the retry then fails with "already
   * exists": warn, so the user can leave the name to CloudFormation.
   */
  private warnFixedName(tableName: string | undefined, removalPolicy: RemovalPolicy): void {
    if (tableName === undefined || Token.isUnresolved(tableName) || removalPolicy !== RemovalPolicy.RETAIN) {
      return;
    }
    Annotations.of(this).addWarningV2(
      'cdk-secure-serverless:retainedFixedName:tableName',
      `${this.node.path}: prop ${propLabel('tableName')} is fixed and the table is retained, so if the stack's first deploy fails, the table stays and the retry fails with "${tableName} already exists". Fix: leave ${propRef('tableName')} out (CloudFormation then generates a new name on each attempt), or delete the kept table (turn its deletion protection off first) before retrying`,
    );
  }

  private resolveRemovalPolicy(policy: RemovalPolicy | undefined, deletionProtection: boolean): RemovalPolicy {
    // RETAIN, not RETAIN_ON_UPDATE_OR_DELETE: DynamoDB refuses DeleteTable while deletion protection is on, so
    // a rollback that tried to delete the table would fail (ROLLBACK_FAILED). A table kept after a failed
    // first create only collides with the retry when it has a fixed tableName: see warnFixedName.
    const removalPolicy = policy ?? RemovalPolicy.RETAIN;
    if (removalPolicy === RemovalPolicy.SNAPSHOT) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'removalPolicy',
        problem: 'DynamoDB tables do not support RemovalPolicy.SNAPSHOT',
        fix: 'keep the default RETAIN (the backup plan and point-in-time recovery keep the data recoverable)',
      });
    }
    const retained =
      removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    if (!retained && deletionProtection) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'removalPolicy',
        problem: `${removalPolicy} deletes the table and its data with the stack, which deletion protection exists to prevent`,
        fix: `keep the default RETAIN, or set ${propRef("optOuts.deletionProtection: { reason: '...' }")} to allow deletion`,
      });
    }
    return removalPolicy;
  }

  private resolveEncryptionKey(props: EncryptedTableProps): kms.IKey | undefined {
    const optedOut = applyOptOut(
      this,
      'optOuts.customerManagedKey',
      props.optOuts?.customerManagedKey,
      CONTROL_RULES.tableCustomerManagedKey,
    );
    if (optedOut && props.encryptionKey) {
      throw conflictWithOptOut(this, 'encryptionKey', 'a key is', 'optOuts.customerManagedKey');
    }
    return optedOut ? undefined : (props.encryptionKey ?? StackDefaults.of(this).dataKey);
  }

  private autoScale(capacity: AutoScaledCapacity, indexName?: string): void {
    const targetUtilizationPercent = capacity.targetUtilizationPercent ?? DEFAULT_TARGET_UTILIZATION;
    const read = { minCapacity: capacity.minReadCapacity, maxCapacity: capacity.maxReadCapacity };
    const write = { minCapacity: capacity.minWriteCapacity, maxCapacity: capacity.maxWriteCapacity };
    const scalings = indexName
      ? [
          this.table.autoScaleGlobalSecondaryIndexReadCapacity(indexName, read),
          this.table.autoScaleGlobalSecondaryIndexWriteCapacity(indexName, write),
        ]
      : [this.table.autoScaleReadCapacity(read), this.table.autoScaleWriteCapacity(write)];
    for (const scaling of scalings) {
      scaling.scaleOnUtilization({ targetUtilizationPercent });
    }
  }
}
