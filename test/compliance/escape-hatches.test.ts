import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { EncryptedTable, SecureApi, SecureFunction, SecureStateMachine } from '../../src';
import { newStack, synthThroughGate } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

interface Service {
  readonly app: App;
  readonly stack: Stack;
  readonly table: EncryptedTable;
  readonly fn: SecureFunction;
  readonly method: apigateway.Method;
  readonly api: SecureApi;
  readonly workflow: SecureStateMachine;
}

function service(): Service {
  const { app, stack } = newStack();
  const table = new EncryptedTable(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  table.grantReadData(fn);
  const certificate = acm.Certificate.fromCertificateArn(
    stack,
    'Certificate',
    'arn:aws:acm:eu-west-1:123456789012:certificate/abcd',
  );
  const api = new SecureApi(stack, 'Api', { domainName: { domainName: 'api.example.com', certificate } });
  const method = api.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(fn));
  const workflow = new SecureStateMachine(stack, 'Workflow', {
    definitionBody: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(stack, 'Charge', { lambdaFunction: fn })),
  });
  return { app, stack, table, fn, method, api, workflow };
}

/** Synthesizes through the gate and returns whether synth failed and the rule ids of the findings. */
function synthesize(app: App): { failed: boolean; ruleIds: string[] } {
  const { gate, exitCode } = synthThroughGate(app, { printSummary: false, writeReports: false });
  return { failed: exitCode === 1, ruleIds: (gate.result?.violations ?? []).map((v) => v.ruleId) };
}

const cfn = (construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as CfnResource;

describe('escape-hatch weakenings fail synth', () => {
  test('the same app without a weakening passes', () => {
    const { app } = service();

    expect(synthesize(app)).toEqual({ failed: false, ruleIds: [] });
  });

  const weakenings: Array<[string, (s: Service) => void, string]> = [
    [
      "removing the table's key",
      (s) => cfn(s.table.table).addPropertyOverride('SSESpecification', { SSEEnabled: false }),
      'SecureServerless-DynamoDBCustomerManagedKey',
    ],
    [
      "setting a method's authorization to NONE",
      (s) => cfn(s.method).addPropertyOverride('AuthorizationType', 'NONE'),
      'SecureServerless-ApiMethodAuthorization',
    ],
    [
      "deleting the function's log retention",
      (s) => cfn(s.fn.logGroup).addDeletionOverride('Properties.RetentionInDays'),
      'SecureServerless-LogGroupRetention',
    ],
    [
      'attaching a wildcard policy',
      (s) =>
        s.fn.role!.addManagedPolicy(
          new iam.ManagedPolicy(s.stack, 'Admin', {
            statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })],
          }),
        ),
      'SecureServerless-IamWildcardAction[s3:*]',
    ],
    [
      'adding a plaintext secret environment variable',
      (s) => s.fn.function.addEnvironment('DB_PASSWORD', 'correct-horse-battery-staple'),
      'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
    ],
    [
      'moving the function out of the VPC',
      (s) => cfn(s.fn.function).addDeletionOverride('Properties.VpcConfig'),
      'SecureServerless-LambdaInsideVpc',
    ],
    [
      "lowering the API's custom domain to TLS 1.0",
      (s) => cfn(s.api.restApi.domainName!).addPropertyOverride('SecurityPolicy', 'TLS_1_0'),
      'SecureServerless-ApiDomainTls12',
    ],
    [
      'encrypting the state machine with a key Step Functions owns',
      (s) => cfn(s.workflow.stateMachine).addPropertyOverride('EncryptionConfiguration', { Type: 'AWS_OWNED_KEY' }),
      'SecureServerless-StateMachineCustomerManagedKey',
    ],
    [
      "logging the state machine's execution data",
      (s) => cfn(s.workflow.stateMachine).addPropertyOverride('LoggingConfiguration.IncludeExecutionData', true),
      'SecureServerless-StateMachineExecutionDataExcluded',
    ],
  ];

  test.each(weakenings)('%s', (_name, weaken, ruleId) => {
    const s = service();
    weaken(s);

    const { failed, ruleIds } = synthesize(s.app);

    expect(failed).toBe(true);
    expect(ruleIds).toContain(ruleId);
  });
});
