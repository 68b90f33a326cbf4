import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrdersServiceStack } from '../../examples/app';
import { SecurityBaseline } from '../../src/baseline/security-baseline';
import { SecureBucket } from '../../src/bucket/secure-bucket';
import { ComplianceDecisions } from '../../src/compliance/decisions';
import { ALL_RULES } from '../../src/compliance/rules';
import { GuardHook, GuardHookFailureMode } from '../../src/guard/guard-hook';
import { guardRulesText } from '../../src/guard/rules-file';
import { GuardSuppressions } from '../../src/guard/suppressions';
import { ComplianceCase, complianceTests, newStack, synthThroughGate } from '../support/compliance';
import { guardVerdicts } from '../support/guard';
import { expectInvalidInput, SecureErrorCode } from '../support/invalid-input';

/** The Guard hook's stack input for `template`: the template, with the hook's context. */
const stackInput = (template: object, invocationPoint = 'CREATE_PRE_PROVISION') => ({
  HookContext: { TargetType: 'STACK', TargetName: 'STACK', InvocationPoint: invocationPoint },
  ...template,
});

/** The resources of `input` (a data file of `dir`) that fail a twin, as `rule at logical id` lines. */
function guardFailures(dir: string, name: string, input: object): string[] {
  writeFileSync(path.join(dir, name), JSON.stringify(input));
  const verdicts = guardVerdicts(ALL_RULES, path.join(dir, name), dir).get(name)!;
  return [...verdicts].flatMap(([rule, ids]) => [...ids].map((id) => `${rule} at ${id}`));
}

describe('GuardHook', () => {
  test('publishes the Guard rules as an asset and registers a FAIL-mode hook on stack operations', () => {
    // GIVEN
    const { app, stack } = newStack();

    // WHEN
    const hook = new GuardHook(stack, 'Guard');

    // THEN the hook reads the published rules with its own role, and skips the bootstrap stack
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      Alias: 'SecureServerless::Compliance::GuardHook',
      FailureMode: 'FAIL',
      HookStatus: 'ENABLED',
      TargetOperations: ['STACK'],
      ExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardRole'), 'Arn'] },
      RuleLocation: {
        Uri: Match.stringLikeRegexp('^s3://cdk-hnb659fds-assets-123456789012-us-east-1/[0-9a-f]{64}\\.guard$'),
      },
      StackFilters: { FilteringCriteria: 'ALL', StackNames: { Exclude: ['CDKToolkit'] } },
    });
    // AND the asset is the rules file of the catalog
    const assembly = app.synth();
    const staged = path.join(assembly.directory, hook.rules.assetPath);
    expect(readFileSync(staged, 'utf8')).toBe(guardRulesText(ALL_RULES));
  });

  test("the hook's role may only read the rules object and list its bucket, and only CloudFormation hooks of this account assume it", () => {
    // GIVEN
    const { stack } = newStack();

    // WHEN
    new GuardHook(stack, 'Guard');

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'hooks.cloudformation.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Effect: 'Allow',
            Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.guard$')])] }),
          },
          { Action: 's3:ListBucket', Effect: 'Allow', Resource: Match.anyValue() },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('writes failed evaluations to a log bucket, with the right to put objects and use its key', () => {
    // GIVEN
    const { stack } = newStack();
    const hookLogs = new SecureBucket(stack, 'HookLogs');

    // WHEN
    new GuardHook(stack, 'Guard', { logBucket: hookLogs, failureMode: GuardHookFailureMode.WARN, excludeStacks: [] });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      FailureMode: 'WARN',
      LogBucket: { Ref: Match.stringLikeRegexp('^HookLogs') },
      StackFilters: Match.absent(),
    });
    for (const statement of [
      { Action: 's3:PutObject', Resource: Match.anyValue() },
      {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ]) {
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
      });
    }
  });

  test('evaluates only the stacks of includeStacks, but those of excludeStacks', () => {
    const { stack } = newStack();
    new GuardHook(stack, 'Guard', { includeStacks: ['Orders', 'Billing'], excludeStacks: ['Orders'] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::GuardHook', {
      StackFilters: { FilteringCriteria: 'ALL', StackNames: { Include: ['Orders', 'Billing'], Exclude: ['Orders'] } },
    });
  });

  test.each([
    ['an alias of two parts', { alias: 'MyOrg::Guard' }, 'alias', /is not Organization::Service::Hook/],
    [
      'a reserved organization',
      { alias: 'AWS::Compliance::Guard' },
      'alias',
      /an organization CloudFormation reserves/,
    ],
    ['a reserved organization in any case', { alias: 'custom::Compliance::Guard' }, 'alias', /reserves/],
    ['51 stack names', { includeStacks: Array.from({ length: 51 }, (_, i) => `S${i}`) }, 'includeStacks', /at most 50/],
    [
      'a name that is no stack name',
      { excludeStacks: ['my_stack'] },
      'excludeStacks',
      /'my_stack' is not a stack name/,
    ],
  ])('refuses %s', (_name, props, prop, problem) => {
    const build = () => new GuardHook(newStack().stack, 'Guard', props);
    expectInvalidInput(build, SecureErrorCode.INVALID_PROP, prop as string, 'TestStack/Guard');
    expect(build).toThrow(problem as RegExp);
  });
});

describe("the hook's rules on a stack operation", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'guard-hook-'));
  });

  test('pass the example app synthesized through the gate: its decisions travel in the template', () => {
    // GIVEN the example app, through the gate (which writes its decisions into the template)
    const app = new App({ outdir: path.join(dir, 'gated') });
    const stack = new OrdersServiceStack(app, 'OrdersService', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    synthThroughGate(app, { printSummary: false, writeReports: false });
    const template = Template.fromStack(stack).toJSON();

    // THEN every twin passes it as the hook's stack input
    expect(guardFailures(dir, 'gated.json', stackInput(template))).toEqual([]);
    // AND its decisions are what let it pass: the library's exception for the state machine's log delivery
    // (actions that accept only `*`), and the app's opt-outs (the public health check, no PITR on idempotency keys)
    const suppressed = Object.values(template.Resources as Record<string, any>).flatMap(
      (r) => r.Metadata?.guard?.SuppressedRules ?? [],
    );
    expect([...new Set(suppressed)].sort()).toEqual([
      'SecureServerless_ApiMethodAuthorization',
      'SecureServerless_DynamoDBPointInTimeRecovery',
      'SecureServerless_IamWildcardResource',
    ]);
  });

  test('refuse the same app synthesized without the gate, where no decision is in the template', () => {
    // GIVEN
    const app = new App({ outdir: path.join(dir, 'plain') });
    const stack = new OrdersServiceStack(app, 'OrdersService', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });

    // WHEN
    const failures = guardFailures(dir, 'plain.json', stackInput(Template.fromStack(stack).toJSON()));

    // THEN what the decisions accepted fails: the log delivery policy, the public health check, the table without PITR
    expect([...new Set(failures.map((f) => f.replace(/ at .*/, '')))].sort()).toEqual([
      'SecureServerless_ApiMethodAuthorization',
      'SecureServerless_DynamoDBPointInTimeRecovery',
      'SecureServerless_IamWildcardResource',
    ]);
  });

  test('pass the SecurityBaseline that holds the hook, synthesized through the gate, so its own updates deploy', () => {
    // GIVEN
    const app = new App({ outdir: path.join(dir, 'baseline') });
    const baseline = new SecurityBaseline(app, 'SecurityBaseline', {
      env: { account: '123456789012', region: 'eu-west-1' },
      guardHook: {},
    });
    synthThroughGate(app, { printSummary: false, writeReports: false });

    // THEN
    expect(guardFailures(dir, 'baseline.json', stackInput(Template.fromStack(baseline).toJSON()))).toEqual([]);
  });

  test('never block a deletion', () => {
    // GIVEN a bucket that breaks rules
    const { stack } = newStack();
    new s3.CfnBucket(stack, 'Plain');
    const template = Template.fromStack(stack).toJSON();

    // THEN creating the stack fails, deleting it passes
    expect(guardFailures(dir, 'create.json', stackInput(template))).not.toEqual([]);
    expect(guardFailures(dir, 'delete.json', stackInput(template, 'DELETE_PRE_PROVISION'))).toEqual([]);
  });
});

/** The stack's access log bucket's two Control Tower failures, as test/bucket/secure-bucket.compliance.test.ts explains. */
const LOG_BUCKET_FAILURES = [
  's3_bucket_default_encryption_kms_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
  's3_bucket_logging_enabled_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
];

describe('GuardHook compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default hook', ({ stack }) => new GuardHook(stack, 'Guard')],
    [
      'a hook that logs to a SecureBucket',
      ({ stack }) => new GuardHook(stack, 'Guard', { logBucket: new SecureBucket(stack, 'HookLogs') }),
      LOG_BUCKET_FAILURES,
    ],
  ];
  complianceTests('GuardHook compliance', cases);
});

// A hook in a stack of its own, as the README shows.
test('a stack with only the hook synthesizes', () => {
  const app = new App();
  const stack = new Stack(app, 'Baseline', { env: { account: '123456789012', region: 'eu-west-1' } });
  new GuardHook(stack, 'Guard');
  expect(() => app.synth()).not.toThrow();
});

describe('the gate writes its decisions on our rules into the template (GuardSuppressions), for the Guard twins', () => {
  let lastStack: Stack;
  /** The logical id of the L1 child of the construct `id` of the last stack `suppressions` built. */
  const logicalIdOf = (id: string) =>
    lastStack.getLogicalId(lastStack.node.findChild(id).node.defaultChild as CfnElement);

  /** `Metadata.guard.SuppressedRules` of each resource of the stack that has some, by logical id. */
  function suppressions(build: (stack: Stack) => void, today = '2026-12-01'): Record<string, string[]> {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'guard-suppressions-')) });
    const stack = new Stack(app, 'Service', { env: { account: '123456789012', region: 'eu-west-1' } });
    lastStack = stack;
    build(stack);
    // The aspect ComplianceGate.apply adds (the example app's test above goes through the gate itself).
    Aspects.of(app).add(new GuardSuppressions(today));
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
    return Object.fromEntries(
      Object.entries(resources)
        .filter(([, r]) => r.Metadata?.guard)
        .map(([id, r]) => [id, r.Metadata.guard.SuppressedRules]),
    );
  }

  test('on every resource under the construct a decision is recorded on, once per rule, sorted', () => {
    const written = suppressions((stack) => {
      const group = new logs.LogGroup(stack, 'Audit');
      ComplianceDecisions.of(group).acknowledge({
        ruleId: 'SecureServerless-LogGroupRetention',
        reason: 'Kept by a legal hold',
      });
      ComplianceDecisions.of(stack).acknowledge({
        ruleId: 'SecureServerless-LogGroupCustomerManagedKey',
        reason: 'No personal data',
      });
      new logs.CfnLogGroup(stack, 'Other');
    });
    expect(written).toEqual({
      [logicalIdOf('Audit')]: ['SecureServerless_LogGroupCustomerManagedKey', 'SecureServerless_LogGroupRetention'],
      Other: ['SecureServerless_LogGroupCustomerManagedKey'],
    });
  });

  test("a control's or a granular finding's decision suppresses our rule's twin; other packs' rules and rules without a twin write nothing", () => {
    const written = suppressions((stack) => {
      const table = new dynamodb.CfnTable(stack, 'A', {
        keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
        attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
        billingMode: 'PAY_PER_REQUEST',
      });
      ComplianceDecisions.of(table).acknowledge({
        control: 'DynamoDBPITREnabled',
        reason: 'Rebuilt from the event log',
      });
      const policy = new iam.CfnManagedPolicy(stack, 'B', {
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
        },
      });
      Validations.of(policy).acknowledge({
        id: 'SecureServerless-IamWildcardResource[s3:ListAllMyBuckets]',
        reason: 'The action accepts only *',
      });
      const bucket = new s3.CfnBucket(stack, 'C');
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Logged elsewhere' });
      Validations.of(bucket).acknowledge({ id: 'SecureServerless-S3TlsOnly', reason: 'A rule without a Guard twin' });
    });
    expect(written).toEqual({
      A: ['SecureServerless_DynamoDBPointInTimeRecovery'],
      B: ['SecureServerless_IamWildcardResource'],
    });
  });

  test('an expired decision is not written, so Guard fails the resource as the gate does', () => {
    const build = (stack: Stack) => {
      const group = new logs.CfnLogGroup(stack, 'A');
      ComplianceDecisions.of(group).acknowledge({
        ruleId: 'SecureServerless-LogGroupRetention',
        reason: 'Until the retention policy is agreed',
        expires: '2026-12-31',
      });
    };
    expect(suppressions(build, '2026-12-31')).toEqual({ A: ['SecureServerless_LogGroupRetention'] });
    expect(suppressions(build, '2027-01-01')).toEqual({});
  });

  test('keeps suppressions a resource already has in Metadata.guard', () => {
    const written = suppressions((stack) => {
      const group = new logs.CfnLogGroup(stack, 'A');
      group.addMetadata('guard', { SuppressedRules: ['CLOUDWATCH_LOG_GROUP_ENCRYPTED'], Note: 'kept' });
      ComplianceDecisions.of(group).acknowledge({
        ruleId: 'SecureServerless-LogGroupRetention',
        reason: 'Kept by a legal hold',
      });
    });
    expect(written).toEqual({ A: ['CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'SecureServerless_LogGroupRetention'] });
  });
});
