import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedTable, SecureApi, SecureFunction } from '../../src';
import { newStack, synthThroughGate } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

interface Service {
  readonly app: App;
  readonly stack: Stack;
  readonly table: EncryptedTable;
  readonly fn: SecureFunction;
  readonly method: apigateway.Method;
}

function service(): Service {
  const { app, stack } = newStack();
  const table = new EncryptedTable(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  table.grantReadData(fn);
  const api = new SecureApi(stack, 'Api');
  const method = api.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(fn));
  return { app, stack, table, fn, method };
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
  ];

  test.each(weakenings)('%s', (_name, weaken, ruleId) => {
    const s = service();
    weaken(s);

    const { failed, ruleIds } = synthesize(s.app);

    expect(failed).toBe(true);
    expect(ruleIds).toContain(ruleId);
  });
});
