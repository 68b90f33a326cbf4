import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ManagedPolicyRole, StackDefaults } from '../../src';
import { newStack } from '../support/compliance';

describe('ManagedPolicyRole', () => {
  test('routes grants made later by aws-cdk-lib constructs into one customer-managed policy', () => {
    // GIVEN
    const { stack } = newStack();
    const role = new ManagedPolicyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });

    // WHEN
    queue.grantSendMessages(role);
    table.grantReadData(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: [queue.queueArn] }));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) }),
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem']) }),
          Match.objectLike({ Action: 'sqs:GetQueueUrl' }),
        ]),
      },
    });
    expect(role.policy).toBeInstanceOf(iam.ManagedPolicy);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('creates no policy until it receives a permission', () => {
    const { stack } = newStack();
    const role = new ManagedPolicyRole(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    expect(role.policy).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});

describe('StackDefaults', () => {
  test('is created once per stack, and creates each shared piece only when first asked for', () => {
    const { stack } = newStack();
    const first = StackDefaults.of(stack);
    const key = first.dataKey;

    expect(StackDefaults.of(stack)).toBe(first);
    expect(StackDefaults.of(stack).dataKey).toBe(key);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
  });
});

describe('ManagedPolicyRole description', () => {
  const role = (description: string) => {
    const { stack } = newStack();
    return new ManagedPolicyRole(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal(), description });
  };

  test('keeps a description IAM accepts, Latin-1 letters and quotes included', () => {
    const r = role('Ünïcødé\'s "role" <x>');

    Template.fromStack(r.stack).hasResourceProperties('AWS::IAM::Role', { Description: 'Ünïcødé\'s "role" <x>' });
  });

  test.each([
    ['holds an emoji', 'role 🚀'],
    ['holds a letter outside Latin-1', 'rôle Ā'],
    ['is over 1000 characters', 'd'.repeat(1001)],
    ['is blank', '  '],
  ])('fails with CSS001 when it %s', (_name, description) => {
    expect(() => role(description)).toThrow(/^\[CSS001\] TestStack\/Role: prop "description"/);
  });
});
