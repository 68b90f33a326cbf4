/**
 * The same logical app in three variants: one REST API; N function units, each one Lambda function behind a
 * GET and a POST method; one DynamoDB table that every function reads and writes.
 */
import { ApiGatewayToLambda } from '@aws-solutions-constructs/aws-apigateway-lambda';
import { LambdaToDynamoDB } from '@aws-solutions-constructs/aws-lambda-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedTable, SecureApi, SecureFunction } from '../src';

/** The variants the benchmark compares. */
export const VARIANTS = ['plain', 'solutions', 'ours'] as const;
export type Variant = (typeof VARIANTS)[number];

/** What the table shows for each variant. */
export const VARIANT_TITLES: Record<Variant, string> = {
  plain: 'aws-cdk-lib L2, default props',
  solutions: 'AWS Solutions Constructs',
  ours: 'cdk-secure-serverless',
};

const ENV = { account: '123456789012', region: 'us-east-1' };
const HANDLER = 'exports.handler = async () => ({ statusCode: 200, body: "{}" });';
const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };

/** Builds the app of `variant` with `units` function units into `app`; returns its one stack. */
export function buildApp(app: App, variant: Variant, units: number): Stack {
  const stack = new Stack(app, 'Service', { env: ENV });
  BUILDERS[variant](stack, units);
  return stack;
}

/**
 * Builds `stacks` stacks of `units` function units each into `app` (`Service0`, `Service1`, ...: each one the
 * app of `buildApp`, its own table and API); returns them.
 */
export function buildStacks(app: App, variant: Variant, stacks: number, units: number): Stack[] {
  return Array.from({ length: stacks }, (_, s) => {
    const stack = new Stack(app, `Service${s}`, { env: ENV });
    BUILDERS[variant](stack, units);
    return stack;
  });
}

const BUILDERS: Record<Variant, (stack: Stack, units: number) => void> = {
  plain: (stack, units) => {
    const table = new dynamodb.Table(stack, 'Table', { partitionKey });
    const api = new apigateway.RestApi(stack, 'Api');
    for (let i = 0; i < units; i++) {
      const fn = new lambda.Function(stack, `Unit${i}`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline(HANDLER),
      });
      table.grantReadWriteData(fn);
      addMethods(api.root, i, fn);
    }
  },

  // aws-lambda-dynamodb for each function and the shared table; aws-apigateway-lambda for the API (it creates
  // the API around the first function; the others are added to the same API as resources).
  solutions: (stack, units) => {
    let table: dynamodb.ITable | undefined;
    const functions: lambda.IFunction[] = [];
    for (let i = 0; i < units; i++) {
      const unit = new LambdaToDynamoDB(stack, `Unit${i}`, {
        lambdaFunctionProps: {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline(HANDLER),
        },
        tablePermissions: 'ReadWrite',
        ...(table ? { existingTableObj: table as dynamodb.Table } : { dynamoTableProps: { partitionKey } }),
      });
      table ??= unit.dynamoTable;
      functions.push(unit.lambdaFunction);
    }
    const api = new ApiGatewayToLambda(stack, 'Api', {
      existingLambdaObj: functions[0] as lambda.Function,
      apiGatewayProps: { proxy: false },
    });
    functions.forEach((fn, i) => addMethods(api.apiGateway.root, i, fn));
  },

  ours: (stack, units) => {
    const table = new EncryptedTable(stack, 'Table', { partitionKey });
    const api = new SecureApi(stack, 'Api');
    for (let i = 0; i < units; i++) {
      const fn = new SecureFunction(stack, `Unit${i}`, {
        code: lambda.Code.fromInline(HANDLER),
        handler: 'index.handler',
      });
      table.grantReadWriteData(fn);
      addMethods(api.root, i, fn);
    }
  },
};

function addMethods(root: apigateway.IResource, i: number, fn: lambda.IFunction): void {
  const resource = root.addResource(`unit${i}`);
  const integration = new apigateway.LambdaIntegration(fn);
  resource.addMethod('GET', integration);
  resource.addMethod('POST', integration);
}
