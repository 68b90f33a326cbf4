import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ComplianceGate,
  EncryptedTable,
  OptOut,
  SecureApi,
  SecureFunction,
  StackDefaults,
  StackDefaultsProps,
} from '../../src';
import { describeDecision } from '../../src/compliance/decisions';
import { newStack } from '../support/compliance';
import { InvalidInputCase, SecureErrorCode as E, optOutCases, testInvalidInputs } from '../support/invalid-input';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const ACCOUNT = '123456789012';
const arnIn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const ALARMS_OF_THIS_ACCOUNT = arnIn(`:cloudwatch:us-east-1:${ACCOUNT}:alarm:*`);

/** A stack with one of each construct: a function behind an API (with its WAF), a table, the network. */
function fullStack(): Stack {
  const { stack } = newStack();
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  const api = new SecureApi(stack, 'Api');
  api.root.addMethod('GET', new apigateway.LambdaIntegration(fn));
  new EncryptedTable(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return stack;
}

/** Every policy statement of the template that names a service principal, as `<service> on <type>`. */
function servicePrincipals(template: Template): string[] {
  const found: string[] = [];
  for (const resource of Object.values<any>(template.toJSON().Resources)) {
    const document =
      resource.Properties?.KeyPolicy ??
      resource.Properties?.PolicyDocument ??
      resource.Properties?.AssumeRolePolicyDocument;
    const parsed = typeof document === 'object' && document['Fn::Join'] ? undefined : document;
    for (const statement of parsed?.Statement ?? []) {
      for (const service of [statement.Principal?.Service ?? []].flat()) {
        found.push(`${service} on ${resource.Type}`);
      }
    }
    if (resource.Type === 'AWS::Logs::ResourcePolicy') {
      const text = JSON.stringify(resource.Properties.PolicyDocument);
      for (const match of text.matchAll(/\\"Service\\":\\"([^\\]+)\\"/g)) {
        found.push(`${match[1]} on ${resource.Type}`);
      }
    }
  }
  return found.filter((p) => !p.endsWith('on AWS::IAM::Role')).sort();
}

describe('StackDefaults: who may use the shared topics and keys', () => {
  test('CloudWatch alarms of this account may publish to the alarm topic, which otherwise only accepts TLS', () => {
    // GIVEN / WHEN
    const stack = fullStack();

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsAlarmTopic') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny' }),
          {
            Sid: 'AllowCloudWatchAlarmsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsAlarmTopic') },
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: { 'aws:SourceArn': ALARMS_OF_THIS_ACCOUNT },
            },
          },
        ],
      },
    });
  });

  test("CloudWatch alarms may use the messaging key only for this account's alarms", () => {
    const stack = fullStack();

    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the queues and topics of TestStack',
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: { 'aws:SourceArn': ALARMS_OF_THIS_ACCOUNT },
            },
          },
        ]),
      },
    });
  });

  test('the dead-letter topic allows no service: Lambda publishes with the function role', () => {
    const stack = fullStack();

    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsDeadLetterTopic') }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AllowPublishThroughSSLOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^SecureServerlessDefaultsDeadLetterTopic') },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });

  test('WAF log delivery may write only to the stack WAF log groups, on behalf of this account', () => {
    const stack = fullStack();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::ResourcePolicy', {
      PolicyName: 'TestStack-LogDelivery',
      PolicyDocument: {
        'Fn::Join': [
          '',
          [
            '{"Statement":[{"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},"ArnLike":{"aws:SourceArn":"arn:',
            { Ref: 'AWS::Partition' },
            ':logs:us-east-1:123456789012:*"}},"Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Resource":"arn:',
            { Ref: 'AWS::Partition' },
            ':logs:us-east-1:123456789012:log-group:',
            { Ref: Match.stringLikeRegexp('^ApiFirewallLogGroup') },
            ':log-stream:*","Sid":"AllowLogDeliveryOfThisAccount"}],"Version":"2012-10-17"}',
          ],
        ],
      },
    });
    // WAF's logging configuration waits for the policy, so WAF does not write an AWSWAF-LOGS policy of its own.
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^SecureServerlessDefaultsLogDeliveryPolicy')]),
    });
  });

  test('exactly these services appear in the resource policies of the stack', () => {
    const stack = fullStack();

    expect(servicePrincipals(Template.fromStack(stack))).toEqual([
      'cloudwatch.amazonaws.com on AWS::KMS::Key',
      'cloudwatch.amazonaws.com on AWS::SNS::TopicPolicy',
      'delivery.logs.amazonaws.com on AWS::Logs::ResourcePolicy',
      'logs.us-east-1.amazonaws.com on AWS::KMS::Key',
    ]);
  });

  test('the data and environment keys name no service: DynamoDB and AWS Backup use them through grants', () => {
    const stack = fullStack();

    const keys = Template.fromStack(stack).findResources('AWS::KMS::Key', {
      Properties: { Description: Match.stringLikeRegexp('^Encrypts (data at rest|the Lambda environment)') },
    });
    expect(Object.keys(keys)).toHaveLength(2);
    expect(JSON.stringify(keys)).not.toContain('"Service"');
  });
});

describe('StackDefaults: a failed first deploy can be retried', () => {
  test('the backup vault, whose name is fixed, is removed when its create rolls back', () => {
    const stack = fullStack();

    Template.fromStack(stack).hasResource('AWS::Backup::BackupVault', {
      Properties: { BackupVaultName: Match.anyValue() },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('no retained resource with a fixed name has DeletionPolicy Retain', () => {
    const stack = fullStack();

    const NAME_PROPERTIES = ['LogGroupName', 'BackupVaultName', 'TableName', 'FunctionName', 'TopicName', 'Name'];
    const retainedWithName = Object.entries<any>(Template.fromStack(stack).toJSON().Resources)
      .filter(([, r]) => r.DeletionPolicy === 'Retain')
      .filter(([, r]) => NAME_PROPERTIES.some((name) => r.Properties?.[name] !== undefined))
      .map(([id]) => id);
    expect(retainedWithName).toEqual([]);
    // The retained resources with a fixed name are there, with RetainExceptOnCreate.
    const wafLogGroup = Template.fromStack(stack).findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-') },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    expect(Object.keys(wafLogGroup)).toHaveLength(1);
  });

  test('keys and log groups are retained except when their create rolls back', () => {
    const stack = fullStack();

    const template = Template.fromStack(stack).toJSON();
    const policies = Object.values<any>(template.Resources)
      .filter((r) => r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::Logs::LogGroup')
      .map((r) => r.DeletionPolicy);
    expect(policies.length).toBeGreaterThan(4);
    expect(new Set(policies)).toEqual(new Set(['RetainExceptOnCreate']));
  });
});

describe('StackDefaults.configure: reserved concurrency for the stack', () => {
  const functions = (stack: Stack) =>
    Object.entries<any>(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.ReservedConcurrentExecutions])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));

  test('by default every function reserves 10 and the helper 2', () => {
    const { stack } = newStack();

    new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });

    expect(functions(stack)).toEqual([
      ['HandlerFunction', 10],
      ['SecureServerlessNetworkHelperFunction', 2],
    ]);
  });

  test('a stack amount applies to every function without its own; the helper reserves at most that', () => {
    // GIVEN
    const { stack } = newStack();
    StackDefaults.configure(stack, { reservedConcurrentExecutions: 1 });

    // WHEN
    new SecureFunction(stack, 'A', { code, handler: 'index.handler' });
    new SecureFunction(stack, 'B', { code, handler: 'index.handler', reservedConcurrentExecutions: 4 });

    // THEN
    expect(functions(stack)).toEqual([
      ['AFunction', 1],
      ['BFunction', 4],
      ['SecureServerlessNetworkHelperFunction', 1],
    ]);
  });

  test('the stack opt-out reserves nothing for any function, the helper included, and records the reason', () => {
    // GIVEN an account with the default concurrency quota of 10
    const { stack } = newStack();
    StackDefaults.configure(stack, {
      optOuts: { concurrencyLimit: { reason: 'New account, quota increase requested', ticket: 'OPS-7' } },
    });

    // WHEN
    new SecureFunction(stack, 'A', { code, handler: 'index.handler' });
    new SecureFunction(stack, 'B', { code, handler: 'index.handler', reservedConcurrentExecutions: 3 });

    // THEN
    expect(functions(stack)).toEqual([
      ['AFunction', undefined],
      ['BFunction', 3],
      ['SecureServerlessNetworkHelperFunction', undefined],
    ]);
    const result = ComplianceGate.check(stack);
    const reason =
      'Opt-out (StackDefaults.optOuts.concurrencyLimit): New account, quota increase requested (ticket: OPS-7)';
    expect(
      result.acknowledgments
        .filter((a) => a.ruleIds.includes('SecureServerless-LambdaConcurrency'))
        .map((a) => [a.constructPath, describeDecision(a)]),
    ).toEqual([
      ['TestStack/A', reason],
      ['TestStack/SecureServerlessNetwork/Helper', reason],
    ]);
    expect(result.violations.filter((v) => v.ruleId.includes('LambdaConcurrency'))).toEqual([]);
  });

  test("a function's own concurrency opt-out wins over the stack amount", () => {
    const { stack } = newStack();
    StackDefaults.configure(stack, { reservedConcurrentExecutions: 5 });

    new SecureFunction(stack, 'A', {
      code,
      handler: 'index.handler',
      optOuts: { concurrencyLimit: { reason: 'Scales with the queue' } },
    });

    expect(functions(stack)).toEqual([
      ['AFunction', undefined],
      ['SecureServerlessNetworkHelperFunction', 2],
    ]);
  });
});

describe('StackDefaults.configure fails when', () => {
  const configure = (props: StackDefaultsProps) => () => StackDefaults.configure(newStack().stack, props);
  const cases: InvalidInputCase[] = [
    [
      'it is called after a construct used the defaults',
      () => {
        const { stack } = newStack();
        new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
        StackDefaults.configure(stack, { reservedConcurrentExecutions: 2 });
      },
      E.CONFLICTING_PROPS,
      'StackDefaults.configure',
    ],
    [
      'it is called twice',
      () => {
        const { stack } = newStack();
        StackDefaults.configure(stack, { reservedConcurrentExecutions: 2 });
        StackDefaults.configure(stack, { reservedConcurrentExecutions: 3 });
      },
      E.CONFLICTING_PROPS,
      'StackDefaults.configure',
    ],
    ['the amount is 0', configure({ reservedConcurrentExecutions: 0 }), E.INVALID_PROP, 'reservedConcurrentExecutions'],
    [
      'the amount is 1.5',
      configure({ reservedConcurrentExecutions: 1.5 }),
      E.INVALID_PROP,
      'reservedConcurrentExecutions',
    ],
    [
      'an amount comes with the opt-out',
      configure({ reservedConcurrentExecutions: 2, optOuts: { concurrencyLimit: { reason: 'Quota of 10' } } }),
      E.CONFLICTING_PROPS,
      'reservedConcurrentExecutions',
    ],
    ...optOutCases('optOuts.concurrencyLimit', (optOut) =>
      configure({ optOuts: { concurrencyLimit: optOut as OptOut } }),
    ),
  ];

  testInvalidInputs(cases, 'TestStack');
});
