import { createRequire } from 'module';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedTable, OptOut, SecureFunction } from '../../src';
import { SecureConfigError, SecureErrorCode } from '../../src/core/errors';
import { CallerLanguage, callerLanguage, propLabel, propRef, renderPropPath } from '../../src/core/prop-names';
import { newStack } from '../support/compliance';
import { withEnv } from '../support/env';

/** jsii-pacmak's own name conversions, loaded from its dependencies, to check that we spell names as it does. */
const pacmakRequire = createRequire(require.resolve('jsii-pacmak/package.json'));
const { toSnakeCase } = pacmakRequire('codemaker') as { toSnakeCase: (name: string) => string };
const { toPythonIdentifier } = pacmakRequire('./lib/targets/python/util.js') as {
  toPythonIdentifier: (name: string) => string;
};
const { jsiiToPascalCase } = pacmakRequire('./lib/naming-util.js') as { jsiiToPascalCase: (name: string) => string };

const AGENTS: Record<string, string | undefined> = {
  typescript: undefined,
  python: 'Python/3.11.7',
  java: 'Java/17',
  go: 'go1.26.8/linux/amd64',
  dotnet: 'DotNet/8.0',
};

/** Runs `fn` with JSII_AGENT set to `agent` (unset for undefined), and restores the variable afterwards. */
function withAgent<T>(agent: string | undefined, fn: () => T): T {
  return withEnv('JSII_AGENT', agent, fn);
}

/** The error `build` throws, which must be a SecureConfigError. */
function errorOf(build: () => unknown): SecureConfigError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(SecureConfigError);
    return error as SecureConfigError;
  }
  throw new Error('expected a SecureConfigError, but nothing was thrown');
}

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

describe('callerLanguage: the language of the jsii app, from JSII_AGENT', () => {
  test.each([
    [undefined, 'typescript'],
    ['', 'typescript'],
    ['Python/3.11.7', 'python'],
    ['Java/17.0.2', 'java'],
    ['DotNet/8.0.1/.NETCoreApp,Version=v8.0/1.0.0.0', 'dotnet'],
    ['go1.26.8/linux/amd64', 'go'],
    ['node.js/v20.11.0', 'typescript'],
    ['SomethingElse/1', 'typescript'],
  ])('JSII_AGENT=%p is %s', (agent, language) => {
    // WHEN / THEN
    expect(callerLanguage(agent)).toBe(language);
  });

  test('reads JSII_AGENT when called, not when the module was loaded', () => {
    // GIVEN / WHEN
    const languages = [
      withAgent('Python/3.11.7', () => callerLanguage()),
      withAgent(undefined, () => callerLanguage()),
    ];

    // THEN
    expect(languages).toEqual(['python', 'typescript']);
  });
});

describe('renderPropPath: a prop path in the spelling of each language', () => {
  test.each<[string, Record<CallerLanguage, string>]>([
    [
      'optOuts.pointInTimeRecovery',
      {
        typescript: 'optOuts.pointInTimeRecovery',
        java: 'optOuts.pointInTimeRecovery',
        python: 'opt_outs.point_in_time_recovery',
        go: 'OptOuts.PointInTimeRecovery',
        dotnet: 'OptOuts.PointInTimeRecovery',
      },
    ],
    [
      'reservedConcurrentExecutions',
      {
        typescript: 'reservedConcurrentExecutions',
        java: 'reservedConcurrentExecutions',
        python: 'reserved_concurrent_executions',
        go: 'ReservedConcurrentExecutions',
        dotnet: 'ReservedConcurrentExecutions',
      },
    ],
    ['vpc', { typescript: 'vpc', java: 'vpc', python: 'vpc', go: 'Vpc', dotnet: 'Vpc' }],
  ])('%s', (path, expected) => {
    // WHEN
    const rendered = Object.fromEntries(
      (Object.keys(expected) as CallerLanguage[]).map((language) => [language, renderPropPath(path, language)]),
    );

    // THEN
    expect(rendered).toEqual(expected);
  });

  test.each([
    ['maxAzs', 'max_azs', 'MaxAzs'],
    ['vpcSubnets', 'vpc_subnets', 'VpcSubnets'],
    ['s3PrefixListId', 's3_prefix_list_id', 'S3PrefixListId'],
    ['http2Enabled', 'http2_enabled', 'Http2Enabled'],
    ['enableIPv6', 'enable_i_pv6', 'EnableIPv6'],
    ['vpcID', 'vpc_id', 'VpcID'],
    ['sizeInMiB', 'size_in_mib', 'SizeInMiB'],
    ['maxRequestBodySizeKiB', 'max_request_body_size_kib', 'MaxRequestBodySizeKiB'],
    ['webAclArn', 'web_acl_arn', 'WebAclArn'],
    ['a', 'a', 'A'],
    ['lambda', 'lambda_', 'Lambda'],
  ])('acronyms, digits and keywords: %s is %s in Python and %s in Go and .NET', (name, python, pascal) => {
    // WHEN / THEN
    expect([renderPropPath(name, 'python'), renderPropPath(name, 'go'), renderPropPath(name, 'dotnet')]).toEqual([
      python,
      pascal,
      pascal,
    ]);
  });

  test('spells every name as jsii-pacmak does (codemaker toSnakeCase and toPythonIdentifier, jsiiToPascalCase)', () => {
    // GIVEN
    const names = [
      'maxAzs',
      's3PrefixListId',
      'enableIPv6',
      'getHTTPResponse',
      'aBCd',
      'v2Props',
      'min1Max',
      'sizeInMiB',
      'sizeGiB2',
      'kiBSize',
      'xRayEnabled',
      'lambda',
      'grantReadWriteData',
      'plaintextEnvironmentVariables',
      'targetUtilizationPercent',
    ];

    // WHEN
    const ours = names.map((name) => [renderPropPath(name, 'python'), renderPropPath(name, 'go')]);

    // THEN
    expect(ours).toEqual(names.map((name) => [toPythonIdentifier(toSnakeCase(name)), jsiiToPascalCase(name)]));
  });

  test.each([
    ['an index is kept', 'globalSecondaryIndexes[0].indexName', 'global_secondary_indexes[0].index_name'],
    ['a map key is kept, even in camelCase', 'environment.apiKey', 'environment.apiKey'],
    [
      'a map key of a nested map prop is kept',
      'optOuts.plaintextEnvironmentVariables.tableName.reason',
      'opt_outs.plaintext_environment_variables.tableName.reason',
    ],
    ['a key that is no identifier is kept', 'secrets.my-secret', 'secrets.my-secret'],
    ['a key that is an unresolved token is kept', 'environment.${Token[TOKEN.12]}', 'environment.${Token[TOKEN.12]}'],
    ['a word after a key-less prop is converted', 'sortKey.name', 'sort_key.name'],
    [
      'an argument is kept',
      'addGlobalSecondaryIndex(byCustomer.v2).indexName',
      'add_global_secondary_index(byCustomer.v2).index_name',
    ],
    ['alternatives are converted', 'readCapacity/writeCapacity', 'read_capacity/write_capacity'],
    ['type names and enum members are kept', 'RemovalPolicy.DESTROY', 'RemovalPolicy.DESTROY'],
    [
      'a static method is converted',
      'lambda.Code.fromBucket(bucket, signedKey)',
      'lambda_.Code.from_bucket(bucket, signedKey)',
    ],
    [
      'quoted strings are kept',
      "partitionKey: { name: 'pkName', type: AttributeType.STRING }",
      "partition_key: { name: 'pkName', type: AttributeType.STRING }",
    ],
  ])('%s: %s is %s in Python', (_case, path, python) => {
    // WHEN / THEN
    expect(renderPropPath(path, 'python')).toBe(python);
  });

  test('a key stays as written in Go, where the prop before it is upper-cased', () => {
    // WHEN
    const rendered = [
      renderPropPath('environment.apiKey', 'go'),
      renderPropPath('optOuts.plaintextEnvironmentVariables.API_KEY.reason', 'go'),
      renderPropPath('globalSecondaryIndexes[0].indexName', 'dotnet'),
    ];

    // THEN
    expect(rendered).toEqual([
      'Environment.apiKey',
      'OptOuts.PlaintextEnvironmentVariables.API_KEY.Reason',
      'GlobalSecondaryIndexes[0].IndexName',
    ]);
  });
});

describe('propLabel and propRef: the caller spelling, with the TypeScript one where it differs', () => {
  test.each([
    [undefined, '"optOuts.backup"', 'optOuts.backup'],
    ['Java/17', '"optOuts.backup"', 'optOuts.backup'],
    ['Python/3.11.7', '"opt_outs.backup" (TypeScript: optOuts.backup)', 'opt_outs.backup'],
    ['go1.26.8/linux/amd64', '"OptOuts.Backup" (TypeScript: optOuts.backup)', 'OptOuts.Backup'],
    ['DotNet/8.0', '"OptOuts.Backup" (TypeScript: optOuts.backup)', 'OptOuts.Backup'],
  ])('JSII_AGENT=%p', (agent, label, ref) => {
    // WHEN
    const rendered = withAgent(agent, () => [propLabel('optOuts.backup'), propRef('optOuts.backup')]);

    // THEN
    expect(rendered).toEqual([label, ref]);
  });

  test('adds no TypeScript spelling when the caller spells the prop the same way', () => {
    // WHEN / THEN
    expect(withAgent('Python/3.11.7', () => propLabel('vpc'))).toBe('"vpc"');
  });
});

describe('SecureConfigError: props named in the caller language', () => {
  const agentBefore = process.env.JSII_AGENT;
  afterEach(() => {
    // withAgent restores JSII_AGENT; this checks that no test leaked it.
    expect(process.env.JSII_AGENT).toBe(agentBefore);
  });

  const blankReason = (stack: Stack) =>
    new EncryptedTable(stack, 'Orders', {
      partitionKey,
      optOuts: { pointInTimeRecovery: { reason: ' ' } as OptOut },
    });

  test.each([
    [
      'typescript',
      `[CSS003] TestStack/Orders: prop "optOuts.pointInTimeRecovery.reason": an opt-out needs a non-blank reason. Fix: give optOuts.pointInTimeRecovery a reason a security reviewer would accept, for example { reason: 'Ephemeral test data, no PII' }, or remove optOuts.pointInTimeRecovery to keep the control.`,
    ],
    [
      'java',
      `[CSS003] TestStack/Orders: prop "optOuts.pointInTimeRecovery.reason": an opt-out needs a non-blank reason. Fix: give optOuts.pointInTimeRecovery a reason a security reviewer would accept, for example { reason: 'Ephemeral test data, no PII' }, or remove optOuts.pointInTimeRecovery to keep the control.`,
    ],
    [
      'python',
      `[CSS003] TestStack/Orders: prop "opt_outs.point_in_time_recovery.reason" (TypeScript: optOuts.pointInTimeRecovery.reason): an opt-out needs a non-blank reason. Fix: give opt_outs.point_in_time_recovery a reason a security reviewer would accept, for example { reason: 'Ephemeral test data, no PII' }, or remove opt_outs.point_in_time_recovery to keep the control.`,
    ],
    [
      'go',
      `[CSS003] TestStack/Orders: prop "OptOuts.PointInTimeRecovery.Reason" (TypeScript: optOuts.pointInTimeRecovery.reason): an opt-out needs a non-blank reason. Fix: give OptOuts.PointInTimeRecovery a reason a security reviewer would accept, for example { Reason: 'Ephemeral test data, no PII' }, or remove OptOuts.PointInTimeRecovery to keep the control.`,
    ],
    [
      'dotnet',
      `[CSS003] TestStack/Orders: prop "OptOuts.PointInTimeRecovery.Reason" (TypeScript: optOuts.pointInTimeRecovery.reason): an opt-out needs a non-blank reason. Fix: give OptOuts.PointInTimeRecovery a reason a security reviewer would accept, for example { Reason: 'Ephemeral test data, no PII' }, or remove OptOuts.PointInTimeRecovery to keep the control.`,
    ],
  ])('an EncryptedTable opt-out with a blank reason, called from %s', (language, message) => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    const error = withAgent(AGENTS[language], () => errorOf(() => blankReason(stack)));

    // THEN
    expect(error.message).toBe(message);
    expect({ code: error.code, prop: error.prop }).toEqual({
      code: SecureErrorCode.OPT_OUT_WITHOUT_REASON,
      prop: 'optOuts.pointInTimeRecovery.reason',
    });
  });

  test.each([
    ['typescript', 'prop "removalPolicy": ', "set optOuts.deletionProtection: { reason: '...' } to allow"],
    ['java', 'prop "removalPolicy": ', "set optOuts.deletionProtection: { reason: '...' } to allow"],
    [
      'python',
      'prop "removal_policy" (TypeScript: removalPolicy): ',
      "set opt_outs.deletion_protection: { reason: '...' } to allow",
    ],
    [
      'go',
      'prop "RemovalPolicy" (TypeScript: removalPolicy): ',
      "set OptOuts.DeletionProtection: { Reason: '...' } to allow",
    ],
    [
      'dotnet',
      'prop "RemovalPolicy" (TypeScript: removalPolicy): ',
      "set OptOuts.DeletionProtection: { Reason: '...' } to allow",
    ],
  ])(
    'removalPolicy DESTROY without the opt-out, called from %s, names the opt-out in the fix',
    (language, prop, fix) => {
      // GIVEN
      const { stack } = newStack();

      // WHEN
      const error = withAgent(AGENTS[language], () =>
        errorOf(() => new EncryptedTable(stack, 'Orders', { partitionKey, removalPolicy: RemovalPolicy.DESTROY })),
      );

      // THEN
      expect(error.message).toContain(`[CSS004] TestStack/Orders: ${prop}destroy deletes the table`);
      expect(error.message).toContain(fix);
      expect(error.message).toContain('keep the default RETAIN'); // an enum member, the same in every language
      expect(error.prop).toBe('removalPolicy');
    },
  );

  test('a SecureFunction prop out of range, called from Python: the prop, and the props of the fix', () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    const error = withAgent('Python/3.11.7', () =>
      errorOf(
        () => new SecureFunction(stack, 'Handler', { code, handler: 'index.handler', reservedConcurrentExecutions: 0 }),
      ),
    );

    // THEN
    expect(error.message).toBe(
      '[CSS001] TestStack/Handler: prop "reserved_concurrent_executions" (TypeScript: reservedConcurrentExecutions): ' +
        '0 is not an integer from 1 to 10000. Fix: set reserved_concurrent_executions to at least 1 (0 would throttle ' +
        'every invocation), or set opt_outs.concurrency_limit with a reason.',
    );
    expect(error.prop).toBe('reservedConcurrentExecutions');
  });

  test('an environment variable name is a key: kept as written, after the prop in the caller spelling', () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    const error = withAgent('go1.26.8/linux/amd64', () =>
      errorOf(
        () =>
          new SecureFunction(stack, 'Handler', {
            code,
            handler: 'index.handler',
            environment: { AWS_REGION: 'us-east-1' },
          }),
      ),
    );

    // THEN
    expect(error.message).toContain('prop "Environment.AWS_REGION" (TypeScript: environment.AWS_REGION): ');
    expect(error.prop).toBe('environment.AWS_REGION');
  });
});
