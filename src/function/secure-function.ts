import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, Node } from 'constructs';
import { SecureFunctionProps } from './secure-function-props';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { grantExecutionPermissions } from '../core/execution-permissions';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { applyOptOut, conflictWithOptOut, OptOut } from '../core/opt-out';
import { latestNodeRuntime, latestOfFamily, runtimeConstantName } from '../core/runtime';
import { detectSecret } from '../core/secret-detection';
import { StackDefaults } from '../core/stack-defaults';
import { validateIntegerInRange } from '../core/validate';
import { IsolatedNetwork } from '../network/isolated-network';

const DEFAULT_MEMORY_MIB = 512;
const DEFAULT_TIMEOUT = Duration.seconds(30);
const MAX_TIMEOUT = Duration.minutes(15);
const DEFAULT_RESERVED_CONCURRENCY = 10;
/** The duration alarm fires when the p99 duration reaches this share of the timeout. */
const DURATION_ALARM_SHARE = 0.8;

/** Where the function runs. */
interface Placement {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Public subnets were selected, with `optOuts.publicSubnet`. */
  readonly publicSubnetOptOut?: boolean;
  /** The shared network and the security group this function created in it, when it uses them. */
  readonly network?: IsolatedNetwork;
  readonly ownSecurityGroup?: ec2.SecurityGroup;
}

/**
 * A Lambda function that runs in isolated subnets under its own least-privilege role, with encrypted
 * environment and logs, active tracing, a dead-letter topic, reserved concurrency, the latest runtime,
 * secrets by reference, and alarms. It is a real `lambda.IFunction`: grants, integrations, event sources and
 * metrics of aws-cdk-lib work unchanged, and every permission they add lands in a customer-managed policy.
 *
 * @example
 * const fn = new SecureFunction(this, 'Handler', {
 *   code: lambda.Code.fromAsset('dist/handler'),
 *   handler: 'index.handler',
 *   secrets: { DB_SECRET_ARN: FunctionSecret.fromSecret(dbSecret) },
 * });
 * orders.grantReadWriteData(fn);
 */
export class SecureFunction extends lambda.FunctionBase {
  /** The underlying aws-cdk-lib function. */
  public readonly function: lambda.Function;
  public readonly functionName: string;
  public readonly functionArn: string;
  /**
   * The function's own role; every permission it gets lands in customer-managed policies. Always defined
   * (optional only because `lambda.FunctionBase` declares it so).
   */
  public readonly role?: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly permissionsNode: Node;
  public readonly architecture: lambda.Architecture;
  public readonly tenancyConfig?: lambda.TenancyConfig;
  public readonly resourceArnsForGrantInvoke: string[];
  /** The function's log group: encrypted, with retention. */
  public readonly logGroup: logs.ILogGroup;
  /**
   * The topic that receives failed asynchronous invocations.
   *
   * @default - undefined when `optOuts.deadLetter` is set
   */
  public readonly deadLetterTopic?: sns.ITopic;
  /** The alarms on errors, throttles and duration near the timeout. */
  public readonly alarms: cloudwatch.Alarm[];
  protected readonly canCreatePermissions = true;
  private readonly plaintextOptOuts: { [name: string]: OptOut };

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    const defaults = StackDefaults.of(this);
    this.plaintextOptOuts = props.optOuts?.plaintextEnvironmentVariables ?? {};
    const runtime = this.resolveRuntime(props.runtime, props.optOuts?.latestRuntime);
    const timeout = this.resolveTimeout(props.timeout);
    validateIntegerInRange(this, 'memorySize', props.memorySize, 128, 10_240);
    const reservedConcurrentExecutions = this.resolveConcurrency(props);
    const placement = this.resolvePlacement(props);
    this.validateEnvironment(props.environment ?? {});
    this.connectInterfaceEndpoints(placement, props);

    const role = new ManagedPolicyRole(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup = createEncryptedLogGroup(this, 'LogGroup', defaults.logsKey, props.logRetention, 'logRetention');
    this.deadLetterTopic = applyOptOut(
      this,
      'optOuts.deadLetter',
      props.optOuts?.deadLetter,
      CONTROL_RULES.functionDeadLetter,
    )
      ? undefined
      : (props.deadLetterTopic ?? defaults.deadLetterTopic);
    const environmentKey = props.environmentEncryptionKey ?? defaults.environmentKey;

    this.function = new lambda.Function(this, 'Function', {
      code: props.code,
      handler: props.handler,
      runtime,
      description: props.description,
      functionName: props.functionName,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MIB,
      timeout,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      deadLetterTopic: this.deadLetterTopic,
      reservedConcurrentExecutions,
      vpc: placement?.vpc,
      vpcSubnets: placement?.subnets,
      allowPublicSubnet: placement?.publicSubnetOptOut,
      securityGroups: placement?.securityGroups,
      environment: props.environment,
      environmentEncryption: environmentKey,
      recursiveLoop: lambda.RecursiveLoop.TERMINATE,
      codeSigningConfig: this.createCodeSigningConfig(props),
      layers: props.layers,
    });

    this.role = role;
    this.grantPrincipal = role;
    this.functionName = this.function.functionName;
    this.functionArn = this.function.functionArn;
    this.permissionsNode = this.function.node;
    this.architecture = this.function.architecture;
    this.resourceArnsForGrantInvoke = this.function.resourceArnsForGrantInvoke;
    if (placement) {
      this._connections = this.function.connections;
    }

    grantExecutionPermissions(this.function, role, {
      logGroup: this.logGroup,
      deadLetterTopic: this.deadLetterTopic,
      environmentKey,
      inVpc: placement !== undefined,
    });
    for (const [name, secret] of Object.entries(props.secrets ?? {})) {
      this.function.addEnvironment(name, secret._bind(role));
    }
    this.alarms = this.createAlarms(timeout, props.alarmTopic ?? defaults.alarmTopic);
  }

  /**
   * Adds an environment variable. A name or value that looks like a secret is refused: use the `secrets` prop.
   */
  public addEnvironment(key: string, value: string): SecureFunction {
    this.validateEnvironment({ [key]: value });
    this.function.addEnvironment(key, value);
    return this;
  }

  /**
   * Adds a function URL. Only `FunctionUrlAuthType.AWS_IAM` is accepted: a URL without authentication makes
   * the function public.
   */
  public addFunctionUrl(options: lambda.FunctionUrlOptions = {}): lambda.FunctionUrl {
    if (options.authType !== undefined && options.authType !== lambda.FunctionUrlAuthType.AWS_IAM) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'addFunctionUrl.authType',
        problem: `${options.authType} lets anyone on the internet invoke the function`,
        fix: 'use FunctionUrlAuthType.AWS_IAM (the default here), or put the function behind a SecureApi',
      });
    }
    return this.function.addFunctionUrl({ ...options, authType: lambda.FunctionUrlAuthType.AWS_IAM });
  }

  /**
   * Adds a resource-based permission. Invoke permissions for API Gateway are narrowed and merged: each gets
   * `SourceAccount` when the stack's account is known (AWS Control Tower CT.LAMBDA.PR.2), and the per-method
   * permissions `LambdaIntegration` asks for become one permission per API, scoped to that API's execution
   * ARN (which also covers the console's test invocations).
   */
  public addPermission(id: string, permission: lambda.Permission): void {
    if (!isApiGatewayPrincipal(permission.principal)) {
      super.addPermission(id, permission);
      return;
    }
    const account = Stack.of(this).account;
    const sourceAccount = permission.sourceAccount ?? (Token.isUnresolved(account) ? undefined : account);
    const method = permission.scope instanceof apigateway.Method ? permission.scope : undefined;
    if (!method) {
      super.addPermission(id, { ...permission, sourceAccount });
      return;
    }
    const apiScopedId = `ApiPermission.${Names.nodeUniqueId(method.api.node)}`;
    if (!this.node.tryFindChild(apiScopedId)) {
      super.addPermission(apiScopedId, {
        ...permission,
        scope: this,
        sourceAccount,
        sourceArn: method.api.arnForExecuteApi(),
      });
    }
  }

  /** @internal */
  public _functionNode(): Node {
    return this.function.node;
  }

  private resolveRuntime(runtime: lambda.Runtime | undefined, optOut: OptOut | undefined): lambda.Runtime {
    const optedOut = applyOptOut(this, 'optOuts.latestRuntime', optOut, CONTROL_RULES.functionLatestRuntime);
    const chosen = runtime ?? latestNodeRuntime();
    const latest = latestOfFamily(chosen);
    if (latest && latest.name !== chosen.name && !optedOut) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'runtime',
        problem: `${chosen.name} is not the latest runtime of its family (${latest.name}); older runtimes stop receiving security patches first`,
        fix: `use Runtime.${runtimeConstantName(latest)} (or leave runtime out), or set optOuts.latestRuntime with a reason`,
      });
    }
    return chosen;
  }

  private resolveTimeout(timeout: Duration | undefined): Duration {
    const resolved = timeout ?? DEFAULT_TIMEOUT;
    if (
      !resolved.isUnresolved() &&
      (resolved.toMilliseconds() > MAX_TIMEOUT.toMilliseconds() || resolved.toMilliseconds() < 1000)
    ) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'timeout',
        problem: `${resolved.toHumanString()} is outside Lambda's range of 1 second to 15 minutes`,
        fix: 'set timeout to at most Duration.minutes(15); move longer work to Step Functions or a queue',
      });
    }
    return resolved;
  }

  private resolveConcurrency(props: SecureFunctionProps): number | undefined {
    const optedOut = applyOptOut(
      this,
      'optOuts.concurrencyLimit',
      props.optOuts?.concurrencyLimit,
      CONTROL_RULES.functionConcurrencyLimit,
    );
    if (optedOut) {
      if (props.reservedConcurrentExecutions !== undefined) {
        throw conflictWithOptOut(
          this,
          'reservedConcurrentExecutions',
          'a concurrency limit is',
          'optOuts.concurrencyLimit',
        );
      }
      return undefined;
    }
    validateIntegerInRange(
      this,
      'reservedConcurrentExecutions',
      props.reservedConcurrentExecutions,
      1,
      10_000,
      'set reservedConcurrentExecutions to at least 1 (0 would throttle every invocation), or set optOuts.concurrencyLimit with a reason',
    );
    return props.reservedConcurrentExecutions ?? DEFAULT_RESERVED_CONCURRENCY;
  }

  private resolvePlacement(props: SecureFunctionProps): Placement | undefined {
    if (applyOptOut(this, 'optOuts.vpc', props.optOuts?.vpc, CONTROL_RULES.functionVpc)) {
      if (props.vpc || props.vpcSubnets || props.securityGroups) {
        throw conflictWithOptOut(this, 'vpc', 'VPC settings are', 'optOuts.vpc');
      }
      return undefined;
    }
    if (!props.vpc) {
      if (props.vpcSubnets) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.CONFLICTING_PROPS,
          prop: 'vpcSubnets',
          problem: 'subnets are selected without a vpc',
          fix: 'pass the vpc the subnets belong to, or remove vpcSubnets to use the shared isolated network',
        });
      }
      const network = IsolatedNetwork.of(this);
      const ownSecurityGroup = props.securityGroups ? undefined : this.createSecurityGroup(network);
      return {
        vpc: network.vpc,
        subnets: network.subnets,
        securityGroups: props.securityGroups ?? [ownSecurityGroup!],
        network,
        ownSecurityGroup,
      };
    }
    const subnets = props.vpcSubnets ?? this.defaultSubnets(props.vpc);
    const selected = this.selectSubnets(props.vpc, subnets);
    const publicAllowed = applyOptOut(
      this,
      'optOuts.publicSubnet',
      props.optOuts?.publicSubnet,
      CONTROL_RULES.functionPublicSubnet,
    );
    if (selected.hasPublic && !publicAllowed) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'vpcSubnets',
        problem: 'the selection includes public subnets, which route to the internet',
        fix: 'select PRIVATE_ISOLATED or PRIVATE_WITH_EGRESS subnets, or set optOuts.publicSubnet with a reason',
      });
    }
    if (!props.securityGroups) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'securityGroups',
        problem:
          'a VPC of your own needs your security groups: only you know which endpoints and peers the function must reach',
        fix: 'pass securityGroups that allow egress only to what the function needs, or leave vpc out to use the shared isolated network',
      });
    }
    return { vpc: props.vpc, subnets, securityGroups: props.securityGroups, publicSubnetOptOut: selected.hasPublic };
  }

  private defaultSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
    return vpc.isolatedSubnets.length > 0
      ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
      : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  }

  private selectSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection): ec2.SelectedSubnets {
    const noSubnets = (detail: string) =>
      new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'vpc',
        problem: `the VPC has no isolated or private subnets to run in (${detail})`,
        fix: 'add PRIVATE_ISOLATED subnets to the VPC, select subnets with vpcSubnets, or leave vpc out to use the shared isolated network',
      });
    let selected: ec2.SelectedSubnets;
    try {
      selected = vpc.selectSubnets(selection);
    } catch (error) {
      throw noSubnets((error as Error).message);
    }
    if (selected.subnets.length === 0) {
      throw noSubnets('the selection is empty');
    }
    return selected;
  }

  /** Gives the function's security group HTTPS to the interface endpoints it needs, created on demand. */
  private connectInterfaceEndpoints(placement: Placement | undefined, props: SecureFunctionProps): void {
    const services = [
      ...(props.interfaceEndpoints ?? []),
      ...Object.values(props.secrets ?? {}).map((secret) => secret.endpointService),
    ];
    if (props.interfaceEndpoints && props.interfaceEndpoints.length > 0 && !placement?.ownSecurityGroup) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'interfaceEndpoints',
        problem:
          'interface endpoints are only managed for functions in the shared isolated network with their own security group',
        fix: 'create the endpoints in your VPC and allow your securityGroups to reach them, or leave vpc and securityGroups out',
      });
    }
    if (!placement?.network || !placement.ownSecurityGroup) {
      return;
    }
    for (const service of new Set(services)) {
      placement.network.allowInterfaceEndpoint(placement.ownSecurityGroup, service);
    }
  }

  private createSecurityGroup(network: IsolatedNetwork): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: `${this.node.path}: egress only to the network's endpoints`,
      allowAllOutbound: false,
    });
    network.allowGatewayEndpoints(securityGroup);
    return securityGroup;
  }

  private validateEnvironment(environment: { [name: string]: string }): void {
    for (const [name, value] of Object.entries(environment)) {
      const finding = detectSecret(name, value);
      const accepted = applyOptOut(
        this,
        `optOuts.plaintextEnvironmentVariables.${name}`,
        this.plaintextOptOuts[name],
        CONTROL_RULES.functionNoPlaintextSecret,
      );
      if (finding && !accepted) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
          prop: `environment.${name}`,
          problem: `the variable looks like a plaintext secret (${finding.why}); environment variables are readable by anyone who can read the function's configuration`,
          fix: `store the value in Secrets Manager or an SSM SecureString parameter and pass it as secrets: { ${name}: FunctionSecret.fromSecret(secret) }, or, if it is not a secret, name it in optOuts.plaintextEnvironmentVariables with a reason`,
        });
      }
    }
  }

  private createCodeSigningConfig(props: SecureFunctionProps): lambda.ICodeSigningConfig | undefined {
    if (!props.signingProfiles || props.signingProfiles.length === 0) {
      return undefined;
    }
    return new lambda.CodeSigningConfig(this, 'CodeSigningConfig', {
      signingProfiles: props.signingProfiles,
      untrustedArtifactOnDeployment: lambda.UntrustedArtifactOnDeployment.ENFORCE,
    });
  }

  private createAlarms(timeout: Duration, topic: sns.ITopic): cloudwatch.Alarm[] {
    const period = Duration.minutes(5);
    const alarms = [
      this.function.metricErrors({ period }).createAlarm(this, 'ErrorsAlarm', {
        alarmDescription: `${this.node.path} reported errors`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      this.function.metricThrottles({ period }).createAlarm(this, 'ThrottlesAlarm', {
        alarmDescription: `${this.node.path} was throttled (reserved concurrency reached)`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      this.function.metricDuration({ period, statistic: 'p99' }).createAlarm(this, 'DurationAlarm', {
        alarmDescription: `${this.node.path}'s p99 duration reached ${DURATION_ALARM_SHARE * 100}% of its timeout`,
        threshold: Token.isUnresolved(timeout.toMilliseconds())
          ? timeout.toMilliseconds()
          : timeout.toMilliseconds() * DURATION_ALARM_SHARE,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    const action = new cloudwatchActions.SnsAction(topic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
    }
    return alarms;
  }
}

function isApiGatewayPrincipal(principal: iam.IPrincipal): boolean {
  return principal instanceof iam.ServicePrincipal && principal.service === 'apigateway.amazonaws.com';
}
