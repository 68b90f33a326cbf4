import { Names, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EncryptedTableProps } from './encrypted-table-props';
import * as perms from './perms';
import { CONTROL_RULES } from '../core/controls';
import { acknowledgeException, applyOptOut, conflictWithOptOut } from '../core/opt-out';
import { StackDefaults } from '../core/stack-defaults';

/**
 * Whether the table goes in a backup plan: yes, unless `optOuts.backup` is set (recorded with its reason),
 * which conflicts with `backupPlan`.
 * @internal
 */
export function resolveInBackupPlan(owner: Construct, props: EncryptedTableProps): boolean {
  const inBackupPlan = !applyOptOut(owner, 'optOuts.backup', props.optOuts?.backup, CONTROL_RULES.tableBackup);
  if (!inBackupPlan && props.backupPlan) {
    throw conflictWithOptOut(owner, 'backupPlan', 'a backup plan is', 'optOuts.backup');
  }
  return inBackupPlan;
}

/**
 * Puts `table` in `plan` (the stack's shared plan by default), with a selection `BackupSelection` of `owner`
 * whose role, the stack's backup role, gets exactly the actions the table's backups need (no AWS-managed
 * policy).
 * @internal
 */
export function addToBackupPlan(
  owner: Construct,
  table: dynamodb.Table,
  encryptionKey: kms.IKey | undefined,
  plan: backup.IBackupPlan | undefined,
): backup.BackupSelection {
  const defaults = StackDefaults.of(owner);
  const role = defaults.backupRole;
  const recoveryPoints = `${table.tableArn}/backup/*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: perms.BACKUP_TABLE_ACTIONS, resources: [table.tableArn] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: perms.BACKUP_RECOVERY_POINT_ACTIONS, resources: [recoveryPoints] }),
  );
  const keyArns = [encryptionKey, plan ? undefined : defaults.dataKey]
    .filter((key): key is kms.IKey => key !== undefined)
    .map((key) => key.keyArn);
  if (keyArns.length > 0) {
    const resources = [...new Set(keyArns)];
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: perms.BACKUP_KEY_ACTIONS, resources }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: perms.BACKUP_KEY_GRANT_ACTIONS,
        resources,
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
  }
  acknowledgeException(
    role,
    [
      `AwsSolutions-IAM5[Resource::<${Stack.of(owner).getLogicalId(table.node.defaultChild as dynamodb.CfnTable)}.Arn>/backup/*]`,
    ],
    `AWS Backup must describe and expire the recovery points of table ${owner.node.path}, whose ARNs exist only after each backup; <table ARN>/backup/* is the narrowest resource IAM allows.`,
  );
  return new backup.BackupSelection(owner, 'BackupSelection', {
    backupPlan: plan ?? defaults.backupPlan,
    resources: [backup.BackupResource.fromDynamoDbTable(table)],
    role,
    disableDefaultBackupPolicy: true,
    backupSelectionName: Names.uniqueResourceName(owner, { maxLength: 50 }),
  });
}
