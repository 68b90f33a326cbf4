import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { DECISION_METADATA } from '../../src/compliance/decisions';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureStateMachine } from '../../src/statemachine/secure-state-machine';
import { SecureStateMachineProps } from '../../src/statemachine/secure-state-machine-props';
import { EncryptedTable } from '../../src/table/encrypted-table';
import { newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
const DATA_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] };
const LOGS_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsLogsKey'), 'Arn'] };
const arnOf = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:us-east-1:123456789012:stateMachine:${name}`]],
});

function build(props: Partial<SecureStateMachineProps> = {}): { stack: Stack; workflow: SecureStateMachine } {
  const { stack } = newStack();
  const workflow = new SecureStateMachine(stack, 'Flow', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')),
    ...props,
  });
  return { stack, workflow };
}

describe('SecureStateMachine defaults', () => {
  test('a standard state machine that logs every event without execution data, traced, with the data key', () => {
    // WHEN
    const { stack } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      StateMachineName: Match.stringLikeRegexp('^TestStack-Flow-[0-9A-F]{8}-STANDARD$'),
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          {
            CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FlowLogGroup'), 'Arn'] } },
          },
        ],
      },
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: DATA_KEY },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: LOGS_KEY, RetentionInDays: 365 });
  });

  test('its own role, which only Step Functions for this state machine of this account may assume', () => {
    // WHEN
    const { stack } = build({ stateMachineName: 'orders' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'states.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': arnOf('orders') },
            },
          },
        ],
      },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('the role may use the key for this state machine only, and log delivery and X-Ray sit in a policy of their own', () => {
    // WHEN
    const { stack } = build({ stateMachineName: 'orders' });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Resource: DATA_KEY,
            Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': arnOf('orders') } },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FlowRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(['logs:CreateLogDelivery']), Resource: '*' }),
          Match.objectLike({ Action: Match.arrayWith(['xray:PutTraceSegments']), Resource: '*' }),
        ],
      },
    });
  });
});

describe('SecureStateMachine configuration', () => {
  test('an express state machine is logged, traced and encrypted the same way', () => {
    // WHEN
    const { stack } = build({ stateMachineType: sfn.StateMachineType.EXPRESS });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      StateMachineName: Match.stringLikeRegexp('-EXPRESS$'),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
    });
  });

  test('its own key', () => {
    // GIVEN
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });

    // WHEN
    new SecureStateMachine(stack, 'Flow', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')),
      encryptionKey: key,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: {
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: { 'Fn::GetAtt': ['MyKey6AB29FA6', 'Arn'] },
      },
    });
  });

  test('execution data is logged under optOuts.executionDataExclusion, and the decision is recorded', () => {
    // WHEN
    const { stack, workflow } = build({
      optOuts: { executionDataExclusion: { reason: 'Synthetic data only', ticket: 'SEC-9' } },
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    const decisions = workflow.node.metadata.filter((m) => m.type === DECISION_METADATA).map((m) => m.data);
    expect(decisions).toEqual([
      expect.objectContaining({
        reason: 'Synthetic data only',
        ticket: 'SEC-9',
        optOut: 'optOuts.executionDataExclusion',
      }),
    ]);
  });
});

describe('SecureStateMachine grants', () => {
  test('a LambdaInvoke task of a SecureFunction invokes exactly the function, in the customer-managed policy', () => {
    // GIVEN
    const { stack } = newStack();
    const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });

    // WHEN
    new SecureStateMachine(stack, 'Flow', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.LambdaInvoke(stack, 'Call', { lambdaFunction: worker }),
      ),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FlowRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkerFunction'), 'Arn'] },
          },
        ]),
      },
    });
  });

  test('an SqsSendMessage task gets kms:GenerateDataKey on the queue key, not kms:GenerateDataKey*', () => {
    // GIVEN
    const { stack } = newStack();
    const queue = new SecureQueue(stack, 'Orders');

    // WHEN
    new SecureStateMachine(stack, 'Flow', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.SqsSendMessage(stack, 'Send', { queue, messageBody: sfn.TaskInput.fromText('hi') }),
      ),
    });

    // THEN
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
    const actions = Object.values(policies)
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'kms:GenerateDataKey']));
    expect(actions).not.toContain('kms:GenerateDataKey*');
  });

  test.each([
    ['DynamoPutItem', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']],
    ['DynamoGetItem', 'kms:Decrypt'],
  ])('a %s task on an EncryptedTable may use the table key, through DynamoDB only', (task, keyActions) => {
    // GIVEN
    const { stack } = newStack();
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const key = { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) };

    // WHEN
    new SecureStateMachine(stack, 'Flow', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        task === 'DynamoPutItem'
          ? new tasks.DynamoPutItem(stack, 'Save', { table: table.table, item: key })
          : new tasks.DynamoGetItem(stack, 'Load', { table: table.table, key }),
      ),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^FlowRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: keyActions,
            Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
          },
        ]),
      },
    });
  });

  test('a DynamoDB task on a table without a customer-managed key gets no key statement', () => {
    // GIVEN
    const { stack } = newStack();
    const table = new dynamodb.Table(stack, 'Plain', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    // WHEN
    new SecureStateMachine(stack, 'Flow', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.DynamoGetItem(stack, 'Load', { table, key: { pk: tasks.DynamoAttributeValue.fromString('x') } }),
      ),
    });

    // THEN
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((statement: any) => JSON.stringify(statement).includes('kms:ViaService'));
    expect(statements).toEqual([]);
  });

  test('grantStartExecution lets the grantee start executions, which needs nothing of the key', () => {
    // GIVEN
    const { stack, workflow } = build({ stateMachineName: 'orders' });
    const starter = new iam.Role(stack, 'Starter', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    workflow.grantStartExecution(starter);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Starter') }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'states:StartExecution',
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^FlowStateMachine') },
          },
        ],
      },
    });
  });

  test.each([
    ['grantRead', (workflow: SecureStateMachine, grantee: iam.IGrantable) => workflow.grantRead(grantee)],
    [
      'grantStartSyncExecution',
      (workflow: SecureStateMachine, grantee: iam.IGrantable) => workflow.grantStartSyncExecution(grantee),
    ],
  ])('%s adds kms:Decrypt through Step Functions, for this state machine only', (_name, grant) => {
    // GIVEN
    const { stack, workflow } = build({ stateMachineName: 'orders' });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    grant(workflow, reader);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: DATA_KEY,
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:aws:states:stateMachineArn': arnOf('orders'),
                'kms:ViaService': 'states.us-east-1.amazonaws.com',
              },
            },
          },
        ]),
      },
    });
  });

  test('a SecureFunction that starts synchronous executions gets the states endpoint and no KMS endpoint', () => {
    // GIVEN
    const { stack, workflow } = build({ stateMachineType: sfn.StateMachineType.EXPRESS });
    const starter = new SecureFunction(stack, 'Starter', { code, handler: 'index.handler' });

    // WHEN
    workflow.grantStartSyncExecution(starter);

    // THEN
    const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint')).map((e: any) =>
      JSON.stringify(e.Properties.ServiceName),
    );
    expect(endpoints.some((name) => name.includes('.states'))).toBe(true);
    expect(endpoints.some((name) => name.includes('.kms'))).toBe(false);
  });

  test('is an sfn.IStateMachine that aws-cdk-lib targets and metrics accept', () => {
    // GIVEN
    const { workflow } = build();

    // THEN
    const asInterface: sfn.IStateMachine = workflow;
    expect(asInterface.stateMachineArn).toBe(workflow.stateMachine.stateMachineArn);
    expect(workflow.metricFailed().metricName).toBe('ExecutionsFailed');
    expect(workflow.grantPrincipal).toBe(workflow.role);
  });
});
