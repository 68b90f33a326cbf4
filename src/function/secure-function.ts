import { Annotations, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as signer from 'aws-cdk-lib/aws-signer';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, Node } from 'constructs';
import { FunctionBundle, resolveFunctionCode, withSourceMaps } from './bundling';
import { environmentKeyOf, FunctionEnvironment } from './environment';
import { connectInterfaceEndpoints, resolvePlacement, validatePlacementOptOuts } from './placement';
import { FunctionReachability } from './reachability';
import { SecureFunctionProps } from './secure-function-props';
import { recordCreationSite } from '../compliance/creation-site';
import { invocationRouteOf } from '../core/api-invocation';
import { iamDescription } from '../core/aws-text';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { grantExecutionPermissions } from '../core/execution-permissions';
import { createHealthAlarm, healthMetric } from '../core/health-alarm';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { applyOptOut, conflictWithOptOut, OptOut, validateOptOut } from '../core/opt-out';
import { propLabel, propRef } from '../core/prop-names';
import { latestNodeRuntime, latestOfFamily, runtimeConstantName } from '../core/runtime';
import { runtimeLifecycle, runtimeStatus } from '../core/runtime-lifecycle';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, validateIntegerInRange, validateLogRetention, validateName } from '../core/validate';

const DEFAULT_MEMORY_MIB = 512;
const DEFAULT_TIMEOUT = Duration.seconds(30);
const MAX_TIMEOUT = Duration.minutes(15);
/** The duration alarm fires when the p99 duration reaches this share of the timeout. */
const DURATION_ALARM_SHARE = 0.8;
/** Lambda's limit on layers per function. */
const MAX_LAYERS = 5;
/** What Lambda accepts as a function name (without a version or alias). */
const FUNCTION_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+$/,
  characters: "letters, digits, '_' and '-'",
  minLength: 1,
  maxLength: 64,
};
/** What Lambda accepts as a handler. */
const HANDLER: NameRule = { pattern: /^\S+$/, characters: 'non-whitespace characters', minLength: 1, maxLength: 128 };
/** What Lambda accepts as a description. */
const DESCRIPTION: NameRule = { pattern: /^[\s\S]+$/, characters: 'text', minLength: 1, maxLength: 256 };
/**
 * A Lambda function that runs in isolated subnets under its own least-privilege role, with encrypted
 * environment and logs, active tracing, a dead-letter topic, reserved concurrency, the latest runtime,
 * secrets by reference, and alarms. It is a real `lambda.IFunction`: grants, integrations, event sources and
 * metrics of aws-cdk-lib work unchanged, and every permission they add lands in a customer-managed policy.
 *
 * @example
 * declare const dbSecret: secretsmanager.ISecret;
 * declare const orders: EncryptedTable;
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
  /** What `grantInvoke` grants: exactly this function's ARN (not `<arn>:*`, every version and alias). */
  public readonly resourceArnsForGrantInvoke: string[];
  /** The function's log group: encrypted, with retention. */
  public readonly logGroup: logs.ILogGroup;
  /**
   * The topic that receives failed asynchronous invocations.
   *
   * @default - undefined when `optOuts.deadLetter` is set
   */
  public readonly deadLetterTopic?: sns.ITopic;
  /** The function's alarm (one, on errors, throttles and p99 duration near the timeout), in a list. */
  public readonly alarms: cloudwatch.Alarm[];
  /**
   * Where `entry` was bundled: the asset directory (only `index.js` and `index.js.map`) and esbuild's metafile
   * beside it.
   *
   * @default - undefined with `code`, or when aws-cdk-lib skips bundling for the stack (`cdk deploy --exclusively` of another stack)
   */
  public readonly bundle?: FunctionBundle;
  protected readonly canCreatePermissions = true;
  /** Keeps what the role is granted reachable from the shared network; undefined in any other placement. */
  private readonly reachability?: FunctionReachability;
  private readonly variables: FunctionEnvironment;
  /** Whether the code is a bundle of `entry`, whose `NODE_OPTIONS` enable source maps. */
  private readonly bundled: boolean;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    recordCreationSite(this);
    const defaults = StackDefaults.of(this);
    this.variables = new FunctionEnvironment(this, props);
    validateName(this, 'handler', props.handler, HANDLER);
    validateName(this, 'description', props.description, DESCRIPTION);
    validateName(this, 'functionName', props.functionName, FUNCTION_NAME);
    const runtime = this.resolveRuntime(props.runtime, props.optOuts?.latestRuntime);
    const source = resolveFunctionCode(this, props, runtime);
    const timeout = this.resolveTimeout(props.timeout);
    validateIntegerInRange(this, 'memorySize', props.memorySize, 128, 10_240);
    validateLogRetention(this, 'logRetention', props.logRetention);
    const reservedConcurrentExecutions = this.resolveConcurrency(props);
    this.validateLists(props);
    validatePlacementOptOuts(this, props);
    this.variables.validateOptOuts();
    const untrustedArtifactOnDeployment = this.resolveCodeSigning(props, source.code);
    const placement = resolvePlacement(this, props);
    this.variables.validateNames(props);
    this.variables.validatePlaintext(props.environment ?? {});
    connectInterfaceEndpoints(this, placement, props);

    const role = new ManagedPolicyRole(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: iamDescription(`Execution role of ${this.node.path}`),
    });
    const sharedNetwork = placement?.network && { ...placement, network: placement.network };
    this.reachability = FunctionReachability.observe(this, role, sharedNetwork);
    this.logGroup = createEncryptedLogGroup(this, 'LogGroup', defaults.logsKey, props.logRetention, 'logRetention');
    this.deadLetterTopic = this.resolveDeadLetterTopic(props);
    const environmentKey = environmentKeyOf(this, props);

    this.function = new lambda.Function(this, 'Function', {
      code: source.code,
      handler: source.handler,
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
      environment: source.bundling ? withSourceMaps(props.environment) : props.environment,
      environmentEncryption: environmentKey,
      recursiveLoop: lambda.RecursiveLoop.TERMINATE,
      codeSigningConfig: this.createCodeSigningConfig(props.signingProfiles, untrustedArtifactOnDeployment),
      layers: props.layers,
    });

    this.bundle = source.bundling?.staged(this.function);
    this.bundled = source.bundling !== undefined;
    this.role = role;
    this.grantPrincipal = role;
    this.functionName = this.function.functionName;
    this.functionArn = this.function.functionArn;
    this.permissionsNode = this.function.node;
    this.architecture = this.function.architecture;
    // Exactly this function: aws-cdk-lib also grants `<arn>:*` (every version and alias), a wildcard that
    // AwsSolutions-IAM5 flags. Invoke a version or an alias through its own `grantInvoke`.
    this.resourceArnsForGrantInvoke = [this.functionArn];
    if (placement) {
      this._connections = this.function.connections;
    }

    grantExecutionPermissions(this.function, role, {
      logGroup: this.logGroup,
      deadLetterTopic: this.deadLetterTopic,
      environmentKey,
      inVpc: placement !== undefined,
    });
    this.reachability?.executionPermissionsGranted();
    this.variables.bindSecrets(this.function, role, props);
    this.alarms = this.createAlarms(timeout, props.alarmTopic ?? defaults.alarmTopic);
    this.node.addValidation({ validate: () => this.variables.unusedOptOutErrors() });
  }

  /**
   * Adds an environment variable. A name or value that looks like a secret is refused: use the `secrets` prop.
   */
  public addEnvironment(key: string, value: string): SecureFunction {
    this.variables.validateAdded(key, value);
    // A bundle's NODE_OPTIONS keep --enable-source-maps.
    const sourceMapped = this.bundled && key === 'NODE_OPTIONS';
    this.function.addEnvironment(key, sourceMapped ? withSourceMaps({ [key]: value })[key] : value);
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
   * Adds a resource-based permission. Invoke permissions for API Gateway are narrowed and merged: a
   * `SecureApi` method invokes through the API's own role (the integration's credentials), so the function
   * gets no resource-based permission; for any other API, each permission gets `SourceAccount` when the
   * stack's account is known (AWS Control Tower CT.LAMBDA.PR.2), and the per-method permissions
   * `LambdaIntegration` asks for become one permission per API, scoped to that API's execution ARN (which also
   * covers the console's test invocations); likewise the per-route permissions of `HttpLambdaIntegration`
   * become one permission per HTTP API.
   */
  public addPermission(id: string, permission: lambda.Permission): void {
    if (!isApiGatewayPrincipal(permission.principal)) {
      super.addPermission(id, permission);
      return;
    }
    const account = Stack.of(this).account;
    const sourceAccount = permission.sourceAccount ?? (Token.isUnresolved(account) ? undefined : account);
    if (permission.scope instanceof apigatewayv2.HttpRoute) {
      // HttpLambdaIntegration asks for one permission per route: one per HTTP API instead, on its execution ARN.
      const httpApi = permission.scope.httpApi;
      const httpApiScopedId = `HttpApiPermission.${Names.nodeUniqueId(httpApi.node)}`;
      if (!this.node.tryFindChild(httpApiScopedId)) {
        super.addPermission(httpApiScopedId, {
          ...permission,
          scope: this,
          sourceAccount,
          sourceArn: httpApi.arnForExecuteApi(),
        });
      }
      return;
    }
    const method = permission.scope instanceof apigateway.Method ? permission.scope : undefined;
    if (!method) {
      super.addPermission(id, { ...permission, sourceAccount });
      return;
    }
    // A SecureApi invokes through its own role: no resource-based permission on the function at all.
    const route = invocationRouteOf(method.api);
    if (route) {
      route.invokeThrough(this, method);
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

  /**
   * Adds an event source. What it grants the role (for example `queue.grantConsumeMessages` of an
   * `SqsEventSource`) is used by Lambda's poller, not by the code, so it opens no interface endpoint.
   */
  public addEventSource(source: lambda.IEventSource): void {
    const bind = () => super.addEventSource(source);
    this.reachability ? this.reachability.boundByLambda(bind) : bind();
  }

  /**
   * Configures asynchronous invocation. What the destinations grant the role is used by Lambda to deliver
   * results, not by the code, so it opens no interface endpoint.
   */
  public configureAsyncInvoke(options: lambda.EventInvokeConfigOptions): void {
    const bind = () => super.configureAsyncInvoke(options);
    this.reachability ? this.reachability.boundByLambda(bind) : bind();
  }

  /**
   * Grants `lambda:InvokeFunction` on exactly this function. A function granted to invoke itself gets the
   * statement in a policy of its own (`ServiceRoleIndependentPolicy`): the function waits for its execution
   * policy at deploy time, so that policy naming the function would be a circular dependency.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    if (grantee.grantPrincipal !== this.grantPrincipal) {
      return super.grantInvoke(grantee);
    }
    (this.role as ManagedPolicyRole)._addToIndependentPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: this.resourceArnsForGrantInvoke }),
    );
    return iam.Grant.drop(
      grantee,
      `invoke ${this.node.path} (granted in a policy of its role that it does not wait for)`,
    );
  }

  private resolveRuntime(runtime: lambda.Runtime | undefined, optOut: OptOut | undefined): lambda.Runtime {
    const optedOut = applyOptOut(this, 'optOuts.latestRuntime', optOut, CONTROL_RULES.functionLatestRuntime);
    const chosen = runtime ?? latestNodeRuntime();
    const latest = latestOfFamily(chosen);
    if (optedOut && latest?.name === chosen.name) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'optOuts.latestRuntime',
        problem: `${chosen.name} is the latest runtime of its family, so the opt-out would allow nothing and its acknowledgment would accept nothing`,
        fix: `remove ${propRef('optOuts.latestRuntime')}, or pass the older runtime it is meant for`,
      });
    }
    if (latest && latest.name !== chosen.name && !optedOut) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop: 'runtime',
        problem: `${chosen.name} is not the latest runtime of its family (${latest.name}); older runtimes stop receiving security patches first`,
        fix: `use Runtime.${runtimeConstantName(latest)} (or leave ${propRef('runtime')} out), or set ${propRef('optOuts.latestRuntime')} with a reason`,
      });
    }
    this.checkRuntimeLifecycle(chosen, latest);
    return chosen;
  }

  /** A runtime Lambda no longer creates functions on is refused; a deprecated one is a warning. */
  private checkRuntimeLifecycle(runtime: lambda.Runtime, latest: lambda.Runtime | undefined): void {
    const lifecycle = runtimeLifecycle(runtime.name);
    const status = runtimeStatus(runtime.name);
    const successor = latest && latest.name !== runtime.name ? `Runtime.${runtimeConstantName(latest)}` : undefined;
    if (!lifecycle || status === 'supported') {
      return;
    }
    if (status === 'create-blocked') {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'runtime',
        problem: `Lambda has refused to create functions on ${runtime.name} since ${lifecycle.createBlocked} (deprecated ${lifecycle.deprecated}), so the deploy would fail; no opt-out can change that`,
        fix: `use ${successor ?? 'a supported runtime'}`,
      });
    }
    Annotations.of(this).addWarningV2(
      'cdk-secure-serverless:deprecatedRuntime:runtime',
      `${this.node.path}: prop ${propLabel('runtime')} is ${runtime.name}, deprecated since ${lifecycle.deprecated} (no more security patches); Lambda stops creating functions on it on ${lifecycle.createBlocked}. Fix: move to ${successor ?? 'a supported runtime'}`,
    );
  }

  private resolveTimeout(timeout: Duration | undefined): Duration {
    const resolved = timeout ?? DEFAULT_TIMEOUT;
    if (resolved.isUnresolved()) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: 'timeout',
        problem:
          "the value is an unresolved token, but the duration alarm's threshold (80% of the timeout) is computed at synth",
        fix: `give ${propRef('timeout')} a literal Duration, for example ${propRef('Duration.seconds(30)')}`,
      });
    }
    const millis = resolved.toMilliseconds();
    if (millis > MAX_TIMEOUT.toMilliseconds() || millis < 1000) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'timeout',
        problem: `${resolved.toHumanString()} is outside Lambda's range of 1 second to 15 minutes`,
        fix: `set ${propRef('timeout')} from ${propRef('Duration.seconds(1)')} to ${propRef('Duration.minutes(15)')}; move longer work to Step Functions or a queue`,
      });
    }
    if (millis % 1000 !== 0) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'timeout',
        problem: `${resolved.toHumanString()} is not a whole number of seconds, and Lambda timeouts are whole seconds`,
        fix: `set ${propRef('timeout')} to whole seconds, for example ${propRef(`Duration.seconds(${Math.ceil(millis / 1000)})`)}`,
      });
    }
    return resolved;
  }

  private resolveDeadLetterTopic(props: SecureFunctionProps): sns.ITopic | undefined {
    if (applyOptOut(this, 'optOuts.deadLetter', props.optOuts?.deadLetter, CONTROL_RULES.functionDeadLetter)) {
      if (props.deadLetterTopic) {
        throw conflictWithOptOut(this, 'deadLetterTopic', 'a dead-letter topic is', 'optOuts.deadLetter');
      }
      return undefined;
    }
    return props.deadLetterTopic ?? StackDefaults.of(this).deadLetterTopic;
  }

  /** Checks the list props: none given empty where empty would silently turn a feature off, none too long. */
  private validateLists(props: SecureFunctionProps): void {
    const empty = (prop: string, problem: string, fix: string) =>
      new SecureConfigError(this, { code: SecureErrorCode.INVALID_PROP, prop, problem, fix });
    if (props.securityGroups && props.securityGroups.length === 0) {
      throw empty(
        'securityGroups',
        'the list is empty, which leaves the function without a security group',
        `pass at least one security group, or leave ${propRef('securityGroups')} out to get one that reaches only the network's endpoints`,
      );
    }
    if (props.signingProfiles && props.signingProfiles.length === 0) {
      throw empty(
        'signingProfiles',
        'the list is empty, so no code signing config would be created and unsigned code would deploy',
        `pass at least one signing profile, or leave ${propRef('signingProfiles')} out for no code signing`,
      );
    }
    if (props.layers && props.layers.length > MAX_LAYERS) {
      throw empty(
        'layers',
        `${props.layers.length} layers is more than Lambda's limit of ${MAX_LAYERS} per function`,
        `pass at most ${MAX_LAYERS} layers, or merge layers`,
      );
    }
    const seen = new Set<string>();
    for (const service of props.interfaceEndpoints ?? []) {
      if (seen.has(service.shortName)) {
        throw empty('interfaceEndpoints', `${service.shortName} is listed twice`, 'list each service once');
      }
      seen.add(service.shortName);
    }
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
      `set ${propRef('reservedConcurrentExecutions')} to at least 1 (0 would throttle every invocation), or set ${propRef('optOuts.concurrencyLimit')} with a reason`,
    );
    return props.reservedConcurrentExecutions ?? StackDefaults.of(this).reservedConcurrencyFor(this);
  }

  /**
   * What the code signing config does with unsigned code: ENFORCE, or WARN under
   * `optOuts.codeSigningEnforcement`; undefined without signing profiles. Under ENFORCE, code that cannot carry
   * an AWS Signer signature is refused here rather than by CreateFunction at deploy time.
   */
  private resolveCodeSigning(
    props: SecureFunctionProps,
    code: lambda.Code,
  ): lambda.UntrustedArtifactOnDeployment | undefined {
    const optOut = props.optOuts?.codeSigningEnforcement;
    if (!props.signingProfiles || props.signingProfiles.length === 0) {
      validateOptOut(this, 'optOuts.codeSigningEnforcement', optOut);
      if (optOut) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.CONFLICTING_PROPS,
          prop: 'optOuts.codeSigningEnforcement',
          problem: `the function has no ${propRef('signingProfiles')}, so there is no code signing to relax and the opt-out would allow nothing`,
          fix: `remove ${propRef('optOuts.codeSigningEnforcement')}, or pass the ${propRef('signingProfiles')} whose signatures Lambda should check`,
        });
      }
      return undefined;
    }
    if (code instanceof lambda.AssetImageCode || code instanceof lambda.EcrImageCode) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'code',
        problem: 'the code is a container image, and Lambda does not support code signing for container images',
        fix: `remove ${propRef('signingProfiles')} for an image function (sign and verify the image in ECR instead), or deploy a .zip package signed by AWS Signer with ${propRef('lambda.Code.fromBucket')}`,
      });
    }
    const warnOnly = applyOptOut(
      this,
      'optOuts.codeSigningEnforcement',
      optOut,
      CONTROL_RULES.functionCodeSigningEnforcement,
    );
    const signable =
      code instanceof lambda.S3Code || code instanceof lambda.S3CodeV2 || code instanceof lambda.CfnParametersCode;
    if (!warnOnly && !signable) {
      const what =
        code instanceof lambda.InlineCode
          ? `inline code (${propRef('Code.fromInline')})`
          : code instanceof lambda.AssetCode
            ? `a CDK asset (${propRef('Code.fromAsset')}), which CDK uploads unsigned`
            : 'not an S3 object that AWS Signer can have signed';
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'code',
        problem: `the code is ${what}, and the code signing config of ${propRef('signingProfiles')} enforces signatures, so Lambda would refuse to create the function`,
        fix: `sign the .zip package with an AWS Signer signing job and pass its signed object as ${propRef('lambda.Code.fromBucket(bucket, signedKey)')} (or ${propRef('Code.fromCfnParameters')}), or set ${propRef('optOuts.codeSigningEnforcement')} with a reason to only warn about unsigned code`,
      });
    }
    return warnOnly ? lambda.UntrustedArtifactOnDeployment.WARN : lambda.UntrustedArtifactOnDeployment.ENFORCE;
  }

  private createCodeSigningConfig(
    signingProfiles: signer.ISigningProfile[] | undefined,
    untrustedArtifactOnDeployment: lambda.UntrustedArtifactOnDeployment | undefined,
  ): lambda.ICodeSigningConfig | undefined {
    if (!signingProfiles || untrustedArtifactOnDeployment === undefined) {
      return undefined;
    }
    return new lambda.CodeSigningConfig(this, 'CodeSigningConfig', {
      signingProfiles,
      untrustedArtifactOnDeployment,
    });
  }

  /**
   * One alarm, not three: on any error, any throttle, or a p99 duration at 80% of the timeout within five
   * minutes (one resource per function instead of three, at the same cost).
   */
  private createAlarms(timeout: Duration, topic: sns.ITopic): cloudwatch.Alarm[] {
    const period = Duration.minutes(5);
    const slowMs = timeout.toMilliseconds() * DURATION_ALARM_SHARE;
    const health = healthMetric(
      [
        { id: 'errors', metric: this.function.metricErrors({ period }) },
        { id: 'throttles', metric: this.function.metricThrottles({ period }) },
        { id: 'p99', metric: this.function.metricDuration({ period, statistic: 'p99' }), atLeast: slowMs },
      ],
      period,
      `errors + throttles + (p99 duration >= ${slowMs} ms)`,
    );
    const description = `${this.node.path} reported errors, was throttled (reserved concurrency reached), or its p99 duration reached ${DURATION_ALARM_SHARE * 100}% of its timeout (${slowMs} ms)`;
    return [createHealthAlarm(this, health, description, topic)];
  }
}

function isApiGatewayPrincipal(principal: iam.IPrincipal): boolean {
  return principal instanceof iam.ServicePrincipal && principal.service === 'apigateway.amazonaws.com';
}
