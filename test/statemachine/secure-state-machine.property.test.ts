import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as fc from 'fast-check';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureStateMachine } from '../../src/statemachine/secure-state-machine';
import { SecureStateMachineProps } from '../../src/statemachine/secure-state-machine-props';
import { EncryptedTable } from '../../src/table/encrypted-table';
import { SecureTopic } from '../../src/topic/secure-topic';
import {
  buildTable,
  DEFAULT_TABLE_SPEC,
  defined,
  expectNoUnacknowledgedFindings,
  lintSampleEvery,
  maybe,
  newPropertyStack,
  optOutArb,
  propertyParameters,
  PropertyTally,
  userKey,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureStateMachine configuration (standard or express, named or not, timeout, own key,
 * log retention, the execution-data opt-out), running a chain of one to three states (a Lambda invocation, a
 * DynamoDB put or get on an EncryptedTable, an SQS send to a SecureQueue, an SNS publish to a SecureTopic, a pass
 * or a wait), sometimes started by a SecureFunction, has zero unacknowledged findings in the six packs and no
 * acknowledgment that matches nothing; it logs every event, is traced and encrypted with a customer-managed key,
 * and no identity policy allows a wildcard action or `*` beyond log delivery and X-Ray. A SecureFunction brings
 * the isolated network, so the Lambda task and the starting function are the rare parts.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(
  `SecureStateMachine random configurations, 1 in ${lintSampleEvery()}`,
  lintSampleEvery(),
);
const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

type StepKind = 'lambda' | 'putItem' | 'getItem' | 'sqs' | 'sns' | 'pass' | 'wait';

const stepArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<StepKind>('lambda') },
  { weight: 10, arbitrary: fc.constantFrom<StepKind>('putItem', 'getItem', 'sqs', 'sns', 'pass', 'wait') },
);

const caseArb = fc
  .record({
    type: fc.constantFrom(sfn.StateMachineType.STANDARD, sfn.StateMachineType.EXPRESS),
    name: maybe(fc.constantFrom('orders-flow', 'Order_Processing_v2', 'x'.repeat(80))),
    timeoutFraction: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    ownKey: fc.boolean(),
    logRetention: maybe(
      fc.constantFrom(logs.RetentionDays.ONE_WEEK, logs.RetentionDays.ONE_YEAR, logs.RetentionDays.FIVE_YEARS),
    ),
    executionDataOptOut: fc.option(optOutArb, { nil: undefined, freq: 4 }),
    steps: fc.array(fc.record({ kind: stepArb, table: fc.constantFrom(0, 0, 1), ownTableKey: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
    starter: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'async', 'sync'),
  })
  .map(({ timeoutFraction, ...drawn }) => {
    // Express executions run for at most five minutes, standard ones for at most a year.
    const maxSeconds = drawn.type === sfn.StateMachineType.EXPRESS ? 300 : 365 * 24 * 3600;
    return defined({
      ...drawn,
      timeoutSeconds: timeoutFraction === undefined ? undefined : Math.max(1, Math.round(timeoutFraction * maxSeconds)),
      // StartSyncExecution is for express state machines only.
      starter: drawn.starter === 'sync' && drawn.type === sfn.StateMachineType.STANDARD ? 'async' : drawn.starter,
    });
  });

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  readonly chain: sfn.IChainable;
  /** The tables that DynamoDB tasks of the chain use, and whether one of them writes. */
  readonly tables: Array<{ readonly table: EncryptedTable; readonly writes: boolean }>;
}

function buildChain(stack: Stack, spec: Case): Built {
  const tables = new Map<number, { table: EncryptedTable; writes: boolean }>();
  const table = (index: number, ownKey: boolean, writes: boolean): EncryptedTable => {
    const used = tables.get(index) ?? {
      table: buildTable(stack, `Table${index}`, { ...DEFAULT_TABLE_SPEC, key: { kind: ownKey ? 'own' : 'default' } }),
      writes: false,
    };
    tables.set(index, { table: used.table, writes: used.writes || writes });
    return used.table;
  };
  let queue: SecureQueue | undefined;
  let topic: SecureTopic | undefined;
  let worker: SecureFunction | undefined;
  const states = spec.steps.map((step, i): sfn.TaskStateBase | sfn.Pass | sfn.Wait => {
    const id = `Step${i}`;
    switch (step.kind) {
      case 'lambda':
        worker ??= new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });
        return new tasks.LambdaInvoke(stack, id, { lambdaFunction: worker, resultPath: '$.worker' });
      case 'putItem':
        return new tasks.DynamoPutItem(stack, id, {
          table: table(step.table, step.ownTableKey, true).table,
          item: { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
          resultPath: sfn.JsonPath.DISCARD,
        });
      case 'getItem':
        return new tasks.DynamoGetItem(stack, id, {
          table: table(step.table, step.ownTableKey, false).table,
          key: { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
          resultPath: '$.item',
        });
      case 'sqs':
        queue ??= new SecureQueue(stack, 'Shipping');
        return new tasks.SqsSendMessage(stack, id, {
          queue,
          messageBody: sfn.TaskInput.fromJsonPathAt('$'),
          resultPath: sfn.JsonPath.DISCARD,
        });
      case 'sns':
        topic ??= new SecureTopic(stack, 'Events');
        return new tasks.SnsPublish(stack, id, {
          topic,
          message: sfn.TaskInput.fromJsonPathAt('$'),
          resultPath: sfn.JsonPath.DISCARD,
        });
      case 'pass':
        return new sfn.Pass(stack, id);
      case 'wait':
        return new sfn.Wait(stack, id, { time: sfn.WaitTime.duration(Duration.seconds(1)) });
    }
  });
  const [first, ...rest] = states;
  const chain = rest.reduce<sfn.Chain>((c, s) => c.next(s), sfn.Chain.start(first));
  return { chain, tables: [...tables.values()] };
}

type Resources = Record<string, { Properties: Record<string, any> }>;
interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every statement of the template's identity policies, with the roles it is attached to. */
function identityStatements(template: Template): Array<{ statement: Statement; roles: unknown[] }> {
  const out: Array<{ statement: Statement; roles: unknown[] }> = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const r of Object.values(template.findResources(type) as Resources)) {
      for (const statement of asList<Statement>(r.Properties.PolicyDocument.Statement)) {
        out.push({ statement, roles: asList(r.Properties.Roles) });
      }
    }
  }
  for (const [logicalId, r] of Object.entries(template.findResources('AWS::IAM::Role') as Resources)) {
    for (const policy of asList<{ PolicyDocument: { Statement: Statement[] } }>(r.Properties.Policies)) {
      for (const statement of asList(policy.PolicyDocument.Statement)) {
        out.push({ statement, roles: [{ Ref: logicalId }] });
      }
    }
  }
  return out;
}

/** What a state machine's role may do on `*`: log delivery and X-Ray, which have no resource-level permissions. */
const STAR_RESOURCE_ACTION = /^(logs:\w*Deliver(y|ies)\w*|logs:Describe\w+|logs:PutResourcePolicy|xray:\w+)$/;

describe('SecureStateMachine property', () => {
  afterAll(() => {
    tally.report(
      'SecureStateMachine',
      tally.count('runs'),
      `${tally.count('tasks')} states, ${tally.count('dynamodb')} DynamoDB tasks, ${tally.count('functions')} with a SecureFunction`,
    );
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(caseArb, (spec: Case) => {
        const { app, stack } = newPropertyStack();
        const { chain, tables } = buildChain(stack, spec);
        const props: SecureStateMachineProps = defined({
          definitionBody: sfn.DefinitionBody.fromChainable(chain),
          stateMachineType: spec.type,
          stateMachineName: spec.name,
          timeout: spec.timeoutSeconds === undefined ? undefined : Duration.seconds(spec.timeoutSeconds),
          encryptionKey: spec.ownKey ? userKey(stack, 'FlowKey') : undefined,
          logRetention: spec.logRetention,
          optOuts: spec.executionDataOptOut ? { executionDataExclusion: spec.executionDataOptOut } : undefined,
        });
        const workflow = new SecureStateMachine(stack, 'Flow', props);
        if (spec.starter !== 'none') {
          const starter = new SecureFunction(stack, 'Starter', { code, handler: 'index.handler' });
          if (spec.starter === 'sync') {
            workflow.grantStartSyncExecution(starter);
          } else {
            workflow.grantStartExecution(starter);
          }
        }
        expectNoUnacknowledgedFindings(app, spec);

        const template = Template.fromStack(stack);
        const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine') as Resources);
        expect(machines).toHaveLength(1);
        const machine = machines[0].Properties;
        expect(machine.LoggingConfiguration).toEqual(
          expect.objectContaining({ Level: 'ALL', IncludeExecutionData: spec.executionDataOptOut !== undefined }),
        );
        expect(machine.TracingConfiguration).toEqual({ Enabled: true });
        expect(machine.EncryptionConfiguration).toEqual(
          expect.objectContaining({
            Type: 'CUSTOMER_MANAGED_KMS_KEY',
            KmsKeyId: stack.resolve(workflow.encryptionKey.keyArn),
          }),
        );

        const roleRef = stack.resolve((workflow.role as iam.Role).roleName);
        const statements = identityStatements(template);
        for (const { statement } of statements.filter((s) => s.statement.Effect === 'Allow')) {
          for (const action of asList(statement.Action)) {
            // No wildcard action in any identity policy, kms:GenerateDataKey* included.
            expect([action, statement]).toEqual([action.replace(/\*/g, ''), statement]);
          }
        }
        const roleStatements = statements
          .filter((s) => s.roles.some((r) => JSON.stringify(r) === JSON.stringify(roleRef)))
          .map((s) => s.statement);
        for (const statement of roleStatements.filter((s) => asList(s.Resource).includes('*'))) {
          expect(asList(statement.Action).filter((a) => !STAR_RESOURCE_ACTION.test(a))).toEqual([]);
        }

        // Each DynamoDB task's table key is usable by the role (to read, or to write when a task writes), through
        // DynamoDB only: DynamoDB refuses the item call of a principal that may not use the table's key.
        for (const { table, writes } of tables) {
          const keyArn = JSON.stringify(stack.resolve(table.encryptionKey!.keyArn));
          const keyActions = roleStatements
            .filter(
              (s) =>
                asList(s.Resource).some((r) => JSON.stringify(r) === keyArn) &&
                s.Condition?.StringEquals?.['kms:ViaService'] === 'dynamodb.us-east-1.amazonaws.com',
            )
            .flatMap((s) => asList(s.Action));
          const needed = writes ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
          expect([table.node.path, keyActions]).toEqual([table.node.path, expect.arrayContaining(needed)]);
        }

        corpus.sample(app);
        tally.add('runs');
        tally.add('tasks', spec.steps.length);
        tally.add('dynamodb', spec.steps.filter((s) => s.kind === 'putItem' || s.kind === 'getItem').length);
        tally.add('functions', spec.starter !== 'none' || spec.steps.some((s) => s.kind === 'lambda') ? 1 : 0);
      }),
      propertyParameters(),
    );
  }, 300_000);

  test('cfn-lint finds no error in a sample of the configurations above', () => {
    corpus.expectValid();
  }, 120_000);
});
