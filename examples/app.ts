/**
 * An order service built from the library alone: an API whose customers sign in with a Cognito user pool and a
 * mobile HTTP API behind the same pool, TypeScript handlers bundled from their entries, tables, a fulfilment
 * workflow each order starts, invoice uploads to a bucket that notifies a queue a function consumes, an order
 * event bus whose rule notifies a topic, and a nightly report, synthesized through the compliance gate.
 *
 *   npx projen example        # synth, print the gate's Markdown report, exit 1 on a violation
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  ComplianceGate,
  DecisionOrigin,
  EncryptedTable,
  SecureApi,
  SecureBucket,
  SecureEventBus,
  SecureFunction,
  SecureHttpApi,
  SecureQueue,
  SecureRule,
  SecureStateMachine,
  SecureTopic,
  SecureUserPool,
} from '../src';

const handlers = path.join(__dirname, 'handlers');

export class OrdersServiceStack extends Stack {
  public readonly orders: EncryptedTable;
  public readonly customers: EncryptedTable;
  public readonly getOrder: SecureFunction;
  public readonly placeOrder: SecureFunction;
  public readonly users: SecureUserPool;
  public readonly uploads: SecureBucket;
  public readonly fulfilment: SecureStateMachine;

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

    // Order events: a custom event bus encrypted with the stack's messaging key; a rule sends each placed order to
    // the notifications topic (with a dead-letter queue and retries, as every target of a SecureRule).
    const orderEvents = new SecureEventBus(this, 'OrderEvents');
    const notifications = new SecureTopic(this, 'OrderNotifications', { displayName: 'Order notifications' });
    new SecureRule(this, 'OrderPlaced', {
      eventBus: orderEvents,
      eventPattern: { source: ['orders'], detailType: ['OrderPlaced'] },
      targets: [new targets.SnsTopic(notifications)],
    });

    // Functions: TypeScript entries bundled with esbuild (one bundle each, source maps, the metafile kept), the
    // isolated network, an own least-privilege role, encrypted environment and logs, tracing, dead-letter topic,
    // reserved concurrency, alarms. Grants land in customer-managed policies, and open the network's endpoints.
    this.getOrder = new SecureFunction(this, 'GetOrder', {
      entry: path.join(handlers, 'get-order.ts'),
      environment: { ORDERS_TABLE: this.orders.tableName },
    });
    this.orders.grantReadData(this.getOrder);

    // Fulfilment: a workflow each new order starts, which reserves the order's stock (a function) and marks the
    // order RESERVED (a DynamoDB task). Every event is logged without the orders' data, traced, and encrypted with
    // the stack's data key; its role may invoke exactly this function and update exactly this table, with its key.
    const reserveStock = new SecureFunction(this, 'ReserveStock', {
      entry: path.join(handlers, 'reserve-stock.ts'),
      environment: { ORDERS_TABLE: this.orders.tableName },
    });
    this.orders.grantReadData(reserveStock);
    this.fulfilment = new SecureStateMachine(this, 'Fulfilment', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.LambdaInvoke(this, 'Reserve', { lambdaFunction: reserveStock, payloadResponseOnly: true }).next(
          new tasks.DynamoUpdateItem(this, 'MarkReserved', {
            table: this.orders.table,
            key: {
              pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.format('ORDER#{}', sfn.JsonPath.stringAt('$.id'))),
              sk: tasks.DynamoAttributeValue.fromString('ORDER'),
            },
            updateExpression: 'SET #status = :reserved',
            expressionAttributeNames: { '#status': 'status' },
            expressionAttributeValues: { ':reserved': tasks.DynamoAttributeValue.fromString('RESERVED') },
          }),
        ),
      ),
    });

    this.placeOrder = new SecureFunction(this, 'PlaceOrder', {
      entry: path.join(handlers, 'place-order.ts'),
      environment: {
        CUSTOMERS_TABLE: this.customers.tableName,
        EVENT_BUS: orderEvents.eventBusName,
        FULFILMENT_WORKFLOW: this.fulfilment.stateMachineArn,
        ORDERS_TABLE: this.orders.tableName,
      },
    });
    this.orders.grantWriteData(this.placeOrder);
    this.customers.grantReadData(this.placeOrder);
    orderEvents.grantPutEventsTo(this.placeOrder);
    this.fulfilment.grantStartExecution(this.placeOrder);

    // Invoice uploads: a bucket (SSE-KMS with a bucket key, TLS only, versioned, access logs to the stack's log
    // bucket) that notifies a queue, which a function consumes with partial batch responses.
    this.uploads = new SecureBucket(this, 'Uploads');
    const uploadQueue = new SecureQueue(this, 'UploadQueue');
    this.uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(uploadQueue), {
      prefix: 'invoices/',
      suffix: '.pdf',
    });
    const processUpload = new SecureFunction(this, 'ProcessUpload', {
      entry: path.join(handlers, 'process-upload.ts'),
      environment: { ORDERS_TABLE: this.orders.tableName },
    });
    processUpload.addEventSource(new SqsEventSource(uploadQueue, { reportBatchItemFailures: true }));
    this.uploads.grantRead(processUpload);
    this.orders.grantWriteData(processUpload);

    // Every night at 02:00 UTC: a report of the day's orders to the notifications topic.
    const nightlyReport = new SecureFunction(this, 'NightlyReport', {
      entry: path.join(handlers, 'nightly-report.ts'),
      environment: { NOTIFICATIONS_TOPIC: notifications.topicArn, ORDERS_TABLE: this.orders.tableName },
    });
    this.orders.grantReadData(nightlyReport);
    notifications.grantPublish(nightlyReport);
    new SecureRule(this, 'Nightly', {
      schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
      targets: [new targets.LambdaFunction(nightlyReport)],
    });

    // Customers sign in with the user pool: strong passwords, MFA, threat protection, short-lived tokens.
    this.users = new SecureUserPool(this, 'Users', { selfSignUpEnabled: true });
    this.users.addClient('Web');

    // The API: every method authorized by the user pool and validated, WAF, throttling, JSON access logs,
    // tracing, alarms. Routes are added the usual aws-cdk-lib way.
    const api = new SecureApi(this, 'Api', {
      throttling: { rateLimit: 50, burstLimit: 100 },
      authorizer: new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.users] }),
    });
    // The schema's keys in alphabetical order, the order in which jsii's structs of the other languages send them:
    // aws-cdk-lib hashes the schema into the API deployment's logical id, so every language's app then
    // synthesizes the same template (examples/python, examples/java, examples/go).
    const newOrder = api.addModel('NewOrder', {
      contentType: 'application/json',
      schema: {
        additionalProperties: false,
        properties: {
          items: {
            items: {
              additionalProperties: false,
              properties: {
                quantity: { maximum: 100, minimum: 1, type: apigateway.JsonSchemaType.INTEGER },
                sku: { maxLength: 32, pattern: '^[A-Z0-9-]+$', type: apigateway.JsonSchemaType.STRING },
              },
              required: ['quantity', 'sku'],
              type: apigateway.JsonSchemaType.OBJECT,
            },
            maxItems: 50,
            minItems: 1,
            type: apigateway.JsonSchemaType.ARRAY,
          },
        },
        required: ['items'],
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

    // The mobile app's HTTP API (cheaper than REST, and without WAF or request validation, so the handler checks its
    // input): every route authorized by a JWT authorizer on the same user pool, JSON access logs, throttling,
    // alarms, and one invoke permission for the function.
    const orderStatus = new SecureFunction(this, 'OrderStatus', {
      entry: path.join(handlers, 'order-status.ts'),
      environment: { ORDERS_TABLE: this.orders.tableName },
    });
    this.orders.grantReadData(orderStatus);
    const mobileApi = new SecureHttpApi(this, 'MobileApi', {
      defaultAuthorizer: new HttpUserPoolAuthorizer('MobileUsers', this.users, {
        userPoolClients: [this.users.addClient('Mobile')],
      }),
      throttling: { rateLimit: 20, burstLimit: 40 },
    });
    mobileApi.addRoutes({
      path: '/orders/{id}/status',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('OrderStatus', orderStatus),
    });

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
  const count = (origin: DecisionOrigin) => result.acknowledgments.filter((a) => a.origin === origin).length;
  process.stdout.write(
    `\n${result.success ? 'PASSED' : 'FAILED'}: ${result.violations.length} unaccepted finding(s); ` +
      `${count(DecisionOrigin.TEAM)} acknowledgment(s) written by the app, ${count(DecisionOrigin.OPT_OUT)} opt-out(s) ` +
      `with their reasons, ${count(DecisionOrigin.LIBRARY)} exception(s) the library records. ` +
      `Reports: ${path.relative(process.cwd(), app.outdir)}/compliance-report.{md,json,sarif}\n`,
  );
  process.exitCode = result.success ? 0 : 1;
}

// Run when executed (`npx projen example`), not when imported.
if (require.main === module) {
  main();
}
