import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as signer from 'aws-cdk-lib/aws-signer';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { defined, optOutArb, retentionArb, userKey, userTopic } from './shared';
import { FunctionSecret, IsolatedNetwork, OptOut, SecureFunction, SecureFunctionProps } from '../../../src';
import { latestOfFamily } from '../../../src/core/runtime';
import { runtimeStatus } from '../../../src/core/runtime-lifecycle';

// ---------------------------------------------------------------------------------------------------------
// SecureFunction
// ---------------------------------------------------------------------------------------------------------

interface RuntimeChoice {
  readonly runtime: lambda.Runtime;
  readonly handler: string;
}

function handlerFor(runtime: lambda.Runtime): string {
  switch (runtime.family) {
    case lambda.RuntimeFamily.NODEJS:
      return 'index.handler';
    case lambda.RuntimeFamily.PYTHON:
      return 'app.handler';
    case lambda.RuntimeFamily.JAVA:
      return 'com.example.orders.Handler::handleRequest';
    case lambda.RuntimeFamily.DOTNET_CORE:
      return 'Orders::Orders.Function::FunctionHandler';
    case lambda.RuntimeFamily.RUBY:
      return 'function.handler';
    default:
      return 'bootstrap';
  }
}

/**
 * Runtimes accepted without an opt-out: the latest of each supported family in the installed aws-cdk-lib
 * (computed, so that an aws-cdk-lib upgrade moves them along), and the OS-only runtimes.
 */
/**
 * Valid configurations only: runtimes that are neither deprecated nor blocked for new functions today
 * (SecureFunction refuses a blocked runtime; cfn-lint reports a deprecated one). The list shrinks as AWS
 * deprecates runtimes, so a run's counts depend on the day.
 */
function deployable(runtime: string): boolean {
  return runtimeStatus(runtime) === 'supported';
}

export const LATEST_RUNTIMES: string[] = [
  ...new Set(
    [
      lambda.Runtime.NODEJS_22_X,
      lambda.Runtime.PYTHON_3_12,
      lambda.Runtime.JAVA_21,
      lambda.Runtime.DOTNET_8,
      lambda.Runtime.RUBY_3_3,
    ]
      .map((r) => latestOfFamily(r)!.name)
      .concat([lambda.Runtime.PROVIDED_AL2023.name, lambda.Runtime.PROVIDED_AL2.name]),
  ),
].filter(deployable);

/** Older runtimes Lambda still supports, accepted with `optOuts.latestRuntime`. */
export const OLDER_RUNTIMES: string[] = [
  lambda.Runtime.NODEJS_20_X,
  lambda.Runtime.NODEJS_22_X,
  lambda.Runtime.PYTHON_3_11,
  lambda.Runtime.PYTHON_3_12,
  lambda.Runtime.PYTHON_3_13,
  lambda.Runtime.JAVA_17,
  lambda.Runtime.JAVA_21,
  lambda.Runtime.DOTNET_8,
  lambda.Runtime.RUBY_3_3,
  lambda.Runtime.RUBY_3_4,
]
  .map((r) => r.name)
  .filter((name) => !LATEST_RUNTIMES.includes(name))
  .filter(deployable);

function runtimeByName(name: string): RuntimeChoice {
  const runtime = lambda.Runtime.ALL.find((r) => r.name === name && !r.isVariable)!;
  return { runtime, handler: handlerFor(runtime) };
}

export type PlacementSpec =
  /** The stack's shared IsolatedNetwork with the function's own security group (the default). */
  | { readonly kind: 'sharedNetwork'; readonly interfaceEndpoints: string[] }
  /** The shared network, with a security group of the user's (no vpc prop). */
  | { readonly kind: 'sharedNetworkOwnSecurityGroup' }
  /** `vpc: IsolatedNetwork.of(stack).vpc` with the user's security group and, sometimes, explicit subnets. */
  | { readonly kind: 'sharedVpcExplicit'; readonly explicitSubnets: boolean }
  /** An existing VPC of the user's, imported, in its isolated or private subnets. */
  | { readonly kind: 'importedVpc'; readonly subnets: 'default' | 'isolated' | 'private' }
  /** An existing VPC's public subnets, with `optOuts.publicSubnet`. */
  | { readonly kind: 'importedVpcPublic'; readonly optOut: OptOut }
  /** No VPC, with `optOuts.vpc`. */
  | { readonly kind: 'noVpc'; readonly optOut: OptOut };

export type SecretSpec =
  | { readonly kind: 'secretCompleteArn' | 'secretPartialArn' | 'secretNameV2'; readonly secretName: string }
  | { readonly kind: 'secureString'; readonly parameterName: string; readonly key: 'none' | 'imported' | 'own' };

export interface FunctionSpec {
  readonly runtime: string;
  readonly latestRuntimeOptOut?: OptOut;
  readonly codeFrom: 'inline' | 'bucket';
  readonly description?: string;
  readonly functionName?: string;
  readonly memorySize?: number;
  readonly timeout?: { readonly unit: 'seconds' | 'minutes'; readonly amount: number };
  readonly architecture?: 'ARM_64' | 'X86_64';
  readonly environment?: { [name: string]: string };
  readonly plaintextOptOuts: Array<{ readonly name: string; readonly value: string; readonly optOut: OptOut }>;
  readonly secrets: { [name: string]: SecretSpec };
  readonly concurrency:
    | { readonly kind: 'default' }
    | { readonly kind: 'limit'; readonly value: number }
    | {
        readonly kind: 'optOut';
        readonly optOut: OptOut;
      };
  readonly placement: PlacementSpec;
  readonly environmentKey: 'default' | 'own';
  readonly logRetention?: logs.RetentionDays;
  readonly deadLetter: { readonly kind: 'default' | 'ownTopic' } | { readonly kind: 'optOut'; readonly optOut: OptOut };
  readonly alarmTopic: 'default' | 'own';
  readonly codeSigning: boolean;
  readonly layers: number;
  readonly functionUrl: boolean;
  readonly addedEnvironment?: { readonly name: string; readonly value: string };
}

const ENVIRONMENT_VALUES: Array<[string, string[]]> = [
  ['LOG_LEVEL', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
  ['STAGE', ['dev', 'staging', 'prod']],
  ['POWERTOOLS_SERVICE_NAME', ['orders', 'payments', 'catalog']],
  ['POWERTOOLS_METRICS_NAMESPACE', ['Shop', 'Acme/Orders']],
  ['FEATURE_NEW_CHECKOUT', ['true', 'false']],
  ['MAX_RETRIES', ['0', '3', '5']],
  ['DEFAULT_CURRENCY', ['EUR', 'USD', 'GBP']],
  ['CORS_ALLOWED_ORIGIN', ['https://shop.example.com', 'https://admin.example.com']],
  ['UPSTREAM_BASE_URL', ['https://api.partner.example.com/v2']],
  ['NODE_OPTIONS', ['--enable-source-maps']],
  ['TZ', ['UTC', 'Europe/Berlin']],
];

/** Values that look like secrets but are public, each accepted with its own opt-out. */
const PUBLIC_LOOKALIKES: Array<[string, string]> = [
  ['RECAPTCHA_SITE_KEY', '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI'],
  ['STRIPE_PUBLISHABLE_KEY', 'pk_test_TYooMQauvdEDq54NiTphI7jx'],
  ['MAPS_API_KEY', 'public-browser-key-restricted-to-shop-example-com'],
];

const SECRET_ENV_NAMES = ['DB_SECRET_ARN', 'STRIPE_SECRET_ARN', 'SIGNING_KEY_PARAM', 'SMTP_CREDENTIALS_ARN'];

export const INTERFACE_SERVICES = [
  'SQS',
  'SNS',
  'KMS',
  'STS',
  'EVENTBRIDGE',
  'STEP_FUNCTIONS',
  'LAMBDA',
  'SECRETS_MANAGER',
];

const environmentArb = fc
  .uniqueArray(fc.integer({ min: 0, max: ENVIRONMENT_VALUES.length - 1 }), { minLength: 1, maxLength: 4 })
  .chain((indexes) =>
    fc.tuple(
      ...indexes.map((i) =>
        fc.constantFrom(...ENVIRONMENT_VALUES[i][1]).map((v) => [ENVIRONMENT_VALUES[i][0], v] as const),
      ),
    ),
  )
  .map((entries) => Object.fromEntries(entries));

const secretSpecArb: fc.Arbitrary<SecretSpec> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'secretCompleteArn' | 'secretPartialArn' | 'secretNameV2'>(
      'secretCompleteArn',
      'secretPartialArn',
      'secretNameV2',
    ),
    secretName: fc.constantFrom('prod/orders/db', 'stripe-api', 'smtp'),
  }),
  fc.record({
    kind: fc.constant<'secureString'>('secureString'),
    parameterName: fc.constantFrom('/shop/prod/signing-key', '/shop/prod/partner-token'),
    key: fc.constantFrom<'none' | 'imported' | 'own'>('none', 'imported', 'own'),
  }),
);

const placementArb: fc.Arbitrary<PlacementSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant<'sharedNetwork'>('sharedNetwork'),
      interfaceEndpoints: fc.uniqueArray(fc.constantFrom(...INTERFACE_SERVICES), { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant<'sharedNetworkOwnSecurityGroup'>('sharedNetworkOwnSecurityGroup') }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant<'sharedVpcExplicit'>('sharedVpcExplicit'),
      explicitSubnets: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant<'importedVpc'>('importedVpc'),
      subnets: fc.constantFrom<'default' | 'isolated' | 'private'>('default', 'isolated', 'private'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant<'importedVpcPublic'>('importedVpcPublic'), optOut: optOutArb }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'noVpc'>('noVpc'), optOut: optOutArb }) },
);

const runtimeArb: fc.Arbitrary<{ runtime: string; latestRuntimeOptOut?: OptOut }> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ runtime: fc.constantFrom(...LATEST_RUNTIMES) }) },
  // An older runtime, with the opt-out it needs.
  { weight: 2, arbitrary: fc.record({ runtime: fc.constantFrom(...OLDER_RUNTIMES), latestRuntimeOptOut: optOutArb }) },
  // No latest runtime with optOuts.latestRuntime: it would allow nothing (refused, or reported unused).
);

export const functionSpecArb: fc.Arbitrary<FunctionSpec> = fc
  .record(
    {
      runtime: runtimeArb,
      codeFrom: fc.constantFrom<'inline' | 'bucket'>('inline', 'bucket'),
      description: fc.constantFrom('Places orders', 'Reads an order by id', 'Nightly export'),
      functionName: fc.constantFrom('place-order', 'getOrder', 'orders_export_v2'),
      memorySize: fc.oneof(fc.integer({ min: 128, max: 10_240 }), fc.constantFrom(128, 256, 1024, 1769, 3008, 10_240)),
      timeout: fc.oneof(
        fc.record({ unit: fc.constant<'seconds'>('seconds'), amount: fc.integer({ min: 1, max: 900 }) }),
        fc.record({ unit: fc.constant<'minutes'>('minutes'), amount: fc.integer({ min: 1, max: 15 }) }),
      ),
      architecture: fc.constantFrom<'ARM_64' | 'X86_64'>('ARM_64', 'X86_64'),
      environment: environmentArb,
      plaintextOptOuts: fc
        .uniqueArray(fc.constantFrom(...PUBLIC_LOOKALIKES), { maxLength: 2, selector: ([name]) => name })
        .chain((pairs) =>
          fc.tuple(...pairs.map(([name, value]) => optOutArb.map((optOut) => ({ name, value, optOut })))),
        ),
      secrets: fc
        .uniqueArray(fc.constantFrom(...SECRET_ENV_NAMES), { maxLength: 3 })
        .chain((names) => fc.tuple(...names.map((name) => secretSpecArb.map((s) => [name, s] as const))))
        .map((entries) => Object.fromEntries(entries)),
      concurrency: fc.oneof(
        fc.record({ kind: fc.constant<'default'>('default') }),
        fc.record({
          kind: fc.constant<'limit'>('limit'),
          value: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 })),
        }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      placement: placementArb,
      environmentKey: fc.constantFrom<'default' | 'own'>('default', 'own'),
      logRetention: retentionArb,
      deadLetter: fc.oneof(
        fc.record({ kind: fc.constantFrom<'default' | 'ownTopic'>('default', 'ownTopic') }),
        fc.record({ kind: fc.constant<'optOut'>('optOut'), optOut: optOutArb }),
      ),
      alarmTopic: fc.constantFrom<'default' | 'own'>('default', 'own'),
      codeSigning: fc.boolean(),
      layers: fc.integer({ min: 0, max: 2 }),
      functionUrl: fc.boolean(),
      addedEnvironment: fc.constantFrom(
        { name: 'DEPLOYED_BY', value: 'pipeline' },
        { name: 'APP_VERSION', value: '1.42.0' },
      ),
    },
    {
      requiredKeys: [
        'runtime',
        'codeFrom',
        'plaintextOptOuts',
        'secrets',
        'concurrency',
        'placement',
        'environmentKey',
        'deadLetter',
        'alarmTopic',
        'codeSigning',
        'layers',
        'functionUrl',
      ],
    },
  )
  .map(({ runtime, ...rest }) => {
    const spec = { ...rest, ...runtime };
    // Inline code is only possible for runtimes that interpret source (Node.js, Python), and enforced code
    // signing needs the signed object of an AWS Signer job, in S3.
    const inlinePossible = runtimeByName(spec.runtime).runtime.supportsInlineCode && !spec.codeSigning;
    const codeFrom = inlinePossible ? spec.codeFrom : 'bucket';
    return { ...spec, codeFrom };
  });

/** A plain default function spec, for tests that need a function but vary something else. */
export const DEFAULT_FUNCTION_SPEC: FunctionSpec = {
  runtime: LATEST_RUNTIMES[0],
  codeFrom: 'inline',
  plaintextOptOuts: [],
  secrets: {},
  concurrency: { kind: 'default' },
  placement: { kind: 'sharedNetwork', interfaceEndpoints: [] },
  environmentKey: 'default',
  deadLetter: { kind: 'default' },
  alarmTopic: 'default',
  codeSigning: false,
  layers: 0,
  functionUrl: false,
};

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

function importedVpc(scope: Construct, id: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    privateSubnetIds: ['subnet-0000000000000001a', 'subnet-0000000000000001b'],
    publicSubnetIds: ['subnet-0000000000000002a', 'subnet-0000000000000002b'],
  });
}

/** A security group of the user's that allows HTTPS to the VPC's own range only. */
function userSecurityGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const sg = new ec2.SecurityGroup(scope, id, {
    vpc,
    allowAllOutbound: false,
    description: `${id}: HTTPS inside the VPC`,
  });
  sg.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to VPC endpoints and peers');
  return sg;
}

function functionSecret(scope: Construct, id: string, spec: SecretSpec): FunctionSecret {
  const secretArn = (suffix: string) =>
    `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${(spec as { secretName: string }).secretName}${suffix}`;
  switch (spec.kind) {
    case 'secretCompleteArn':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(scope, id, secretArn('-AbCdEf')));
    case 'secretPartialArn':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretPartialArn(scope, id, secretArn('')));
    case 'secretNameV2':
      return FunctionSecret.fromSecret(secretsmanager.Secret.fromSecretNameV2(scope, id, spec.secretName));
    case 'secureString': {
      const key =
        spec.key === 'imported'
          ? kms.Key.fromKeyArn(
              scope,
              `${id}Key`,
              `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            )
          : spec.key === 'own'
            ? userKey(scope, `${id}Key`)
            : undefined;
      const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(scope, id, {
        parameterName: spec.parameterName,
        encryptionKey: key,
      });
      return FunctionSecret.fromSecureStringParameter(parameter, key);
    }
  }
}

function placementProps(scope: Construct, id: string, placement: PlacementSpec): Partial<SecureFunctionProps> {
  switch (placement.kind) {
    case 'sharedNetwork':
      return {
        interfaceEndpoints:
          placement.interfaceEndpoints.length > 0
            ? placement.interfaceEndpoints.map(
                (name) =>
                  (ec2.InterfaceVpcEndpointAwsService as unknown as Record<string, ec2.InterfaceVpcEndpointAwsService>)[
                    name
                  ],
              )
            : undefined,
      };
    case 'sharedNetworkOwnSecurityGroup': {
      const network = IsolatedNetwork.of(scope);
      const sg = new ec2.SecurityGroup(scope, `${id}Sg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
      return { securityGroups: [sg] };
    }
    case 'sharedVpcExplicit': {
      const network = IsolatedNetwork.of(scope);
      const sg = new ec2.SecurityGroup(scope, `${id}Sg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
      return {
        vpc: network.vpc,
        securityGroups: [sg],
        vpcSubnets: placement.explicitSubnets ? network.subnets : undefined,
      };
    }
    case 'importedVpc': {
      const vpc = importedVpc(scope, `${id}Vpc`);
      const vpcSubnets =
        placement.subnets === 'isolated'
          ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
          : placement.subnets === 'private'
            ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
            : undefined;
      return { vpc, vpcSubnets, securityGroups: [userSecurityGroup(scope, `${id}Sg`, vpc)] };
    }
    case 'importedVpcPublic': {
      const vpc = importedVpc(scope, `${id}Vpc`);
      return {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        securityGroups: [userSecurityGroup(scope, `${id}Sg`, vpc)],
      };
    }
    case 'noVpc':
      return {};
  }
}

/** Builds the function of `spec` under `scope`; `extraEnvironment` adds variables (e.g. a table's name). */
export function buildFunction(
  scope: Construct,
  id: string,
  spec: FunctionSpec,
  extraEnvironment: { [name: string]: string } = {},
): SecureFunction {
  const { runtime, handler } = runtimeByName(spec.runtime);
  const code =
    spec.codeFrom === 'inline'
      ? lambda.Code.fromInline(
          runtime.family === lambda.RuntimeFamily.PYTHON
            ? 'def handler(event, context):\n    return {"statusCode": 200}\n'
            : 'exports.handler = async () => ({ statusCode: 200, body: "{}" });',
        )
      : lambda.Code.fromBucket(
          s3.Bucket.fromBucketName(scope, `${id}Artifacts`, `acme-artifacts-${ACCOUNT}-${REGION}`),
          `functions/${id}.zip`,
        );
  const environment = { ...spec.environment, ...extraEnvironment };
  for (const lookalike of spec.plaintextOptOuts) {
    environment[lookalike.name] = lookalike.value;
  }
  const fn = new SecureFunction(scope, id, {
    code,
    handler,
    runtime,
    description: spec.description,
    functionName: spec.functionName ? `${spec.functionName}-${id}`.slice(0, 64) : undefined,
    memorySize: spec.memorySize,
    timeout: spec.timeout ? Duration[spec.timeout.unit](spec.timeout.amount) : undefined,
    architecture: spec.architecture ? lambda.Architecture[spec.architecture] : undefined,
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    secrets:
      Object.keys(spec.secrets).length > 0
        ? Object.fromEntries(
            Object.entries(spec.secrets).map(([name, secret]) => [name, functionSecret(scope, `${id}${name}`, secret)]),
          )
        : undefined,
    reservedConcurrentExecutions: spec.concurrency.kind === 'limit' ? spec.concurrency.value : undefined,
    ...placementProps(scope, id, spec.placement),
    environmentEncryptionKey: spec.environmentKey === 'own' ? userKey(scope, `${id}EnvKey`) : undefined,
    logRetention: spec.logRetention,
    deadLetterTopic: spec.deadLetter.kind === 'ownTopic' ? userTopic(scope, `${id}Dlq`) : undefined,
    alarmTopic: spec.alarmTopic === 'own' ? userTopic(scope, `${id}Alarms`) : undefined,
    signingProfiles: spec.codeSigning
      ? [new signer.SigningProfile(scope, `${id}Signing`, { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA })]
      : undefined,
    layers:
      spec.layers > 0
        ? Array.from({ length: spec.layers }, (_, i) =>
            lambda.LayerVersion.fromLayerVersionArn(
              scope,
              `${id}Layer${i}`,
              `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:shared-lib-${i}:${i + 3}`,
            ),
          )
        : undefined,
    optOuts: defined({
      latestRuntime: spec.latestRuntimeOptOut,
      concurrencyLimit: spec.concurrency.kind === 'optOut' ? spec.concurrency.optOut : undefined,
      deadLetter: spec.deadLetter.kind === 'optOut' ? spec.deadLetter.optOut : undefined,
      vpc: spec.placement.kind === 'noVpc' ? spec.placement.optOut : undefined,
      publicSubnet: spec.placement.kind === 'importedVpcPublic' ? spec.placement.optOut : undefined,
      plaintextEnvironmentVariables:
        spec.plaintextOptOuts.length > 0
          ? Object.fromEntries(spec.plaintextOptOuts.map((l) => [l.name, l.optOut]))
          : undefined,
    }),
  });
  if (spec.functionUrl) {
    fn.addFunctionUrl();
  }
  if (spec.addedEnvironment) {
    fn.addEnvironment(spec.addedEnvironment.name, spec.addedEnvironment.value);
  }
  return fn;
}
