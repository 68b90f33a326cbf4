import { Aws, CfnParameter, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as signer from 'aws-cdk-lib/aws-signer';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FunctionSecret, SecureFunction, SecureFunctionProps } from '../../src';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
  optOutCases,
  retentionCases,
} from '../support/invalid-input';

const PATH = 'TestStack/Handler';
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
type OptOutName = keyof NonNullable<SecureFunctionProps['optOuts']>;

function stack(): Stack {
  return newStack().stack;
}

function fn(props: Partial<SecureFunctionProps> = {}, scope: Stack = stack()): SecureFunction {
  return new SecureFunction(scope, 'Handler', { code, handler: 'index.handler', ...props });
}

/** A function with `props`, built lazily, for the case table. */
const withProps = (props: Partial<SecureFunctionProps>) => () => fn(props);

/** A function with props that need the stack (a VPC, a topic, a secret), built lazily. */
const withScope = (props: (scope: Stack) => Partial<SecureFunctionProps>) => () => {
  const scope = stack();
  return fn(props(scope), scope);
};

/** A VPC of the user's with one subnet group of `subnetType`, and a security group without open egress. */
function ownVpc(scope: Stack, subnetType: ec2.SubnetType): { vpc: ec2.Vpc; sg: ec2.SecurityGroup } {
  const name = subnetType === ec2.SubnetType.PUBLIC ? 'public' : 'isolated';
  const vpc = new ec2.Vpc(scope, 'MyVpc', { subnetConfiguration: [{ name, subnetType }] });
  const sg = new ec2.SecurityGroup(scope, 'MySg', { vpc, allowAllOutbound: false });
  return { vpc, sg };
}

/** Makes the opt-out `name` apply: some opt-outs only apply in a configuration. */
const optOutContext: Partial<Record<OptOutName, (scope: Stack) => Partial<SecureFunctionProps>>> = {
  latestRuntime: () => ({ runtime: lambda.Runtime.NODEJS_22_X }),
  codeSigningEnforcement: (scope) => ({ signingProfiles: [profileIn(scope)] }),
};

/** A Lambda signing profile. */
function profileIn(scope: Stack): signer.SigningProfile {
  return new signer.SigningProfile(scope, 'Profile', { platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA });
}

function functionOptOutCases(name: Exclude<OptOutName, 'plaintextEnvironmentVariables'>): InvalidInputCase[] {
  return optOutCases(`optOuts.${name}`, (optOut) =>
    withScope((scope) => ({ ...optOutContext[name]?.(scope), optOuts: { [name]: optOut } })),
  );
}

const secret = (scope: Stack) =>
  FunctionSecret.fromSecret(
    secretsmanager.Secret.fromSecretCompleteArn(
      scope,
      'DbSecret',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
    ),
  );

/** The variable-name cases of a prop that names environment variables (`environment` or `secrets`). */
function variableNameCases(
  prop: 'environment' | 'secrets',
  set: (scope: Stack, name: string) => Partial<SecureFunctionProps>,
): InvalidInputCase[] {
  const named = (name: string) => withScope((scope) => set(scope, name));
  return [
    [`a ${prop} name is empty`, named(''), E.INVALID_PROP, `${prop}.`],
    [`a ${prop} name is whitespace`, named('  '), E.INVALID_PROP, `${prop}.  `],
    [`a ${prop} name starts with a digit`, named('1_TABLE'), E.INVALID_PROP, `${prop}.1_TABLE`],
    [`a ${prop} name has a hyphen`, named('TABLE-NAME'), E.INVALID_PROP, `${prop}.TABLE-NAME`],
    [`a ${prop} name is one character`, named('A'), E.INVALID_PROP, `${prop}.A`],
    [`a ${prop} name is reserved by the runtime`, named('AWS_REGION'), E.INVALID_PROP, `${prop}.AWS_REGION`],
    [`a ${prop} name is _HANDLER`, named('_HANDLER'), E.INVALID_PROP, `${prop}._HANDLER`],
    [`a ${prop} name is a token`, named(TOKEN_NAME), E.UNRESOLVED_TOKEN, `${prop}.${TOKEN_NAME}`],
  ];
}

const TOKEN_NAME = Lazy.string({ produce: () => 'NAME' });
const clientId = 'Zx9QpL2mVb7RtY4kWc8NhJ3s';

describe('SecureFunction fails when', () => {
  const cases: InvalidInputCase[] = [
    // handler, description, functionName
    ['the handler is empty', withProps({ handler: '' }), E.INVALID_PROP, 'handler'],
    ['the handler is whitespace', withProps({ handler: '   ' }), E.INVALID_PROP, 'handler'],
    ['the handler has a space', withProps({ handler: 'index handler' }), E.INVALID_PROP, 'handler'],
    ['the handler is longer than 128 characters', withProps({ handler: 'h'.repeat(129) }), E.INVALID_PROP, 'handler'],
    ['the description is empty', withProps({ description: '' }), E.INVALID_PROP, 'description'],
    ['the description is whitespace', withProps({ description: ' \n' }), E.INVALID_PROP, 'description'],
    [
      'the description is longer than 256 characters',
      withProps({ description: 'd'.repeat(257) }),
      E.INVALID_PROP,
      'description',
    ],
    ['the function name is empty', withProps({ functionName: '' }), E.INVALID_PROP, 'functionName'],
    ['the function name is whitespace', withProps({ functionName: '  ' }), E.INVALID_PROP, 'functionName'],
    ['the function name has a space', withProps({ functionName: 'place order' }), E.INVALID_PROP, 'functionName'],
    ['the function name has a dot', withProps({ functionName: 'orders.place' }), E.INVALID_PROP, 'functionName'],
    [
      'the function name is longer than 64 characters',
      withProps({ functionName: 'f'.repeat(65) }),
      E.INVALID_PROP,
      'functionName',
    ],

    // runtime
    [
      'the runtime is not the latest of its family',
      withProps({ runtime: lambda.Runtime.NODEJS_20_X }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'runtime',
    ],
    [
      'optOuts.latestRuntime is given for the latest runtime, where it would allow nothing',
      withProps({ optOuts: { latestRuntime: { reason: 'Pinned for the vendor SDK' } } }),
      E.CONFLICTING_PROPS,
      'optOuts.latestRuntime',
    ],
    [
      'the runtime no longer accepts new functions (Lambda blocked nodejs14.x on 2024-01-09), even with the opt-out',
      withProps({
        runtime: lambda.Runtime.NODEJS_14_X,
        optOuts: { latestRuntime: { reason: 'The vendor SDK supports only Node.js 14' } },
      }),
      E.INVALID_PROP,
      'runtime',
    ],

    // memorySize
    ...([0, -512, 64, 127, 10_241, 1024.5, NaN] as const).map((value): InvalidInputCase => [
      `memorySize is ${value}`,
      withProps({ memorySize: value }),
      E.INVALID_PROP,
      'memorySize',
    ]),

    // timeout
    ['the timeout is zero', withProps({ timeout: Duration.seconds(0) }), E.INVALID_PROP, 'timeout'],
    ['the timeout is below 1 second', withProps({ timeout: Duration.millis(500) }), E.INVALID_PROP, 'timeout'],
    ['the timeout is above 15 minutes', withProps({ timeout: Duration.minutes(16) }), E.INVALID_PROP, 'timeout'],
    ['the timeout is far too large', withProps({ timeout: Duration.days(365) }), E.INVALID_PROP, 'timeout'],
    ['the timeout is not whole seconds', withProps({ timeout: Duration.millis(1500) }), E.INVALID_PROP, 'timeout'],
    [
      'the timeout is an unresolved token',
      withScope((scope) => ({
        timeout: Duration.seconds(new CfnParameter(scope, 'Timeout', { type: 'Number' }).valueAsNumber),
      })),
      E.UNRESOLVED_TOKEN,
      'timeout',
    ],

    // reservedConcurrentExecutions
    ...([0, -1, 2.5, 10_001] as const).map((value): InvalidInputCase => [
      `reserved concurrency is ${value}`,
      withProps({ reservedConcurrentExecutions: value }),
      E.INVALID_PROP,
      'reservedConcurrentExecutions',
    ]),
    [
      'a concurrency limit comes with its opt-out',
      withProps({ reservedConcurrentExecutions: 5, optOuts: { concurrencyLimit: { reason: 'x' } } }),
      E.CONFLICTING_PROPS,
      'reservedConcurrentExecutions',
    ],

    // logRetention
    ...retentionCases('logRetention', (days) => withProps({ logRetention: days as logs.RetentionDays })),

    // environment: secrets in plaintext, names, duplicates
    [
      'an environment variable name looks like a secret',
      withProps({ environment: { DB_PASSWORD: 'hunter2hunter2' } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'environment.DB_PASSWORD',
    ],
    [
      'an environment variable value is a private key',
      withProps({
        environment: { CONFIG: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----' },
      }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'environment.CONFIG',
    ],
    [
      'a connection string carries credentials',
      withProps({ environment: { DATABASE_URL: 'postgres://app:s3cr3t-Pa55@db.internal:5432/orders' } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'environment.DATABASE_URL',
    ],
    ...variableNameCases('environment', (_scope, name) => ({ environment: { [name]: 'value' } })),
    ...variableNameCases('secrets', (scope, name) => ({ secrets: { [name]: secret(scope) } })),
    [
      'a secret has the name of an environment variable',
      withScope((scope) => ({ environment: { DB_SECRET_ARN: 'x' }, secrets: { DB_SECRET_ARN: secret(scope) } })),
      E.CONFLICTING_PROPS,
      'secrets.DB_SECRET_ARN',
    ],
    [
      'addEnvironment is given a secret',
      () => fn().addEnvironment('GITHUB_TOKEN', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'environment.GITHUB_TOKEN',
    ],
    [
      'addEnvironment sets a variable that environment already sets',
      () => fn({ environment: { TABLE_NAME: 'orders' } }).addEnvironment('TABLE_NAME', 'customers'),
      E.CONFLICTING_PROPS,
      'environment.TABLE_NAME',
    ],
    [
      'addEnvironment sets a variable that a secret already sets',
      () => {
        const scope = stack();
        fn({ secrets: { DB_SECRET_ARN: secret(scope) } }, scope).addEnvironment('DB_SECRET_ARN', 'x');
      },
      E.CONFLICTING_PROPS,
      'environment.DB_SECRET_ARN',
    ],
    [
      'addEnvironment sets a reserved variable',
      () => fn().addEnvironment('AWS_LAMBDA_FUNCTION_NAME', 'x'),
      E.INVALID_PROP,
      'environment.AWS_LAMBDA_FUNCTION_NAME',
    ],
    [
      'addEnvironment is given an invalid name',
      () => fn().addEnvironment('my-var', 'x'),
      E.INVALID_PROP,
      'environment.my-var',
    ],

    // vpc, vpcSubnets, securityGroups, interfaceEndpoints
    [
      'the selected subnets are public',
      withScope((scope) => {
        const { vpc, sg } = ownVpc(scope, ec2.SubnetType.PUBLIC);
        return { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: [sg] };
      }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'vpcSubnets',
    ],
    [
      'the VPC has no isolated or private subnets',
      withScope((scope) => ({ ...withVpc(ownVpc(scope, ec2.SubnetType.PUBLIC)) })),
      E.INVALID_PROP,
      'vpc',
    ],
    [
      'subnets are selected without a VPC',
      withProps({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
      E.CONFLICTING_PROPS,
      'vpcSubnets',
    ],
    [
      'a VPC of your own comes without security groups',
      withScope((scope) => ({ vpc: ownVpc(scope, ec2.SubnetType.PRIVATE_ISOLATED).vpc })),
      E.INVALID_PROP,
      'securityGroups',
    ],
    ['the security group list is empty', withProps({ securityGroups: [] }), E.INVALID_PROP, 'securityGroups'],
    [
      'interface endpoints are asked for in a VPC of your own',
      withScope((scope) => ({
        ...withVpc(ownVpc(scope, ec2.SubnetType.PRIVATE_ISOLATED)),
        interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
      })),
      E.CONFLICTING_PROPS,
      'interfaceEndpoints',
    ],
    [
      'interface endpoints are asked for outside any VPC',
      withProps({
        interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
        optOuts: { vpc: { reason: 'Calls public APIs only' } },
      }),
      E.CONFLICTING_PROPS,
      'interfaceEndpoints',
    ],
    [
      'an interface endpoint is listed twice',
      withProps({
        interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS, ec2.InterfaceVpcEndpointAwsService.SQS],
      }),
      E.INVALID_PROP,
      'interfaceEndpoints',
    ],
    [
      'VPC settings come with the VPC opt-out',
      withScope((scope) => ({ vpc: new ec2.Vpc(scope, 'MyVpc'), optOuts: { vpc: { reason: 'x' } } })),
      E.CONFLICTING_PROPS,
      'vpc',
    ],

    // deadLetterTopic, signingProfiles, layers
    [
      'a dead-letter topic comes with the dead-letter opt-out',
      withScope((scope) => ({
        deadLetterTopic: new sns.Topic(scope, 'Dlq'),
        optOuts: { deadLetter: { reason: 'Only invoked synchronously' } },
      })),
      E.CONFLICTING_PROPS,
      'deadLetterTopic',
    ],
    ['the signing profile list is empty', withProps({ signingProfiles: [] }), E.INVALID_PROP, 'signingProfiles'],
    [
      'inline code under an enforcing code signing config (CDK never signs it)',
      withScope((scope) => ({ signingProfiles: [profileIn(scope)] })),
      E.CONFLICTING_PROPS,
      'code',
    ],
    [
      'a CDK asset under an enforcing code signing config (uploaded unsigned)',
      withScope((scope) => ({ code: lambda.Code.fromAsset(__dirname), signingProfiles: [profileIn(scope)] })),
      E.CONFLICTING_PROPS,
      'code',
    ],
    [
      'a container image with signing profiles (Lambda does not sign images), even under the WARN opt-out',
      withScope((scope) => ({
        code: lambda.Code.fromEcrImage(ecr.Repository.fromRepositoryName(scope, 'Repo', 'app')),
        signingProfiles: [profileIn(scope)],
        optOuts: { codeSigningEnforcement: { reason: 'Images are checked by ECR signing' } },
      })),
      E.CONFLICTING_PROPS,
      'code',
    ],
    [
      'the code-signing opt-out without signing profiles',
      withProps({ optOuts: { codeSigningEnforcement: { reason: 'Pipeline signs later' } } }),
      E.CONFLICTING_PROPS,
      'optOuts.codeSigningEnforcement',
    ],
    [
      'more than five layers are given',
      withScope((scope) => ({
        layers: Array.from({ length: 6 }, (_, i) =>
          lambda.LayerVersion.fromLayerVersionArn(
            scope,
            `L${i}`,
            `arn:aws:lambda:us-east-1:123456789012:layer:l${i}:1`,
          ),
        ),
      })),
      E.INVALID_PROP,
      'layers',
    ],

    // addFunctionUrl
    [
      'a function URL has no authentication',
      () => fn().addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'addFunctionUrl.authType',
    ],

    // optOuts
    ...functionOptOutCases('vpc'),
    ...functionOptOutCases('deadLetter'),
    ...functionOptOutCases('concurrencyLimit'),
    ...functionOptOutCases('codeSigningEnforcement'),
    ...functionOptOutCases('latestRuntime'),
    ...functionOptOutCases('publicSubnet'),
    [
      'the public-subnet opt-out is given for the shared isolated network',
      withProps({ optOuts: { publicSubnet: { reason: 'Legacy' } } }),
      E.CONFLICTING_PROPS,
      'optOuts.publicSubnet',
    ],
    [
      'the public-subnet opt-out is given outside any VPC',
      withProps({ optOuts: { vpc: { reason: 'No VPC' }, publicSubnet: { reason: 'Legacy' } } }),
      E.CONFLICTING_PROPS,
      'optOuts.publicSubnet',
    ],
    [
      'the public-subnet opt-out is given for isolated subnets',
      withScope((scope) => ({
        ...withVpc(ownVpc(scope, ec2.SubnetType.PRIVATE_ISOLATED)),
        optOuts: { publicSubnet: { reason: 'Legacy' } },
      })),
      E.CONFLICTING_PROPS,
      'optOuts.publicSubnet',
    ],
    [
      'a plaintext opt-out has no reason',
      withProps({
        environment: { OAUTH_CLIENT_ID: clientId },
        optOuts: { plaintextEnvironmentVariables: { OAUTH_CLIENT_ID: { reason: '' } } },
      }),
      E.OPT_OUT_WITHOUT_REASON,
      'optOuts.plaintextEnvironmentVariables.OAUTH_CLIENT_ID.reason',
    ],
    [
      'a plaintext opt-out for a variable that is not set has a whitespace reason',
      withProps({ optOuts: { plaintextEnvironmentVariables: { OAUTH_CLIENT_ID: { reason: '  ' } } } }),
      E.OPT_OUT_WITHOUT_REASON,
      'optOuts.plaintextEnvironmentVariables.OAUTH_CLIENT_ID.reason',
    ],
    [
      'a plaintext opt-out names no environment variable (found at synth)',
      () => {
        const { app, stack: scope } = newStack();
        fn(
          {
            environment: { OAUTH_CLIENT_ID: 'public-client' },
            optOuts: { plaintextEnvironmentVariables: { OAUTH_CLIENT_lD: { reason: 'Public client id' } } },
          },
          scope,
        );
        app.synth();
      },
      E.INVALID_PROP,
      'optOuts.plaintextEnvironmentVariables.OAUTH_CLIENT_lD',
    ],
    [
      'a secret-looking variable is refused although another variable is opted out',
      withProps({
        environment: { OTHER: clientId },
        optOuts: { plaintextEnvironmentVariables: { OTHER_ID: { reason: 'x' } } },
      }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'environment.OTHER',
    ],
  ];

  testInvalidInputs(cases, PATH);
});

/** Own-VPC props: the VPC and its security group. */
function withVpc({ vpc, sg }: { vpc: ec2.Vpc; sg: ec2.SecurityGroup }): Partial<SecureFunctionProps> {
  return { vpc, securityGroups: [sg] };
}

describe('SecureFunction with tokens', () => {
  const cases: TokenCase[] = [
    [
      'memorySize from a Number parameter',
      (s) => fn({ memorySize: Token.asNumber(new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber) }, s),
      'memorySize',
    ],
    [
      'reservedConcurrentExecutions from Lazy.number',
      (s) => fn({ reservedConcurrentExecutions: Lazy.number({ produce: () => 3 }) }, s),
      'reservedConcurrentExecutions',
    ],
    ['functionName with the region', (s) => fn({ functionName: `orders-${Aws.REGION}` }, s), 'functionName'],
    ['handler from Lazy.string', (s) => fn({ handler: Lazy.string({ produce: () => 'index.handler' }) }, s), 'handler'],
    [
      'description from a parameter',
      (s) => fn({ description: new CfnParameter(s, 'P').valueAsString }, s),
      'description',
    ],
  ];

  testTokenWarnings(cases, stack, PATH);

  test('an environment value that is a token is a reference: neither a warning nor an error', () => {
    const scope = stack();
    expect(() =>
      fn({ environment: { DB_PASSWORD: Lazy.string({ produce: () => 'x' }), REGION_NAME: Aws.REGION } }, scope),
    ).not.toThrow();
    expect(Annotations.fromStack(scope).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a signing profile list with one profile is accepted for code from S3', () => {
    const scope = stack();
    const bucket = s3.Bucket.fromBucketName(scope, 'Artifacts', 'signed-artifacts');
    const signed = lambda.Code.fromBucket(bucket, 'signed/handler.zip');
    expect(() => fn({ code: signed, signingProfiles: [profileIn(scope)] }, scope)).not.toThrow();
  });
});
