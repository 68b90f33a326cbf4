import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { createSecureKey } from './keys';
import { ManagedPolicyRole } from './managed-policy-role';

const DEFAULTS_ID = 'SecureServerlessDefaults';

/**
 * How long the shared backup plan keeps each daily recovery point.
 */
const BACKUP_RETENTION = Duration.days(35);

/**
 * The pieces that every construct of this library in a stack shares, created once, by the first construct
 * that needs each one: one customer-managed key per purpose and one backup plan with its vault and role.
 *
 * Sharing keeps the number of KMS keys (each a monthly fixed cost) independent of the number of constructs,
 * and puts every table of a stack in one backup plan. Every construct also accepts its own key or plan.
 *
 * @example
 * declare const stack: Stack;
 * const dataKey = StackDefaults.of(stack).dataKey;
 */
export class StackDefaults extends Construct {
  /**
   * The shared defaults of the stack that contains `scope`, created on first use.
   */
  public static of(scope: IConstruct): StackDefaults {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(DEFAULTS_ID);
    return existing instanceof StackDefaults ? existing : new StackDefaults(stack, DEFAULTS_ID);
  }

  private _dataKey?: kms.Key;
  private _backupVault?: backup.BackupVault;
  private _backupPlan?: backup.BackupPlan;
  private _backupRole?: ManagedPolicyRole;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
  }

  /**
   * The stack's key for data at rest: DynamoDB tables and their backups.
   */
  public get dataKey(): kms.IKey {
    this._dataKey ??= createSecureKey(this, 'DataKey', `Encrypts data at rest in ${Stack.of(this).stackName}`);
    return this._dataKey;
  }

  /**
   * The stack's backup plan: a daily backup kept for 35 days in a vault encrypted with the data key.
   */
  public get backupPlan(): backup.BackupPlan {
    if (!this._backupPlan) {
      this._backupVault = new backup.BackupVault(this, 'BackupVault', {
        encryptionKey: this.dataKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this._backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
        backupVault: this._backupVault,
        backupPlanRules: [
          new backup.BackupPlanRule({
            ruleName: 'Daily',
            scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
            deleteAfter: BACKUP_RETENTION,
          }),
        ],
      });
    }
    return this._backupPlan;
  }

  /**
   * The role AWS Backup assumes for the stack's backup plan. It holds no AWS-managed policy: each protected
   * resource grants it exactly the actions its backups need.
   */
  public get backupRole(): iam.IRole {
    this._backupRole ??= new ManagedPolicyRole(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'Assumed by AWS Backup to back up the resources of this stack',
    });
    return this._backupRole;
  }
}
