import { check, resource, UNRELATED } from './support';
import { IamAwsManagedPolicy } from '../../../src/compliance/rules/iam/IamAwsManagedPolicy';
import { IamWildcardAction } from '../../../src/compliance/rules/iam/IamWildcardAction';
import { IamWildcardResource } from '../../../src/compliance/rules/iam/IamWildcardResource';

const TABLE_ARN = { 'Fn::GetAtt': ['Table', 'Arn'] };

const policy = (...statements: Record<string, unknown>[]) =>
  resource('Policy', 'AWS::IAM::Policy', {
    PolicyName: 'policy',
    PolicyDocument: { Version: '2012-10-17', Statement: statements },
    Roles: [{ Ref: 'Role' }],
  });

const managedPolicy = (...statements: Record<string, unknown>[]) =>
  resource('ManagedPolicy', 'AWS::IAM::ManagedPolicy', {
    PolicyDocument: { Version: '2012-10-17', Statement: statements },
  });

const roleWithInlinePolicy = (...statements: Record<string, unknown>[]) =>
  resource('Role', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    Policies: [{ PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
  });

describe('IamWildcardAction', () => {
  test('compliant: exact actions, and narrower patterns left to AwsSolutions-IAM5', () => {
    const subject = policy(
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: TABLE_ARN },
      { Effect: 'Allow', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::bucket/*' },
    );
    expect(check(IamWildcardAction, subject)).toEqual([]);
  });

  test('compliant: a Deny of "*"', () => {
    expect(check(IamWildcardAction, managedPolicy({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });

  test('compliant: a role without inline policies (its trust policy is not read)', () => {
    const role = resource('Role', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:*' }] },
    });
    expect(check(IamWildcardAction, role)).toEqual([]);
  });

  test('non-compliant: "*" and "service:*" in a policy, a managed policy and a role', () => {
    expect(
      check(IamWildcardAction, policy({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:GetItem'], Resource: TABLE_ARN })),
    ).toEqual(['s3:*']);
    expect(check(IamWildcardAction, managedPolicy({ Effect: 'Allow', Action: '*', Resource: TABLE_ARN }))).toEqual([
      '*',
    ]);
    expect(
      check(
        IamWildcardAction,
        roleWithInlinePolicy(
          { Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE_ARN },
          { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
        ),
      ),
    ).toEqual(['dynamodb:*']);
  });

  test('non-compliant: an Allow with NotAction', () => {
    expect(check(IamWildcardAction, policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: TABLE_ARN }))).toEqual([
      'NotAction',
    ]);
  });

  test('not applicable to other resources', () => {
    expect(check(IamWildcardAction, UNRELATED)).toBe('not-applicable');
  });
});

describe('IamWildcardResource', () => {
  test('compliant: exact resources', () => {
    expect(
      check(IamWildcardResource, policy({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: [TABLE_ARN] })),
    ).toEqual([]);
  });

  test('compliant: actions AWS only offers on "*"', () => {
    const subject = managedPolicy(
      {
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      { Effect: 'Allow', Action: ['ec2:DescribePrefixLists', 'ec2:DescribeSecurityGroups'], Resource: '*' },
    );
    expect(check(IamWildcardResource, subject)).toEqual([]);
  });

  test('compliant: a Deny on "*", and NotAction on exact resources (IamWildcardAction reports that)', () => {
    const subject = policy(
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      { Effect: 'Allow', NotAction: 'iam:*', Resource: TABLE_ARN },
    );
    expect(check(IamWildcardResource, subject)).toEqual([]);
  });

  test('non-compliant: the actions allowed on "*" that support narrower resources', () => {
    const subject = roleWithInlinePolicy({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'ec2:DescribeSecurityGroups', 's3:GetObject'],
      Resource: '*',
    });
    expect(check(IamWildcardResource, subject)).toEqual(['dynamodb:GetItem', 's3:GetObject']);
  });

  test('non-compliant: a pattern such as ec2:Describe* is not a star-only action', () => {
    expect(check(IamWildcardResource, policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }))).toEqual([
      'ec2:Describe*',
    ]);
  });

  test('non-compliant: NotResource applies to every resource but those listed', () => {
    const subject = policy({ Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: 'arn:aws:sqs:*:*:admin' });
    expect(check(IamWildcardResource, subject)).toEqual(['sqs:SendMessage']);
  });

  test('non-compliant: an Allow with NotAction on "*"', () => {
    expect(check(IamWildcardResource, policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toEqual([
      'NotAction',
    ]);
  });

  test('not applicable to other resources', () => {
    expect(check(IamWildcardResource, UNRELATED)).toBe('not-applicable');
  });
});

describe('IamAwsManagedPolicy', () => {
  const principal = (type: string, managedPolicyArns?: unknown[]) =>
    resource('Principal', type, managedPolicyArns ? { ManagedPolicyArns: managedPolicyArns } : {});
  const partitionArn = (name: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
  });

  test('compliant: customer-managed policies only, or none', () => {
    const subject = principal('AWS::IAM::Role', [
      { Ref: 'HandlerPolicy' },
      'arn:aws:iam::123456789012:policy/orders-read',
    ]);
    expect(check(IamAwsManagedPolicy, subject)).toEqual([]);
    expect(check(IamAwsManagedPolicy, principal('AWS::IAM::Role'))).toEqual([]);
  });

  test('non-compliant: the findings are the AWS managed policies, literal or built with the partition', () => {
    const subject = principal('AWS::IAM::Role', [
      'arn:aws:iam::aws:policy/AdministratorAccess',
      partitionArn('service-role/AWSLambdaBasicExecutionRole'),
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonDynamoDBFullAccess' },
      { Ref: 'HandlerPolicy' },
    ]);
    expect(check(IamAwsManagedPolicy, subject)).toEqual([
      'AdministratorAccess',
      'service-role/AWSLambdaBasicExecutionRole',
      'AmazonDynamoDBFullAccess',
    ]);
  });

  test('non-compliant: users and groups too', () => {
    const arn = ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess'];
    expect(check(IamAwsManagedPolicy, principal('AWS::IAM::User', arn))).toEqual(['ReadOnlyAccess']);
    expect(check(IamAwsManagedPolicy, principal('AWS::IAM::Group', arn))).toEqual(['ReadOnlyAccess']);
  });

  test('not applicable to other resources', () => {
    expect(check(IamAwsManagedPolicy, UNRELATED)).toBe('not-applicable');
  });
});
