import { ArnFormat, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import * as perms from './perms';
import { SecureStateMachineProps } from './secure-state-machine-props';
import { StateMachineRole } from './state-machine-role';
import { recordCreationSite } from '../compliance/creation-site';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { createEncryptedLogGroup } from '../core/log-groups';
import { applyOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, validateName } from '../core/validate';

/**
 * What Step Functions accepts as a name and CloudWatch Logs and X-Ray can show unchanged: Step Functions allows
 * more (no whitespace, brackets, wildcards or `"#%\^|~`$&,;:/`), but only ASCII letters, digits, `-` and `_` keep
 * the name usable in logs and metrics.
 */
const STATE_MACHINE_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+$/,
  characters: "letters, digits, '-' and '_'",
  minLength: 1,
  maxLength: 80,
};

/**
 * A Step Functions state machine, standard or express, that logs every event (`LogLevel.ALL`) without execution
 * data to a log group encrypted with the stack's logs key, is traced with X-Ray, is encrypted with a
 * customer-managed KMS key, and runs with a role of its own whose every permission (what its tasks need,
 * granted by aws-cdk-lib's task constructs) lands in a customer-managed policy. It is a real
 * `sfn.IStateMachine`: targets, tasks, grants and metrics of aws-cdk-lib work unchanged, and its grants to start
 * or read executions include the key permissions they need.
 *
 * @example
 * declare const handler: lambda.IFunction;
 * const workflow = new SecureStateMachine(this, 'Orders', {
 *   definitionBody: sfn.DefinitionBody.fromChainable(
 *     new tasks.LambdaInvoke(this, 'Charge', { lambdaFunction: handler }),
 *   ),
 * });
 */
export class SecureStateMachine extends Resource implements sfn.IStateMachine {
  /** The underlying aws-cdk-lib state machine. */
  public readonly stateMachine: sfn.StateMachine;
  public readonly stateMachineArn: string;
  public readonly stateMachineName: string;
  /** Standard or express. */
  public readonly stateMachineType: sfn.StateMachineType;
  /** The role Step Functions assumes to run the state machine's tasks. */
  public readonly role: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;
  /** The customer-managed key that encrypts the definition and the execution history. */
  public readonly encryptionKey: kms.IKey;
  /** The log group that receives every event of every execution. */
  public readonly logGroup: logs.ILogGroup;
  /** The state machine's ARN, built from its name: for policies that the state machine itself waits for. */
  private readonly arnOfName: string;

  constructor(scope: Construct, id: string, props: SecureStateMachineProps) {
    super(scope, id, { physicalName: props?.stateMachineName });
    recordCreationSite(this);
    if (props?.definitionBody === undefined || props.definitionBody === null) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'definitionBody',
        problem: 'no definition is given',
        fix: `pass ${propRef('definitionBody')}, for example sfn.DefinitionBody.fromChainable(task)`,
      });
    }
    validateName(this, 'stateMachineName', props.stateMachineName, STATE_MACHINE_NAME);
    this.stateMachineType = this.resolveType(props.stateMachineType);
    const includeExecutionData = applyOptOut(
      this,
      'optOuts.executionDataExclusion',
      props.optOuts?.executionDataExclusion,
      CONTROL_RULES.stateMachineExecutionDataExclusion,
    );
    this.encryptionKey = props.encryptionKey ?? StackDefaults.of(this).dataKey;
    this.logGroup = createEncryptedLogGroup(
      this,
      'LogGroup',
      StackDefaults.of(this).logsKey,
      props.logRetention,
      'logRetention',
    );
    // A name is always given: aws-cdk-lib scopes the role's key permission to the state machine's ARN built from
    // the name (an unnamed state machine would get a condition that matches no ARN), and the role's trust policy
    // and the key grants of `grantStartExecution` name that ARN without waiting for the state machine. The
    // generated name ends in the type, so that changing the type, which replaces the state machine, changes it.
    const name = props.stateMachineName ?? this.generatedName();
    this.arnOfName = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const role = new StateMachineRole(
      this,
      'Role',
      this.arnOfName,
      `Assumed by Step Functions to run ${this.node.path}`,
    );
    this.role = role;
    this.grantPrincipal = role;

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: props.definitionBody,
      stateMachineType: this.stateMachineType,
      stateMachineName: name,
      role,
      timeout: props.timeout,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData },
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(this.encryptionKey),
    });
    this.stateMachineArn = this.stateMachine.stateMachineArn;
    this.stateMachineName = this.stateMachine.stateMachineName;
  }

  public get stateMachineRef(): sfn.StateMachineReference {
    return this.stateMachine.stateMachineRef;
  }

  /**
   * Lets `identity` start executions (`states:StartExecution`). The caller needs nothing of the key: Step
   * Functions encrypts the input with the state machine's role.
   */
  public grantStartExecution(identity: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(identity);
  }

  /**
   * Lets `identity` run express executions synchronously (`states:StartSyncExecution`), and decrypt their
   * output with the key through Step Functions, for this state machine only.
   */
  public grantStartSyncExecution(identity: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartSyncExecution(identity).combine(this.grantKey(identity));
  }

  /**
   * Lets `identity` list and describe executions and read their history, and decrypt them with the key through
   * Step Functions, for this state machine only.
   */
  public grantRead(identity: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantRead(identity).combine(this.grantKey(identity));
  }

  /** Lets `identity` send task tokens back (`states:SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`). */
  public grantTaskResponse(identity: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantTaskResponse(identity);
  }

  /** Grants `actions` on this state machine's executions. */
  public grantExecution(identity: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.stateMachine.grantExecution(identity, ...actions);
  }

  /** Lets `identity` redrive failed executions (which needs nothing of the key). */
  public grantRedriveExecution(identity: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantRedriveExecution(identity);
  }

  /** Grants `actions` on this state machine. */
  public grant(identity: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.stateMachine.grant(identity, ...actions);
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metric(metricName, props);
  }

  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  public metricThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricThrottled(props);
  }

  public metricAborted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricAborted(props);
  }

  public metricSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricSucceeded(props);
  }

  public metricTimedOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTimedOut(props);
  }

  public metricStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricStarted(props);
  }

  public metricTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTime(props);
  }

  /**
   * The key permission of a principal whose answers Step Functions decrypts: on the key's ARN, through Step
   * Functions only (`kms:ViaService`, which AWS documents for callers and not for the execution role), for this
   * state machine's encryption context (the ARN built from the name, so that the grantee's policy does not wait
   * for the state machine). The grantee's own code never calls KMS, so an isolated function needs no KMS
   * endpoint for it.
   */
  private grantKey(identity: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee: identity,
      actions: perms.KEY_CALLER_ACTIONS,
      resourceArns: [this.encryptionKey.keyArn],
      conditions: {
        StringEquals: {
          'kms:EncryptionContext:aws:states:stateMachineArn': this.arnOfName,
          'kms:ViaService': `states.${Stack.of(this).region}.amazonaws.com`,
        },
      },
    });
  }

  /** The type, refusing a value that is not one of `sfn.StateMachineType`. */
  private resolveType(type: sfn.StateMachineType | undefined): sfn.StateMachineType {
    if (type === undefined) {
      return sfn.StateMachineType.STANDARD;
    }
    if (Token.isUnresolved(type) || !Object.values(sfn.StateMachineType).includes(type)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'stateMachineType',
        problem: `'${String(type)}' is not a state machine type`,
        fix: `set ${propRef('stateMachineType')} to sfn.StateMachineType.STANDARD or sfn.StateMachineType.EXPRESS`,
      });
    }
    return type;
  }

  /** A name unique in the app, from the construct's path, ending in the type (`-STANDARD`, `-EXPRESS`). */
  private generatedName(): string {
    const suffix = `-${this.stateMachineType}`;
    return `${Names.uniqueResourceName(this, { maxLength: STATE_MACHINE_NAME.maxLength - suffix.length, separator: '-' })}${suffix}`;
  }
}
