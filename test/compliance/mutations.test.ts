import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, CfnResource, Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';
import { OrdersServiceStack } from '../../examples/app';
import { ComplianceGateOptions, ComplianceViolation, IsolatedNetwork, SecureApi, Severity } from '../../src';
import { ALL_RULES, PACK_NAME } from '../../src/compliance/rules';
import { StackDefaults } from '../../src/core/stack-defaults';
import { SecureQueue } from '../../src/queue/secure-queue';
import { isOldest } from '../support/arbitraries/harness';
import { synthThroughGate } from '../support/compliance';
import { parity, templatesIn } from '../support/guard';

/**
 * Mutation tests of the compliance gate: the realistic example app (examples/app.ts) is weakened in ONE way at a
 * time, the way a user could do it (escape hatches, grants, permissions, raw aws-cdk-lib resources next to
 * ours), and synth through the gate must fail with the rule that guards that control.
 *
 * Every rule named here is an error, so each mutation must fail synth with the gate's default options.
 */

// aws-cdk-lib's own CloudFormation validator (2.27x and newer, on by `cdk init`'s context) is off here: these tests
// are about what the gate catches, and the unmutated example passes that validator in test/examples/app.test.ts.
// It was a third of this suite's time on the newest aws-cdk-lib.
process.env.CDK_VALIDATION = 'false';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const STRIPE_LIVE_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

interface OrdersApp {
  readonly app: App;
  readonly stack: OrdersServiceStack;
  readonly api: SecureApi;
}

const outdirs: string[] = [];

/** The example app, in a fresh `App` writing to a temporary directory. */
function ordersApp(): OrdersApp {
  const outdir = mkdtempSync(path.join(tmpdir(), 'mutations-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new OrdersServiceStack(app, 'OrdersService', { env: ENV });
  return { app, stack, api: stack.node.findChild('Api') as SecureApi };
}

/** The construct at `childPath` (construct ids separated by `/`) under `scope`; throws when there is none. */
function at(scope: IConstruct, childPath: string): IConstruct {
  return childPath.split('/').reduce((construct, id) => construct.node.findChild(id), scope);
}

/** The L1 resource at `childPath` under the stack, for escape hatches. */
const l1 = (s: OrdersApp, childPath: string) => at(s.stack, childPath) as CfnResource;

/** Synthesizes through the gate: did synth fail, and which findings. */
function synthesize(
  s: OrdersApp,
  options: ComplianceGateOptions = {},
): { failed: boolean; violations: ComplianceViolation[] } {
  const { gate, exitCode } = synthThroughGate(s.app, { printSummary: false, writeReports: false, ...options });
  return { failed: exitCode === 1, violations: gate.result?.violations ?? [] };
}

/** The rule id without a `[finding]` suffix. */
const baseId = (ruleId: string) => ruleId.replace(/\[.*\]$/, '');

const fnPath = 'GetOrder/Function/Resource';
const stagePath = 'Api/Api/DeploymentStage.prod/Resource';
const httpRoutePath = 'MobileApi/Api/GET--orders--{id}--status';
const httpStagePath = 'MobileApi/Api/DefaultStage/Resource';
const workflowPath = 'Fulfilment/StateMachine/Resource';

interface Mutation {
  /** What the user does. */
  readonly name: string;
  readonly weaken: (s: OrdersApp) => void;
  /** The rule that must catch it (with `[finding]` for granular rules). */
  readonly rule: string;
}

const MUTATIONS: Mutation[] = [
  // DynamoDB tables
  {
    name: 'table: SSE turned off (addPropertyOverride)',
    weaken: (s) => l1(s, 'Orders/Table/Resource').addPropertyOverride('SSESpecification', { SSEEnabled: false }),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'table: SSESpecification deleted (addDeletionOverride)',
    weaken: (s) => l1(s, 'Orders/Table/Resource').addDeletionOverride('Properties.SSESpecification'),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'table: key replaced with the AWS-managed alias/aws/dynamodb',
    weaken: (s) =>
      l1(s, 'Orders/Table/Resource').addPropertyOverride('SSESpecification.KMSMasterKeyId', 'alias/aws/dynamodb'),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'table: KMSMasterKeyId deleted (falls back to aws/dynamodb)',
    weaken: (s) => l1(s, 'Customers/Table/Resource').addDeletionOverride('Properties.SSESpecification.KMSMasterKeyId'),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'table: point-in-time recovery off (addPropertyOverride)',
    weaken: (s) =>
      l1(s, 'Orders/Table/Resource').addPropertyOverride(
        'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled',
        false,
      ),
    rule: 'SecureServerless-DynamoDBPointInTimeRecovery',
  },
  {
    name: 'table: deletion protection off (addPropertyOverride)',
    weaken: (s) => l1(s, 'Orders/Table/Resource').addPropertyOverride('DeletionProtectionEnabled', false),
    rule: 'SecureServerless-DynamoDBDeletionProtection',
  },
  {
    name: 'table: deletion protection removed (addOverride undefined)',
    weaken: (s) => l1(s, 'Customers/Table/Resource').addOverride('Properties.DeletionProtectionEnabled', undefined),
    rule: 'SecureServerless-DynamoDBDeletionProtection',
  },
  // Lambda functions
  {
    name: 'function: VpcConfig deleted',
    weaken: (s) => l1(s, fnPath).addDeletionOverride('Properties.VpcConfig'),
    rule: 'SecureServerless-LambdaInsideVpc',
  },
  {
    name: 'function: VpcConfig.SubnetIds emptied',
    weaken: (s) => l1(s, fnPath).addPropertyOverride('VpcConfig.SubnetIds', []),
    rule: 'SecureServerless-LambdaInsideVpc',
  },
  {
    name: 'function: TracingConfig deleted',
    weaken: (s) => l1(s, fnPath).addDeletionOverride('Properties.TracingConfig'),
    rule: 'SecureServerless-LambdaTracing',
  },
  {
    name: 'function: tracing set to PassThrough',
    weaken: (s) => l1(s, 'PlaceOrder/Function/Resource').addPropertyOverride('TracingConfig.Mode', 'PassThrough'),
    rule: 'SecureServerless-LambdaTracing',
  },
  {
    name: 'function: ReservedConcurrentExecutions deleted',
    weaken: (s) => l1(s, fnPath).addDeletionOverride('Properties.ReservedConcurrentExecutions'),
    rule: 'SecureServerless-LambdaConcurrency',
  },
  {
    name: 'function: DeadLetterConfig deleted',
    weaken: (s) => l1(s, fnPath).addDeletionOverride('Properties.DeadLetterConfig'),
    rule: 'SecureServerless-LambdaDeadLetter',
  },
  {
    name: 'function: KmsKeyArn deleted (environment on aws/lambda)',
    weaken: (s) => l1(s, fnPath).addDeletionOverride('Properties.KmsKeyArn'),
    rule: 'SecureServerless-LambdaEnvironmentCustomerManagedKey',
  },
  {
    name: 'function: secret written into Environment (addPropertyOverride)',
    weaken: (s) => l1(s, fnPath).addPropertyOverride('Environment.Variables.STRIPE_KEY', STRIPE_LIVE_KEY),
    rule: 'SecureServerless-LambdaPlaintextSecret[STRIPE_KEY]',
  },
  {
    name: 'function: secret added with the raw fn.function.addEnvironment',
    weaken: (s) => s.stack.getOrder.function.addEnvironment('DB_PASSWORD', 'correct-horse-battery-staple'),
    rule: 'SecureServerless-LambdaPlaintextSecret[DB_PASSWORD]',
  },
  {
    // A grant through the role's API gets its interface endpoint from SecureFunction; one written into the L1
    // policy does not.
    name: "function: SQS grant written into the role's managed policy (addPropertyOverride), no SQS endpoint",
    weaken: (s) =>
      l1(s, 'GetOrder/ServiceRole/Policy/Resource').addPropertyOverride('PolicyDocument.Statement.9', {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: `arn:aws:sqs:${ENV.region}:${ENV.account}:order-events`,
      }),
    rule: 'SecureServerless-LambdaServiceReachable[sqs]',
  },
  {
    name: 'function: recursive loop detection turned off',
    weaken: (s) => l1(s, fnPath).addPropertyOverride('RecursiveLoop', 'Allow'),
    rule: 'SecureServerless-LambdaRecursiveLoop',
  },
  // Log groups
  {
    name: 'log group: function logs without RetentionInDays',
    weaken: (s) => l1(s, 'GetOrder/LogGroup/Resource').addDeletionOverride('Properties.RetentionInDays'),
    rule: 'SecureServerless-LogGroupRetention',
  },
  {
    name: 'log group: function logs without KmsKeyId',
    weaken: (s) => l1(s, 'GetOrder/LogGroup/Resource').addDeletionOverride('Properties.KmsKeyId'),
    rule: 'SecureServerless-LogGroupCustomerManagedKey',
  },
  {
    name: 'log group: API access logs without KmsKeyId (addOverride undefined)',
    weaken: (s) => l1(s, 'Api/AccessLogs/Resource').addOverride('Properties.KmsKeyId', undefined),
    rule: 'SecureServerless-LogGroupCustomerManagedKey',
  },
  {
    name: 'log group: WAF logs without RetentionInDays',
    weaken: (s) => l1(s, 'Api/Firewall/LogGroup/Resource').addDeletionOverride('Properties.RetentionInDays'),
    rule: 'SecureServerless-LogGroupRetention',
  },
  // API Gateway
  {
    name: 'API method: AuthorizationType NONE (addPropertyOverride)',
    weaken: (s) => l1(s, 'Api/Api/Default/orders/{id}/GET/Resource').addPropertyOverride('AuthorizationType', 'NONE'),
    rule: 'SecureServerless-ApiMethodAuthorization',
  },
  {
    name: 'API method: unauthenticated CfnMethod added to the raw restApi',
    weaken: (s) =>
      new apigateway.CfnMethod(s.stack, 'Backdoor', {
        restApiId: s.api.restApi.restApiId,
        resourceId: s.api.restApi.root.resourceId,
        httpMethod: 'DELETE',
        authorizationType: 'NONE',
        integration: { type: 'MOCK' },
      }),
    rule: 'SecureServerless-ApiMethodAuthorization',
  },
  {
    name: 'API method: RequestValidatorId deleted from POST',
    weaken: (s) => l1(s, 'Api/Api/Default/orders/POST/Resource').addDeletionOverride('Properties.RequestValidatorId'),
    rule: 'SecureServerless-ApiRequestValidation',
  },
  {
    name: 'API stage: TracingEnabled false (addPropertyOverride)',
    weaken: (s) => l1(s, stagePath).addPropertyOverride('TracingEnabled', false),
    rule: 'SecureServerless-ApiTracing',
  },
  {
    name: 'API stage: tracingEnabled false on the typed L1',
    weaken: (s) => {
      (l1(s, stagePath) as apigateway.CfnStage).tracingEnabled = false;
    },
    rule: 'SecureServerless-ApiTracing',
  },
  {
    name: 'API stage: AccessLogSetting deleted',
    weaken: (s) => l1(s, stagePath).addDeletionOverride('Properties.AccessLogSetting'),
    rule: 'SecureServerless-ApiAccessLogging',
  },
  {
    name: 'API stage: execution logging OFF in MethodSettings',
    weaken: (s) => l1(s, stagePath).addPropertyOverride('MethodSettings.0.LoggingLevel', 'OFF'),
    rule: 'SecureServerless-ApiExecutionLogging',
  },
  {
    name: 'API stage: throttling limits deleted from MethodSettings',
    weaken: (s) => {
      l1(s, stagePath).addDeletionOverride('Properties.MethodSettings.0.ThrottlingRateLimit');
      l1(s, stagePath).addDeletionOverride('Properties.MethodSettings.0.ThrottlingBurstLimit');
    },
    rule: 'SecureServerless-ApiThrottling',
  },
  {
    name: 'API stage: MethodSettings deleted (no logging, no throttling)',
    weaken: (s) => l1(s, stagePath).addDeletionOverride('Properties.MethodSettings'),
    rule: 'SecureServerless-ApiExecutionLogging',
  },
  {
    name: 'API: WAF association removed (node.tryRemoveChild)',
    weaken: (s) => {
      at(s.stack, 'Api/Firewall').node.tryRemoveChild('Association');
    },
    rule: 'NIST.800.53.R5-APIGWAssociatedWithWAF',
  },
  // KMS keys
  {
    name: 'KMS key: EnableKeyRotation false',
    weaken: (s) => l1(s, 'SecureServerlessDefaults/DataKey/Resource').addPropertyOverride('EnableKeyRotation', false),
    rule: 'SecureServerless-KmsKeyRotation',
  },
  {
    name: 'KMS key: key policy replaced without the grant restriction',
    weaken: (s) =>
      l1(s, 'SecureServerlessDefaults/LogsKey/Resource').addPropertyOverride('KeyPolicy', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ENV.account}:root` }, Action: 'kms:*', Resource: '*' },
        ],
      }),
    rule: 'SecureServerless-KmsGrantsOnlyForAwsServices',
  },
  {
    name: 'KMS key: key policy statement letting everyone decrypt',
    weaken: (s) =>
      (s.stack.node.findChild('SecureServerlessDefaults').node.findChild('DataKey') as kms.Key).addToResourcePolicy(
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], principals: [new iam.AnyPrincipal()], resources: ['*'] }),
      ),
    // The fourth statement: the data key's policy already lets its account, the grant guard and (for the
    // fulfilment workflow's logs) CloudWatch Logs' delivery service in.
    rule: 'SecureServerless-KmsKeyPolicyNotPublic[#4]',
  },
  // HTTP APIs
  {
    name: 'HTTP API route: AuthorizationType NONE (addPropertyOverride)',
    weaken: (s) => l1(s, `${httpRoutePath}/Resource`).addPropertyOverride('AuthorizationType', 'NONE'),
    rule: 'SecureServerless-HttpApiRouteAuthorization',
  },
  {
    name: 'HTTP API stage: AccessLogSettings deleted',
    weaken: (s) => l1(s, httpStagePath).addDeletionOverride('Properties.AccessLogSettings'),
    rule: 'SecureServerless-ApiAccessLogging',
  },
  {
    name: 'HTTP API stage: DefaultRouteSettings (throttling) deleted',
    weaken: (s) => l1(s, httpStagePath).addDeletionOverride('Properties.DefaultRouteSettings'),
    rule: 'SecureServerless-ApiThrottling',
  },
  {
    name: 'plain apigatewayv2.HttpApi with a route nobody authorizes',
    weaken: (s) =>
      new apigatewayv2.HttpApi(s.stack, 'PlainHttpApi').addRoutes({
        path: '/orders',
        integration: new HttpLambdaIntegration('Orders', s.stack.getOrder),
      }),
    rule: 'SecureServerless-HttpApiRouteAuthorization',
  },
  // Step Functions
  {
    name: 'state machine: execution data written to the logs (addPropertyOverride)',
    weaken: (s) => l1(s, workflowPath).addPropertyOverride('LoggingConfiguration.IncludeExecutionData', true),
    rule: 'SecureServerless-StateMachineExecutionDataExcluded',
  },
  {
    name: 'state machine: encrypted with the AWS-owned key (addPropertyOverride)',
    weaken: (s) => l1(s, workflowPath).addPropertyOverride('EncryptionConfiguration', { Type: 'AWS_OWNED_KEY' }),
    rule: 'SecureServerless-StateMachineCustomerManagedKey',
  },
  {
    name: 'state machine: logging level ERROR (addPropertyOverride)',
    weaken: (s) => l1(s, workflowPath).addPropertyOverride('LoggingConfiguration.Level', 'ERROR'),
    rule: 'SecureServerless-StateMachineLogging',
  },
  {
    name: 'state machine: X-Ray tracing off (addPropertyOverride)',
    weaken: (s) => l1(s, workflowPath).addPropertyOverride('TracingConfiguration.Enabled', false),
    rule: 'SecureServerless-StateMachineTracing',
  },
  {
    name: 'plain sfn.StateMachine (AWS-owned key)',
    weaken: (s) =>
      new sfn.StateMachine(s.stack, 'PlainWorkflow', {
        definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(s.stack, 'Nothing')),
      }),
    rule: 'SecureServerless-StateMachineCustomerManagedKey',
  },
  // SNS topics
  {
    name: 'SNS topic: dead-letter topic KmsMasterKeyId deleted',
    weaken: (s) =>
      l1(s, 'SecureServerlessDefaults/DeadLetterTopic/Resource').addDeletionOverride('Properties.KmsMasterKeyId'),
    rule: 'SecureServerless-SnsCustomerManagedKey',
  },
  {
    name: 'SNS topic: alarm topic on the AWS-managed alias/aws/sns',
    weaken: (s) =>
      l1(s, 'SecureServerlessDefaults/AlarmTopic/Resource').addPropertyOverride('KmsMasterKeyId', 'alias/aws/sns'),
    rule: 'SecureServerless-SnsCustomerManagedKey',
  },
  // Network
  {
    name: 'security group: egress to 0.0.0.0/0 (addPropertyOverride)',
    weaken: (s) =>
      l1(s, 'GetOrder/SecurityGroup/Resource').addPropertyOverride('SecurityGroupEgress', [
        { CidrIp: '0.0.0.0/0', IpProtocol: '-1' },
      ]),
    rule: 'SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0]',
  },
  {
    name: 'security group: connections.allowToAnyIpv4',
    weaken: (s) => s.stack.getOrder.connections.allowToAnyIpv4(ec2.Port.tcp(443)),
    rule: 'SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0]',
  },
  {
    name: 'security group: connections.allowTo(Peer.anyIpv6())',
    weaken: (s) => s.stack.placeOrder.connections.allowTo(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)),
    rule: 'SecureServerless-SecurityGroupOpenEgress[::/0]',
  },
  // IAM
  {
    name: 'role: statement with a wildcard action (addToRolePolicy)',
    weaken: (s) =>
      s.stack.getOrder.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: [s.stack.orders.tableArn] }),
      ),
    rule: 'SecureServerless-IamWildcardAction[dynamodb:*]',
  },
  {
    name: 'role: statement on Resource "*" (addToRolePolicy)',
    weaken: (s) =>
      s.stack.getOrder.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })),
    rule: 'SecureServerless-IamWildcardResource[s3:GetObject]',
  },
  {
    name: 'role: AWS managed policy attached (addManagedPolicy)',
    weaken: (s) =>
      s.stack.getOrder.role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBFullAccess')),
    rule: 'SecureServerless-IamAwsManagedPolicy[AmazonDynamoDBFullAccess]',
  },
  {
    name: 'role: AWS managed policy attached (addPropertyOverride ManagedPolicyArns)',
    weaken: (s) =>
      l1(s, 'GetOrder/ServiceRole/Resource').addPropertyOverride('ManagedPolicyArns', [
        'arn:aws:iam::aws:policy/AdministratorAccess',
      ]),
    rule: 'SecureServerless-IamAwsManagedPolicy[AdministratorAccess]',
  },
  {
    name: 'role: inline policy allowing "*" (attachInlinePolicy)',
    weaken: (s) =>
      s.stack.getOrder.role!.attachInlinePolicy(
        new iam.Policy(s.stack, 'Admin', {
          statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
        }),
      ),
    rule: 'SecureServerless-IamWildcardAction[*]',
  },
  {
    name: "role: wildcard statement written into the role's managed policy (addPropertyOverride)",
    weaken: (s) =>
      l1(s, 'PlaceOrder/ServiceRole/Policy/Resource').addPropertyOverride('PolicyDocument.Statement.9', {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
      }),
    rule: 'SecureServerless-IamWildcardAction[dynamodb:*]',
  },
  // Lambda permissions and function URLs
  {
    name: 'permission: public principal "*" (SecureFunction.addPermission)',
    weaken: (s) => s.stack.getOrder.addPermission('Public', { principal: new iam.AnyPrincipal() }),
    rule: 'SecureServerless-LambdaPublicInvoke',
  },
  {
    name: 'permission: public principal "*" (fn.function.addPermission)',
    weaken: (s) => s.stack.getOrder.function.addPermission('Public', { principal: new iam.AnyPrincipal() }),
    rule: 'SecureServerless-LambdaPublicInvoke',
  },
  {
    name: 'permission: public principal "*" (grantInvoke)',
    weaken: (s) => s.stack.placeOrder.function.grantInvoke(new iam.AnyPrincipal()),
    rule: 'SecureServerless-LambdaPublicInvoke',
  },
  {
    name: 'permission: service principal without source (SecureFunction.addPermission)',
    weaken: (s) => s.stack.getOrder.addPermission('S3', { principal: new iam.ServicePrincipal('s3.amazonaws.com') }),
    rule: 'SecureServerless-LambdaPublicInvoke',
  },
  {
    name: 'permission: service principal without source (fn.function.addPermission)',
    weaken: (s) =>
      s.stack.getOrder.function.addPermission('Sns', { principal: new iam.ServicePrincipal('sns.amazonaws.com') }),
    rule: 'SecureServerless-LambdaPublicInvoke',
  },
  {
    name: "API invoke role: lambda:InvokeFunction on every function ('*')",
    weaken: (s) =>
      s.api.invokeRole!.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: ['*'] }),
      ),
    rule: 'SecureServerless-IamWildcardResource[lambda:InvokeFunction]',
  },
  {
    name: 'function URL: auth NONE (fn.function.addFunctionUrl)',
    weaken: (s) => s.stack.getOrder.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }),
    rule: 'SecureServerless-LambdaFunctionUrlAuth',
  },
  // Plain aws-cdk-lib resources next to ours
  {
    name: 'plain dynamodb.Table (AWS-owned key)',
    weaken: (s) =>
      new dynamodb.Table(s.stack, 'PlainTable', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'plain dynamodb.Table with TableEncryption.AWS_MANAGED',
    weaken: (s) =>
      new dynamodb.Table(s.stack, 'PlainTable', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
      }),
    rule: 'SecureServerless-DynamoDBCustomerManagedKey',
  },
  {
    name: 'plain lambda.Function outside the VPC',
    weaken: (s) =>
      new lambda.Function(s.stack, 'PlainFunction', {
        code,
        handler: 'index.handler',
        runtime: lambda.Runtime.NODEJS_22_X,
      }),
    rule: 'SecureServerless-LambdaInsideVpc',
  },
  {
    name: 'plain sqs.Queue (SQS-managed encryption)',
    weaken: (s) => new sqs.Queue(s.stack, 'PlainQueue'),
    rule: 'SecureServerless-SqsCustomerManagedKey',
  },
  {
    name: 'plain sns.Topic (unencrypted)',
    weaken: (s) => new sns.Topic(s.stack, 'PlainTopic'),
    rule: 'SecureServerless-SnsCustomerManagedKey',
  },
  {
    name: 'plain sqs.Queue with a customer-managed key but no TLS-only policy',
    weaken: (s) =>
      new sqs.Queue(s.stack, 'KeyedQueue', {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: StackDefaults.of(s.stack).messagingKey,
      }),
    rule: 'SecureServerless-SqsTlsOnly',
  },
  {
    name: "SecureQueue: its queue policy's TLS deny emptied (addPropertyOverride)",
    weaken: (s) =>
      (at(new SecureQueue(s.stack, 'Events'), 'Queue/Policy/Resource') as CfnResource).addPropertyOverride(
        'PolicyDocument.Statement',
        [],
      ),
    rule: 'SecureServerless-SqsTlsOnly',
  },
  {
    name: 'SecureQueue: redrive policy deleted (addDeletionOverride)',
    weaken: (s) =>
      (at(new SecureQueue(s.stack, 'Events'), 'Queue/Resource') as CfnResource).addDeletionOverride(
        'Properties.RedrivePolicy',
      ),
    rule: 'SecureServerless-SqsDeadLetterQueue',
  },
  // S3 bucket
  {
    name: "bucket: its bucket policy's TLS deny emptied (addPropertyOverride)",
    weaken: (s) => l1(s, 'Uploads/Bucket/Policy/Resource').addPropertyOverride('PolicyDocument.Statement', []),
    rule: 'SecureServerless-S3TlsOnly',
  },
  {
    name: 'bucket: default encryption switched to SSE-S3 (addPropertyOverride)',
    weaken: (s) =>
      l1(s, 'Uploads/Bucket/Resource').addPropertyOverride(
        'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault',
        { SSEAlgorithm: 'AES256' },
      ),
    rule: 'SecureServerless-S3CustomerManagedKey',
  },
  {
    name: 'bucket: public bucket policies allowed (addPropertyOverride)',
    weaken: (s) =>
      l1(s, 'Uploads/Bucket/Resource').addPropertyOverride('PublicAccessBlockConfiguration.BlockPublicPolicy', false),
    rule: 'SecureServerless-S3PublicAccessBlocked',
  },
  // EventBridge
  {
    name: 'event bus: customer-managed key removed (addDeletionOverride)',
    weaken: (s) => l1(s, 'OrderEvents/Bus/Resource').addDeletionOverride('Properties.KmsKeyIdentifier'),
    rule: 'SecureServerless-EventBusCustomerManagedKey',
  },
  {
    name: "rule: the nightly target's dead-letter queue removed (addDeletionOverride)",
    weaken: (s) => l1(s, 'Nightly/Rule/Resource').addDeletionOverride('Properties.Targets.0.DeadLetterConfig'),
    rule: 'SecureServerless-EventBridgeTargetDeadLetterQueue',
  },
  // Cognito user pool and app client
  {
    name: 'user pool: deletion protection off (addPropertyOverride)',
    weaken: (s) => l1(s, 'Users/Resource').addPropertyOverride('DeletionProtection', 'INACTIVE'),
    rule: 'SecureServerless-CognitoUserPoolDeletionProtection',
  },
  {
    name: 'user pool: threat protection only audits (addPropertyOverride)',
    weaken: (s) => l1(s, 'Users/Resource').addPropertyOverride('UserPoolAddOns.AdvancedSecurityMode', 'AUDIT'),
    rule: 'SecureServerless-CognitoUserPoolThreatProtection',
  },
  {
    name: 'user pool: passwords of 8 characters (addPropertyOverride)',
    weaken: (s) => l1(s, 'Users/Resource').addPropertyOverride('Policies.PasswordPolicy.MinimumLength', 8),
    rule: 'SecureServerless-CognitoUserPoolPasswordPolicy',
  },
  {
    name: 'app client: the password sent in clear to Cognito (ALLOW_USER_PASSWORD_AUTH added)',
    weaken: (s) =>
      l1(s, 'Users/Web/Resource').addPropertyOverride('ExplicitAuthFlows', [
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
    rule: 'SecureServerless-CognitoUserPoolClientAuthFlows',
  },
  {
    name: 'app client: access tokens valid for a day (addPropertyOverride)',
    weaken: (s) => l1(s, 'Users/Web/Resource').addPropertyOverride('AccessTokenValidity', 1440),
    rule: 'SecureServerless-CognitoUserPoolClientTokenValidity',
  },
  {
    name: 'SNS topic: the alarm topic accepts publishing without TLS (condition flipped)',
    weaken: (s) =>
      l1(s, 'SecureServerlessDefaults/AlarmTopic/Policy/Resource').addPropertyOverride(
        'PolicyDocument.Statement.0.Condition.Bool.aws:SecureTransport',
        'true',
      ),
    rule: 'SecureServerless-SnsTlsOnly',
  },
  {
    name: 'plain s3.Bucket (SSE-S3)',
    weaken: (s) => new s3.Bucket(s.stack, 'PlainBucket', { enforceSSL: true }),
    rule: 'SecureServerless-S3CustomerManagedKey',
  },
  {
    name: 'plain events.Rule invoking a function without a dead-letter queue',
    weaken: (s) =>
      new events.Rule(s.stack, 'PlainRule', {
        schedule: events.Schedule.rate(Duration.hours(1)),
        targets: [new targets.LambdaFunction(s.stack.getOrder)],
      }),
    rule: 'SecureServerless-EventBridgeTargetDeadLetterQueue',
  },
  {
    name: 'plain logs.LogGroup (CloudWatch-owned key)',
    weaken: (s) => new logs.LogGroup(s.stack, 'PlainLogGroup'),
    rule: 'SecureServerless-LogGroupCustomerManagedKey',
  },
  {
    name: 'plain kms.Key (no rotation)',
    weaken: (s) => new kms.Key(s.stack, 'PlainKey'),
    rule: 'SecureServerless-KmsKeyRotation',
  },
  {
    name: 'plain ec2.SecurityGroup in the isolated network (allow all outbound)',
    weaken: (s) => new ec2.SecurityGroup(s.stack, 'PlainSecurityGroup', { vpc: IsolatedNetwork.of(s.stack).vpc }),
    rule: 'SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0]',
  },
];

/**
 * The mutations this run applies: all of them on the oldest aws-cdk-lib; every fourth on the newest, where the
 * template stage is the same code and only cdk-nag's packs and aws-cdk-lib's synthesis differ (to keep `.ci/run`
 * within its 15 minutes: with every other one, and the Guard parity, it took 15.5).
 */
const APPLIED = isOldest() ? MUTATIONS : MUTATIONS.filter((_m, i) => i % 4 === 0);

/** Per mutation: killed or not. */
const outcomes = new Map<string, boolean>();

/**
 * Every mutation's synthesized templates, copied here for the Guard twins' parity test (and kept in
 * `GUARD_CORPUS_DIR` when that is set, for `test/guard/parity-main.ts`).
 */
const corpus = process.env.GUARD_CORPUS_DIR ?? mkdtempSync(path.join(tmpdir(), 'guard-corpus-'));
mkdirSync(corpus, { recursive: true });
if (!process.env.GUARD_CORPUS_DIR) {
  outdirs.push(corpus);
}

/** The parity of the Guard twins on the corpus, as RULES.md shows it. */
const GUARD_PARITY_FILE = path.join(__dirname, '../guard/parity.json');

function addToCorpus(name: string, s: OrdersApp): void {
  for (const file of readdirSync(s.app.outdir).filter((f) => f.endsWith('.template.json'))) {
    copyFileSync(
      path.join(s.app.outdir, file),
      path.join(corpus, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.${file.replace(/\.template\.json$/, '')}.json`),
    );
  }
}

afterAll(() => {
  const killed = [...outcomes.values()].filter(Boolean).length;
  const rate = APPLIED.length === 0 ? 0 : (killed / APPLIED.length) * 100;
  process.stdout.write(`Mutation kill rate: ${killed}/${APPLIED.length} (${Number(rate.toFixed(1))}%)\n`);
  for (const outdir of outdirs) {
    rmSync(outdir, { recursive: true, force: true });
  }
});

describe('the example app', () => {
  test('passes the gate unmutated, with zero violations', () => {
    // GIVEN
    const s = ordersApp();

    // WHEN
    const { failed, violations } = synthesize(s);

    // THEN
    expect(violations).toEqual([]);
    expect(failed).toBe(false);
  });
});

describe('each weakening of the example app fails synth with the rule that guards it', () => {
  test('the table has at least 30 mutations, each with a rule of a pack the gate runs', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MUTATIONS.map((m) => m.name)).size).toBe(MUTATIONS.length);
    const ours = ALL_RULES.map((r) => `${PACK_NAME}-${r.name}`);
    for (const { rule } of MUTATIONS.filter((m) => m.rule.startsWith(`${PACK_NAME}-`))) {
      expect(ours).toContain(baseId(rule));
    }
  });

  test.each(APPLIED.map((m) => [m.name, m] as const))('%s', (name, { weaken, rule }) => {
    outcomes.set(name, false);

    // GIVEN
    const s = ordersApp();
    weaken(s);

    // WHEN
    const { failed, violations } = synthesize(s);
    addToCorpus(name, s);

    // THEN
    expect(violations).toContainEqual(expect.objectContaining({ ruleId: rule, severity: Severity.ERROR }));
    expect(failed).toBe(true);
    outcomes.set(name, true);
  });

  test('kills every mutation (kill rate 100%)', () => {
    const survivors = APPLIED.map((m) => m.name).filter((name) => !outcomes.get(name));

    expect(survivors).toEqual([]);
    expect(outcomes.size).toBe(APPLIED.length);
  });
});

describe('the Guard twins of our rules', () => {
  test("reach the TypeScript rules' verdict on every resource of every mutation and fixture, rule by rule", () => {
    // GIVEN every mutated template, and the hand-written fixtures of cases the example app has no resource for
    const templates = new Map([...templatesIn(corpus), ...templatesIn(path.join(__dirname, '../guard/fixtures'))]);
    expect(templates.size).toBeGreaterThanOrEqual(APPLIED.length);

    // WHEN
    const rows = parity(ALL_RULES, templates, mkdtempSync(path.join(tmpdir(), 'guard-parity-')));

    // THEN
    expect(rows.filter((r) => r.mismatches.length > 0)).toEqual([]);
    expect(rows.filter((r) => r.failingResources === 0).map((r) => r.rule)).toEqual([]);
    // AND RULES.md's parity table holds these numbers (the whole corpus exists on the oldest aws-cdk-lib only;
    // UPDATE_GUARD_PARITY=1 rewrites the table's data, then run `npx projen docgen:rules`)
    if (isOldest()) {
      const measured = rows.map(({ mismatches, ...counts }) => ({ ...counts, templates: templates.size }));
      if (process.env.UPDATE_GUARD_PARITY) {
        writeFileSync(GUARD_PARITY_FILE, `${JSON.stringify(measured, undefined, 2)}\n`);
      }
      expect(measured).toEqual(JSON.parse(readFileSync(GUARD_PARITY_FILE, 'utf8')));
    }
  });
});

describe('weakenings our constructs refuse before the gate runs', () => {
  test('SecureFunction.addEnvironment throws on a plaintext secret', () => {
    // GIVEN
    const s = ordersApp();

    // WHEN / THEN
    expect(() => s.stack.getOrder.addEnvironment('DB_PASSWORD', 'correct-horse-battery-staple')).toThrow(
      /environment\.DB_PASSWORD.*plaintext secret/,
    );
    expect(() => s.stack.getOrder.addEnvironment('STRIPE', STRIPE_LIVE_KEY)).toThrow(/plaintext secret/);
  });

  test('SecureFunction.addFunctionUrl throws on auth NONE', () => {
    // GIVEN
    const s = ordersApp();

    // WHEN / THEN
    expect(() => s.stack.getOrder.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE })).toThrow(
      /addFunctionUrl\.authType.*NONE lets anyone on the internet invoke the function/,
    );
  });

  test('an unauthenticated method added through the raw restApi fails synth validation', () => {
    // GIVEN
    const s = ordersApp();
    s.api.restApi.root
      .addResource('admin')
      .addMethod('DELETE', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.NONE });

    // WHEN / THEN
    expect(() => synthesize(s)).toThrow(/DELETE \/admin has no authorization/);
  });
});
