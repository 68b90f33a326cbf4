import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EncryptedTable, SecureApi, SecureFunction } from '../../src';
import { userPool } from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });');

/** The app: SecureApi, a GET and a POST SecureFunction, an EncryptedTable. */
function service(scope: Construct, authorizer?: (scope: Construct) => apigateway.IAuthorizer): void {
  const table = new EncryptedTable(scope, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const getOrder = new SecureFunction(scope, 'GetOrder', { code, handler: 'index.handler' });
  const placeOrder = new SecureFunction(scope, 'PlaceOrder', { code, handler: 'index.handler' });
  table.grantReadData(getOrder);
  table.grantWriteData(placeOrder);
  const api = new SecureApi(scope, 'Api', { authorizer: authorizer?.(scope) });
  const orders = api.root.addResource('orders', {
    defaultCorsPreflightOptions: { allowOrigins: ['https://shop.example.com'] },
  });
  const order = api.addModel('Order', {
    contentType: 'application/json',
    schema: {
      type: apigateway.JsonSchemaType.OBJECT,
      required: ['customerId'],
      properties: { customerId: { type: apigateway.JsonSchemaType.STRING } },
    },
  });
  orders.addResource('{id}').addMethod('GET', new apigateway.LambdaIntegration(getOrder));
  orders.addMethod('POST', new apigateway.LambdaIntegration(placeOrder), {
    requestModels: { 'application/json': order },
  });
}

const cognitoAuthorizer = (scope: Construct) =>
  new apigateway.CognitoUserPoolsAuthorizer(scope, 'Authorizer', { cognitoUserPools: [userPool(scope, 'Users')] });

const lambdaAuthorizer = (scope: Construct) =>
  new apigateway.TokenAuthorizer(scope, 'Authorizer', {
    handler: new SecureFunction(scope, 'AuthorizerFunction', { code, handler: 'index.handler' }),
    resultsCacheTtl: Duration.minutes(5),
  });

describe('SecureApi compliance', () => {
  const corpus = new TemplateCorpus('SecureApi compliance');

  const cases: Array<[string, ((scope: Construct) => apigateway.IAuthorizer) | undefined]> = [
    ['IAM authorization', undefined],
    ['a Cognito user pool authorizer', cognitoAuthorizer],
    ['a Lambda (token) authorizer on a SecureFunction', lambdaAuthorizer],
  ];

  test.each(cases)(
    'API + two functions + table with %s: no unacknowledged finding in the five packs',
    (_name, authorizer) => {
      const { app, stack } = newStack();
      service(stack, authorizer);

      expect(nagFindings(app)).toEqual([]);
      corpus.add(app);
    },
  );

  test.each(cases)('API + two functions + table with %s: no AWS Control Tower failure', (_name, authorizer) => {
    const { app, stack } = newStack();
    service(stack, authorizer);

    expect(controlTowerFailures(app)).toEqual([]);
  });

  test('a plain RestApi with the same routes fails both, so the checks above can fail', () => {
    const { app, stack } = newStack();
    const fn = new lambda.Function(stack, 'Fn', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    new apigateway.RestApi(stack, 'Plain').root
      .addResource('orders')
      .addMethod('GET', new apigateway.LambdaIntegration(fn));

    expect(nagFindings(app)).toEqual(expect.arrayContaining([expect.stringMatching(/^error AwsSolutions-APIG4/)]));
    expect(controlTowerFailures(app).length).toBeGreaterThan(0);
  });

  test('cfn-lint finds no error in the templates above (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
});
