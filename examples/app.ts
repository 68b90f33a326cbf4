/**
 * An order service: its tables and the functions that read and write them, synthesized through the
 * compliance gate.
 *
 *   npx projen example        # synth, print the gate's Markdown report, exit 1 on a violation
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ComplianceGate, EncryptedTable, SecureApi, SecureFunction } from '../src';

export class OrdersServiceStack extends Stack {
  public readonly orders: EncryptedTable;
  public readonly customers: EncryptedTable;
  public readonly getOrder: SecureFunction;
  public readonly placeOrder: SecureFunction;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // On-demand, customer-managed key, PITR, deletion protection, daily backups: all by default.
    this.orders = new EncryptedTable(this, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
    this.orders.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
    });

    // Steady traffic: provisioned capacity, which always comes with auto scaling.
    this.customers = new EncryptedTable(this, 'Customers', {
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
      provisionedCapacity: { minReadCapacity: 5, maxReadCapacity: 100, minWriteCapacity: 2, maxWriteCapacity: 20 },
    });

    // Functions: isolated network, own least-privilege role, encrypted environment and logs, tracing,
    // dead-letter topic, reserved concurrency, alarms. Grants land in customer-managed policies.
    this.getOrder = new SecureFunction(this, 'GetOrder', {
      code: lambda.Code.fromAsset(path.join(__dirname, 'handlers')),
      handler: 'get-order.handler',
      environment: { ORDERS_TABLE: this.orders.tableName },
    });
    this.orders.grantReadData(this.getOrder);

    this.placeOrder = new SecureFunction(this, 'PlaceOrder', {
      code: lambda.Code.fromAsset(path.join(__dirname, 'handlers')),
      handler: 'place-order.handler',
      environment: { ORDERS_TABLE: this.orders.tableName, CUSTOMERS_TABLE: this.customers.tableName },
    });
    this.orders.grantWriteData(this.placeOrder);
    this.customers.grantReadData(this.placeOrder);

    // The API: IAM authorization and request validation on every method, WAF, throttling, JSON access logs,
    // tracing, alarms. Routes are added the usual aws-cdk-lib way.
    const api = new SecureApi(this, 'Api', { throttling: { rateLimit: 50, burstLimit: 100 } });
    // The schema's keys in alphabetical order, the order in which jsii's structs of the other languages send them:
    // aws-cdk-lib hashes the schema into the API deployment's logical id, so every language's app then
    // synthesizes the same template (examples/python, examples/java, examples/go).
    const newOrder = api.addModel('NewOrder', {
      contentType: 'application/json',
      schema: {
        additionalProperties: false,
        properties: { customerId: { maxLength: 64, type: apigateway.JsonSchemaType.STRING } },
        required: ['customerId'],
        type: apigateway.JsonSchemaType.OBJECT,
      },
    });
    const orders = api.root.addResource('orders', {
      defaultCorsPreflightOptions: { allowOrigins: ['https://shop.example.com'], allowMethods: ['GET', 'POST'] },
    });
    orders.addMethod('POST', new apigateway.LambdaIntegration(this.placeOrder), {
      requestModels: { 'application/json': newOrder },
    });
    orders.addResource('{id}').addMethod('GET', new apigateway.LambdaIntegration(this.getOrder), {
      requestParameters: { 'method.request.path.id': true },
    });
    const health = api.root.addResource('health').addMethod(
      'GET',
      new apigateway.MockIntegration({
        integrationResponses: [{ statusCode: '200' }],
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
      }),
      {
        authorizationType: apigateway.AuthorizationType.NONE,
        methodResponses: [{ statusCode: '200' }],
      },
    );
    api.allowUnauthenticated(health, { reason: 'Load balancer health check; returns a constant and touches no data' });

    // An explicit, reasoned opt-out: the gate's report lists it as a decision, with its ticket and approver.
    new EncryptedTable(this, 'IdempotencyKeys', {
      partitionKey: { name: 'key', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      optOuts: {
        pointInTimeRecovery: {
          reason: 'Idempotency keys expire within 24 hours; restoring them would replay requests',
          ticket: 'SEC-17',
          approvedBy: 'security-review@example.com',
        },
      },
    });
  }
}

function main(): void {
  const app = new App({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') });
  new OrdersServiceStack(app, 'OrdersService', { env: { account: '123456789012', region: 'eu-west-1' } });
  const gate = ComplianceGate.apply(app);
  app.synth();

  // The gate printed its summary to standard error and wrote its reports into the cloud assembly; print the
  // Markdown one, the report a reviewer reads in a pull request.
  const result = gate.result!;
  process.stdout.write(readFileSync(gate.reportFiles!.markdown, 'utf8'));
  process.stdout.write(
    `\n${result.success ? 'PASSED' : 'FAILED'}: ${result.violations.length} unaccepted finding(s), ` +
      `${result.acknowledgments.length} decision(s). Reports: ${path.relative(process.cwd(), app.outdir)}/compliance-report.{md,json,sarif}\n`,
  );
  process.exitCode = result.success ? 0 : 1;
}

// Run when executed (`npx projen example`), not when imported.
if (require.main === module) {
  main();
}
