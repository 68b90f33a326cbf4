import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureStateMachine } from '../../src/statemachine/secure-state-machine';
import { EncryptedTable } from '../../src/table/encrypted-table';
import { ComplianceCase, complianceTests, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => undefined;');

describe('SecureStateMachine compliance', () => {
  const cases: ComplianceCase[] = [
    [
      'a state machine that invokes a SecureFunction',
      ({ stack }) => {
        const worker = new SecureFunction(stack, 'Worker', { code, handler: 'index.handler' });
        new SecureStateMachine(stack, 'Orders', {
          definitionBody: sfn.DefinitionBody.fromChainable(
            new tasks.LambdaInvoke(stack, 'Charge', { lambdaFunction: worker }),
          ),
        });
      },
    ],
    [
      'an express state machine that writes to a table and a queue, started by a function',
      ({ stack }) => {
        const table = new EncryptedTable(stack, 'Orders', {
          partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        });
        const queue = new SecureQueue(stack, 'Shipping');
        const workflow = new SecureStateMachine(stack, 'Flow', {
          stateMachineType: sfn.StateMachineType.EXPRESS,
          definitionBody: sfn.DefinitionBody.fromChainable(
            new tasks.DynamoPutItem(stack, 'Save', {
              table: table.table,
              item: { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
            }).next(
              new tasks.SqsSendMessage(stack, 'Ship', {
                queue,
                messageBody: sfn.TaskInput.fromJsonPathAt('$'),
              }),
            ),
          ),
        });
        workflow.grantStartSyncExecution(new SecureFunction(stack, 'Starter', { code, handler: 'index.handler' }));
      },
    ],
    [
      'a state machine that logs execution data under an opt-out, with a name and a retention',
      ({ stack }) =>
        new SecureStateMachine(stack, 'Flow', {
          stateMachineName: 'orders-flow',
          logRetention: logs.RetentionDays.TWO_YEARS,
          definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')),
          optOuts: { executionDataExclusion: { reason: 'Synthetic test data only', ticket: 'SEC-9' } },
        }),
    ],
  ];

  complianceTests('SecureStateMachine compliance', cases);

  test('the same state machine built from plain aws-cdk-lib fails, so the checks above can fail', () => {
    // GIVEN a state machine without logging and tracing
    const fixture = newStack();
    new sfn.StateMachine(fixture.stack, 'Plain', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(fixture.stack, 'Noop')),
    });

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-SF1 at TestStack/Plain/Resource',
        'error AwsSolutions-SF2 at TestStack/Plain/Resource',
        expect.stringMatching(/^\w+ Serverless-StepFunctionStateMachineXray at TestStack\/Plain\/Resource$/),
      ]),
    );
  });
});
