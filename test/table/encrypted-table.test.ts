import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ComplianceGate, EncryptedTable, EncryptedTableProps } from '../../src';
import { describeDecision } from '../../src/compliance/decisions';
import { newStack } from '../support/compliance';

const partitionKey = { name: 'pk', type: dynamodb.AttributeType.STRING };
const capacity = { minReadCapacity: 2, maxReadCapacity: 40, minWriteCapacity: 1, maxWriteCapacity: 10 };

function build(props: Partial<EncryptedTableProps> = {}): { stack: Stack; table: EncryptedTable } {
  const { stack } = newStack();
  const table = new EncryptedTable(stack, 'Orders', { partitionKey, ...props });
  return { stack, table };
}

function acknowledgedRules(stack: Stack): Record<string, string> {
  return Object.fromEntries(
    ComplianceGate.check(stack).acknowledgments.flatMap((a) => a.ruleIds.map((id) => [id, describeDecision(a)])),
  );
}

describe('EncryptedTable defaults', () => {
  test('encrypts with the stack data key, a customer-managed key with rotation, kept on stack deletion', () => {
    // WHEN
    const { stack, table } = build();

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] },
      },
    });
    expect(table.encryptionKey).toBeDefined();
  });

  test('the key policy lets only AWS services create grants', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyGrantsNotForAwsServices',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: {
              BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ]),
      },
    });
  });

  test('point-in-time recovery, deletion protection, RETAIN and on-demand billing', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
        ProvisionedThroughput: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('joins the shared backup plan through a role with no AWS-managed policy', () => {
    const { stack } = build();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            Lifecycle: { DeleteAfterDays: 35 },
            ScheduleExpression: 'cron(0 3 * * ? *)',
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersTable'), 'Arn'] }],
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsBackupRole'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the backup role may only back up this table and use its key', () => {
    const { stack } = build();

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'dynamodb:CreateBackup',
              'dynamodb:DescribeTable',
              'dynamodb:ListTagsOfResource',
              'dynamodb:StartAwsBackupJob',
            ],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersTable'), 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:DeleteBackup', 'dynamodb:DescribeBackup'],
            Resource: {
              'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersTable'), 'Arn'] }, '/backup/*']],
            },
          },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] },
          },
          {
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] },
          },
        ],
      },
    });
  });

  test('acknowledges only the backup/* resource of this table, with the reason', () => {
    const { stack } = build();

    const acks = acknowledgedRules(stack);
    expect(Object.keys(acks)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<OrdersTable\w+\.Arn>\/backup\/\*\]$/),
    ]);
    expect(Object.values(acks)[0]).toMatch(/narrowest resource IAM allows/);
  });

  test('tables in one stack share one key, one vault, one plan and one backup role', () => {
    const { stack } = newStack();
    for (const id of ['A', 'B', 'C']) {
      new EncryptedTable(stack, id, { partitionKey });
    }

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::Backup::BackupVault', 1);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.resourceCountIs('AWS::Backup::BackupSelection', 3);
  });

  test('exposes the familiar attributes', () => {
    const { stack, table } = build({ stream: dynamodb.StreamViewType.NEW_IMAGE });

    expect(stack.resolve(table.tableName)).toEqual({
      Ref: stack.getLogicalId(table.table.node.defaultChild as dynamodb.CfnTable),
    });
    expect(stack.resolve(table.tableArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] });
    expect(table.tableStreamArn).toBeDefined();
    expect(table.table).toBeInstanceOf(dynamodb.Table);
    expect(table.backupSelection).toBeInstanceOf(backup.BackupSelection);
  });
});

describe('EncryptedTable options', () => {
  test('a fixed tableName on a retained table warns that a failed first deploy leaves the name taken', () => {
    // WHEN
    const { stack } = build({ tableName: 'orders' });

    // THEN the table stays RETAIN (deletion protection would make a rollback that deletes it fail)
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      Properties: { TableName: 'orders', DeletionProtectionEnabled: true },
      DeletionPolicy: 'Retain',
    });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Orders',
      Match.stringLikeRegexp(
        'prop "tableName" is fixed and the table is retained.*orders already exists.*Fix: leave tableName out',
      ),
    );
  });

  test('a table without tableName does not warn: CloudFormation names it anew on each attempt', () => {
    const { stack } = build();

    expect(Annotations.fromStack(stack).findWarning('/TestStack/Orders', Match.stringLikeRegexp('tableName'))).toEqual(
      [],
    );
  });

  test('uses the key it is given', () => {
    const { stack } = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });

    const table = new EncryptedTable(stack, 'Orders', { partitionKey, encryptionKey: key });

    expect(table.encryptionKey).toBe(key);
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } },
    });
  });

  test('provisioned capacity comes with target-tracking auto scaling on the table and its indexes', () => {
    const { stack, table } = build({ provisionedCapacity: { ...capacity, targetUtilizationPercent: 60 } });
    table.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'c', type: dynamodb.AttributeType.STRING },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: Match.absent(),
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
      GlobalSecondaryIndexes: [
        Match.objectLike({ ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 } }),
      ],
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 4);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'dynamodb:index:ReadCapacityUnits',
      MinCapacity: 2,
      MaxCapacity: 40,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 60 }),
    });
  });

  test('joins a backup plan it is given', () => {
    const { stack } = newStack();
    const plan = backup.BackupPlan.daily35DayRetention(stack, 'MyPlan');

    new EncryptedTable(stack, 'Orders', { partitionKey, backupPlan: plan });

    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyPlan'), 'BackupPlanId'] },
    });
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupPlan', 1);
  });

  test('passes time to live, stream and table class through', () => {
    const { stack } = build({
      timeToLiveAttribute: 'expiresAt',
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      tableClass: dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TableClass: 'STANDARD_INFREQUENT_ACCESS',
    });
  });
});

describe('EncryptedTable opt-outs', () => {
  test('customerManagedKey: AWS-owned encryption, no key, acknowledged with the reason', () => {
    const { stack, table } = build({
      optOuts: { customerManagedKey: { reason: 'Public reference data', ticket: 'SEC-1' } },
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: false } });
    expect(table.encryptionKey).toBeUndefined();
    expect(acknowledgedRules(stack)).toMatchObject({
      'SecureServerless-DynamoDBCustomerManagedKey':
        'Opt-out (optOuts.customerManagedKey): Public reference data (ticket: SEC-1)',
    });
    // The only key left is the shared backup vault's.
    template.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('pointInTimeRecovery: off, and the three PITR rules acknowledged', () => {
    const { stack } = build({ optOuts: { pointInTimeRecovery: { reason: 'Cache table', approvedBy: 'sec-team' } } });

    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    const reason = 'Opt-out (optOuts.pointInTimeRecovery): Cache table (approved by: sec-team)';
    expect(acknowledgedRules(stack)).toMatchObject({
      'AwsSolutions-DDB3': reason,
      'HIPAA.Security-DynamoDBPITREnabled': reason,
      'NIST.800.53.R5-DynamoDBPITREnabled': reason,
    });
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });

  test('deletionProtection: off, and removalPolicy DESTROY becomes possible', () => {
    const { stack } = build({
      removalPolicy: RemovalPolicy.DESTROY,
      optOuts: { deletionProtection: { reason: 'Preview environment, torn down nightly' } },
    });

    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      Properties: { DeletionProtectionEnabled: false },
      DeletionPolicy: 'Delete',
    });
    expect(acknowledgedRules(stack)).toHaveProperty('SecureServerless-DynamoDBDeletionProtection');
  });

  test('backup: no selection, no backup plan, and the backup rules acknowledged', () => {
    const { stack, table } = build({ optOuts: { backup: { reason: 'Derived data, rebuilt from the event log' } } });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupSelection', 0);
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(table.backupSelection).toBeUndefined();
    expect(Object.keys(acknowledgedRules(stack))).toEqual([
      'HIPAA.Security-DynamoDBInBackupPlan',
      'NIST.800.53.R5-DynamoDBInBackupPlan',
    ]);
    expect(ComplianceGate.check(stack).violations).toEqual([]);
  });
});

describe('EncryptedTable grants', () => {
  function grantee(stack: Stack): lambda.Function {
    return new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
  }

  const tableArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersTable'), 'Arn'] };
  const indexArn = { 'Fn::Join': ['', [tableArn, '/index/byCustomer']] };
  const viaDynamoDb = { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } };
  const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsDataKey'), 'Arn'] };

  function grantStatements(stack: Stack): unknown[] {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument.Statement,
    );
  }

  test('grantReadData gives only read actions on the table and its index, and kms:Decrypt through DynamoDB', () => {
    // GIVEN
    const { stack, table } = build();
    const fn = grantee(stack);

    // WHEN (one index added before the grant, proving exact index ARNs rather than index/*)
    table.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'c', type: dynamodb.AttributeType.STRING },
    });
    table.grantReadData(fn);

    // THEN
    expect(stack.resolve(grantStatements(stack))).toEqual([
      expect.objectContaining({
        Action: [
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:Scan',
        ],
        Effect: 'Allow',
        Resource: [
          { 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] }, '/index/byCustomer']] },
        ],
      }),
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Condition: viaDynamoDb,
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SecureServerlessDefaultsDataKey/), 'Arn'] },
      },
    ]);
  });

  test('an index added after the grant is included in it', () => {
    const { stack, table } = build();
    const fn = grantee(stack);

    table.grantReadData(fn);
    table.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'c', type: dynamodb.AttributeType.STRING },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: [tableArn, indexArn] })]) },
    });
  });

  test('grantWriteData gives only write actions and the key actions writes need, without wildcards', () => {
    const { stack, table } = build();
    table.grantWriteData(grantee(stack));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            Effect: 'Allow',
            Resource: tableArn,
          },
          {
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Condition: viaDynamoDb,
            Resource: keyArn,
          },
        ],
      },
    });
  });

  test('grantReadWriteData gives both', () => {
    const { stack, table } = build();
    table.grantReadWriteData(grantee(stack));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:PutItem']), Resource: tableArn }),
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: keyArn }),
        ],
      },
    });
  });

  test('grant gives the named actions, with decrypt for reads and encrypt for writes', () => {
    const { stack, table } = build();
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });

    table.grant(reader, 'dynamodb:GetItem');
    table.grant(writer, 'dynamodb:PutItem');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: [
          { Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: tableArn },
          { Action: 'kms:Decrypt', Effect: 'Allow', Condition: viaDynamoDb, Resource: keyArn },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Writer') }],
      PolicyDocument: {
        Statement: [
          { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: tableArn },
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] }),
        ],
      },
    });
  });

  test('without a customer-managed key, grants carry no key permission', () => {
    const { stack, table } = build({ optOuts: { customerManagedKey: { reason: 'Public data' } } });
    table.grantReadData(grantee(stack));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem']) })] },
    });
  });
});
