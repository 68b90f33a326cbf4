import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { snsDisplayName } from './aws-text';
import { CONTROL_RULES } from './controls';
import { SecureConfigError, SecureErrorCode } from './errors';
import { createSecureKey } from './keys';
import { ManagedPolicyRole } from './managed-policy-role';
import { acknowledgeException, applyOptOut, conflictWithOptOut, OptOut, validateOptOut } from './opt-out';
import { propRef } from './prop-names';
import { sourceConditions } from './source-conditions';
import { STAR_ONLY_ACTIONS } from './star-only-actions';
import { provideStarOnlyPolicy } from './star-only-policy';
import { validateIntegerInRange } from './validate';

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

/** What each function of a stack reserves unless the stack or the function says otherwise. */
const DEFAULT_RESERVED_CONCURRENCY = 10;

/** What CloudWatch Logs' log delivery (WAF logging, for one) does in a log group it delivers to. */
const LOG_DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * Opt-outs of controls that apply to every function of a stack.
 */
export interface StackDefaultsOptOuts {
  /**
   * Reserve no concurrency for any function of the stack (the isolated network's helper included), for
   * accounts whose Lambda concurrency quota is still the default of new accounts (10): Lambda refuses any
   * reservation that would leave fewer than 10 unreserved executions. A function's own
   * `reservedConcurrentExecutions` still reserves. Recorded on each function with the reason.
   *
   * @default - every function reserves `reservedConcurrentExecutions`
   */
  readonly concurrencyLimit?: OptOut;
}

/**
 * Stack-wide settings of {@link StackDefaults}, given once with `StackDefaults.configure`.
 */
export interface StackDefaultsProps {
  /**
   * The reserved concurrency of every SecureFunction of the stack that sets none of its own, at least 1. The
   * isolated network's helper reserves 2, or this amount when it is smaller.
   *
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * Explicit opt-outs of stack-wide controls, each with a reason.
   *
   * @default - every control is on
   */
  readonly optOuts?: StackDefaultsOptOuts;
}

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
    return existing instanceof StackDefaults ? existing : new StackDefaults(stack, DEFAULTS_ID, {});
  }

  /**
   * Sets the stack-wide settings of the stack that contains `scope`, for example a smaller reserved
   * concurrency for an account whose Lambda concurrency quota is low. Call it once per stack, before the
   * first construct of this library is added to the stack: the settings decide what those constructs create.
   *
   * @example
   * declare const stack: Stack;
   * StackDefaults.configure(stack, { reservedConcurrentExecutions: 2 });
   */
  public static configure(scope: IConstruct, props: StackDefaultsProps = {}): StackDefaults {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(DEFAULTS_ID);
    if (existing instanceof StackDefaults) {
      throw new SecureConfigError(stack, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'StackDefaults.configure',
        problem: existing.configured
          ? "the stack's defaults are already configured, and a second configuration would change what earlier constructs were built with"
          : "the stack's defaults are already in use by a construct of this library, which was built with the default settings",
        fix: `call ${propRef('StackDefaults.configure')} once per stack, before adding the first SecureFunction, SecureApi, EncryptedTable or IsolatedNetwork`,
      });
    }
    validateProps(stack, props);
    return new StackDefaults(stack, DEFAULTS_ID, props, true);
  }

  private _dataKey?: kms.Key;
  private _logsKey?: kms.Key;
  private _environmentKey?: kms.Key;
  private _messagingKey?: kms.Key;
  private _alarmTopic?: sns.Topic;
  private _starOnlyPolicy?: iam.ManagedPolicy;
  private _deadLetterTopic?: sns.Topic;
  private _backupPlan?: backup.BackupPlan;
  private _backupRole?: ManagedPolicyRole;
  private _logDeliveryPolicy?: logs.ResourcePolicy;
  private logDeliveryStatement?: iam.PolicyStatement;
  private readonly logDeliveryGroups: logs.ILogGroup[] = [];
  private readonly configured: boolean;
  private readonly reservedConcurrency: number;
  private readonly concurrencyOptOut?: OptOut;

  private constructor(scope: Stack, id: string, props: StackDefaultsProps, configured = false) {
    super(scope, id);
    this.configured = configured;
    this.concurrencyOptOut = props.optOuts?.concurrencyLimit;
    this.reservedConcurrency = props.reservedConcurrentExecutions ?? DEFAULT_RESERVED_CONCURRENCY;
  }

  /**
   * The reserved concurrency of a function of the stack that sets none of its own: the stack's amount, or
   * `undefined` under the stack's `optOuts.concurrencyLimit`, which is then recorded on `fn` with its reason.
   *
   * @param fn the construct that owns the function
   * @param atMost the most the function needs, when it needs less than the stack's amount
   */
  public reservedConcurrencyFor(fn: IConstruct, atMost?: number): number | undefined {
    if (this.concurrencyOptOut) {
      applyOptOut(
        fn,
        'StackDefaults.optOuts.concurrencyLimit',
        this.concurrencyOptOut,
        CONTROL_RULES.functionConcurrencyLimit,
      );
      return undefined;
    }
    return atMost === undefined ? this.reservedConcurrency : Math.min(atMost, this.reservedConcurrency);
  }

  /**
   * The stack's key for data at rest: DynamoDB tables and their backups, Step Functions state machines.
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
          conditions: sourceConditions(this, this.alarmArnPattern()),
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
    if (!this._alarmTopic) {
      const topic = new sns.Topic(this, 'AlarmTopic', {
        displayName: snsDisplayName(`Alarms of ${Stack.of(this).stackName}`),
        masterKey: this.messagingKey,
        enforceSSL: true,
      });
      // The topic policy that enforceSSL creates replaces SNS's default policy, so CloudWatch alarms may only
      // publish if a statement allows them: exactly the CloudWatch service, on behalf of this account's
      // alarms in this region (confused-deputy protection).
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsOfThisAccount',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: sourceConditions(this, this.alarmArnPattern()),
        }),
      );
      this._alarmTopic = topic;
    }
    return this._alarmTopic;
  }

  /**
   * The stack's dead-letter topic for failed asynchronous Lambda invocations: encrypted with the messaging key,
   * TLS only. (An SNS topic rather than an SQS queue: a dead-letter queue would itself need a redrive target.)
   * Lambda publishes with each function's own role, so the topic policy allows no service.
   */
  public get deadLetterTopic(): sns.ITopic {
    this._deadLetterTopic ??= new sns.Topic(this, 'DeadLetterTopic', {
      displayName: snsDisplayName(`Failed asynchronous invocations in ${Stack.of(this).stackName}`),
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
      // The vault's name is derived from its path, so it is the same on every attempt: a vault kept after a
      // failed first create would make the retry fail with "already exists". RETAIN_ON_UPDATE_OR_DELETE
      // (RetainExceptOnCreate) lets CloudFormation delete it when the stack's first create rolls back.
      const backupVault = new backup.BackupVault(this, 'BackupVault', {
        encryptionKey: this.dataKey,
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      this._backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
        backupVault,
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

  /**
   * Lets CloudWatch Logs' log delivery (`delivery.logs.amazonaws.com`, which writes WAF logs) create streams
   * in and write to `logGroup`, on behalf of this account's resources in this region, and returns the
   * account-level resource policy that says so: one per stack, listing every log group of the stack that a
   * service delivers to. Without it, WAF would add an `AWSWAF-LOGS` resource policy of its own outside the
   * stack.
   */
  public allowLogDelivery(logGroup: logs.ILogGroup): logs.ResourcePolicy {
    const stack = Stack.of(this);
    if (!this._logDeliveryPolicy) {
      this.logDeliveryStatement = new iam.PolicyStatement({
        sid: 'AllowLogDeliveryOfThisAccount',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: LOG_DELIVERY_ACTIONS,
        conditions: sourceConditions(
          this,
          stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        ),
      });
      this._logDeliveryPolicy = new logs.ResourcePolicy(this, 'LogDeliveryPolicy', {
        resourcePolicyName: `${stack.stackName}-LogDelivery`,
        policyStatements: [this.logDeliveryStatement],
      });
    }
    if (!this.logDeliveryGroups.includes(logGroup)) {
      this.logDeliveryGroups.push(logGroup);
      // The log group's Arn attribute ends in `:*`; the streams are `log-group:<name>:log-stream:<stream>`.
      this.logDeliveryStatement!.addResources(
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${logGroup.logGroupName}:log-stream:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      );
    }
    return this._logDeliveryPolicy;
  }

  /** `arn:<partition>:cloudwatch:<region>:<account>:alarm:*`: every alarm of this account in this region. */
  private alarmArnPattern(): string {
    return Stack.of(this).formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

// Every ManagedPolicyRole of a stack, this module's backup role included, routes star-only statements here.
provideStarOnlyPolicy((role) => StackDefaults.of(role).attachStarOnlyPolicy(role));

/** Checks the props of `StackDefaults.configure`; errors name the stack. */
function validateProps(stack: Stack, props: StackDefaultsProps): void {
  const optOut = props.optOuts?.concurrencyLimit;
  validateOptOut(stack, 'optOuts.concurrencyLimit', optOut);
  if (optOut !== undefined && props.reservedConcurrentExecutions !== undefined) {
    throw conflictWithOptOut(
      stack,
      'reservedConcurrentExecutions',
      'a concurrency limit is',
      'optOuts.concurrencyLimit',
    );
  }
  validateIntegerInRange(
    stack,
    'reservedConcurrentExecutions',
    props.reservedConcurrentExecutions,
    1,
    10_000,
    `set ${propRef('reservedConcurrentExecutions')} to at least 1 (0 would throttle every invocation), or set ${propRef('optOuts.concurrencyLimit')} with a reason`,
  );
}
