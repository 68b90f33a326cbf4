import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { createSecureKey } from './keys';
import { ManagedPolicyRole } from './managed-policy-role';
import { acknowledgeException } from './opt-out';
import { STAR_ONLY_ACTIONS } from './star-only-actions';

const DEFAULTS_ID = 'SecureServerlessDefaults';

/** What CloudWatch Logs does with a log group's key (no wildcard actions). */
const LOGS_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

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
  private _logsKey?: kms.Key;
  private _environmentKey?: kms.Key;
  private _messagingKey?: kms.Key;
  private _alarmTopic?: sns.Topic;
  private _starOnlyPolicy?: iam.ManagedPolicy;
  private _deadLetterTopic?: sns.Topic;
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
   * The stack's key for CloudWatch Logs log groups. Its policy lets the CloudWatch Logs service use it for log
   * groups of this account and region only.
   */
  public get logsKey(): kms.IKey {
    if (!this._logsKey) {
      const stack = Stack.of(this);
      this._logsKey = createSecureKey(this, 'LogsKey', `Encrypts the CloudWatch Logs log groups of ${stack.stackName}`);
      this._logsKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchLogsOfThisAccount',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: LOGS_KEY_ACTIONS,
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
            },
          },
        }),
      );
    }
    return this._logsKey;
  }

  /**
   * The stack's key for Lambda environment variables.
   */
  public get environmentKey(): kms.IKey {
    this._environmentKey ??= createSecureKey(
      this,
      'EnvironmentKey',
      `Encrypts the Lambda environment variables of ${Stack.of(this).stackName}`,
    );
    return this._environmentKey;
  }

  /**
   * The stack's key for messages at rest: SQS queues (dead-letter queues) and SNS topics. CloudWatch alarms
   * may use it to publish to the alarm topic.
   */
  public get messagingKey(): kms.IKey {
    if (!this._messagingKey) {
      this._messagingKey = createSecureKey(
        this,
        'MessagingKey',
        `Encrypts the queues and topics of ${Stack.of(this).stackName}`,
      );
      this._messagingKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }
    return this._messagingKey;
  }

  /**
   * The stack's alarm topic: an SNS topic encrypted with the messaging key that only accepts TLS, to which
   * every alarm of this library sends its actions. Subscribe your on-call tooling to it.
   */
  public get alarmTopic(): sns.ITopic {
    this._alarmTopic ??= new sns.Topic(this, 'AlarmTopic', {
      displayName: `Alarms of ${Stack.of(this).stackName}`,
      masterKey: this.messagingKey,
      enforceSSL: true,
    });
    return this._alarmTopic;
  }

  /**
   * The stack's dead-letter topic for failed asynchronous Lambda invocations: encrypted with the messaging key,
   * TLS only. (An SNS topic rather than an SQS queue: a dead-letter queue would itself need a redrive target.)
   */
  public get deadLetterTopic(): sns.ITopic {
    this._deadLetterTopic ??= new sns.Topic(this, 'DeadLetterTopic', {
      displayName: `Failed asynchronous invocations in ${Stack.of(this).stackName}`,
      masterKey: this.messagingKey,
      enforceSSL: true,
    });
    return this._deadLetterTopic;
  }

  /**
   * Attaches the stack's shared policy for actions AWS only offers on `*` (X-Ray, VPC network interfaces) to
   * `role`, creating the policy on first use, and returns it.
   */
  public attachStarOnlyPolicy(role: iam.IRole): iam.ManagedPolicy {
    if (!this._starOnlyPolicy) {
      this._starOnlyPolicy = new iam.ManagedPolicy(this, 'StarOnlyPolicy', {
        description: 'X-Ray and VPC network-interface actions, which AWS offers only on Resource "*"',
        statements: [new iam.PolicyStatement({ actions: STAR_ONLY_ACTIONS, resources: ['*'] })],
      });
      acknowledgeException(
        this._starOnlyPolicy,
        ['AwsSolutions-IAM5[Resource::*]'],
        'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and the VPC network-interface actions Lambda needs (ec2:CreateNetworkInterface and four others) support no resource narrower than "*". This policy holds only those actions.',
      );
    }
    this._starOnlyPolicy.attachToRole(role);
    return this._starOnlyPolicy;
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
