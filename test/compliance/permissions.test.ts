import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedTable, SecureFunction } from '../../src';
import { readable } from '../../src/compliance/permissions';
import { synthThroughGate } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

interface Entry {
  readonly action: string;
  readonly resources: string[];
  readonly condition?: unknown;
}
interface Permissions {
  readonly constructPath: string;
  readonly logicalId: string;
  readonly role: string;
  readonly allowed: Entry[];
  readonly denied: Entry[];
  readonly externalPolicies: string[];
}

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'css-permissions-'));
});
afterEach(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** Synthesizes `app` through the gate and returns the permissions section of its JSON report, by construct path. */
function permissionsOf(app: App): Map<string, Permissions> {
  synthThroughGate(app, { printSummary: false });
  const report = JSON.parse(readFileSync(join(outdir, 'compliance-report.json'), 'utf8'));
  return new Map(report.permissions.map((p: Permissions) => [p.constructPath, p]));
}

/** `action on resource [conditional]` lines, for whole-list comparisons. */
function grantsOf(p: Permissions): string[] {
  return p.allowed.flatMap((e) => e.resources.map((r) => `${e.action} on ${r}${e.condition ? ' [conditional]' : ''}`));
}

describe("the JSON report's least-privilege section", () => {
  test('a function granted read on one table can read that table and do nothing else', () => {
    // GIVEN a function that reads one table, and a function with no grant as the baseline
    const app = new App({ outdir });
    const stack = new Stack(app, 'Orders', { env: { account: '123456789012', region: 'us-east-1' } });
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const reader = new SecureFunction(stack, 'Reader', { code, handler: 'index.handler' });
    new SecureFunction(stack, 'Idle', { code, handler: 'index.handler' });
    table.grantReadData(reader);

    // WHEN
    const permissions = permissionsOf(app);
    // Each function's own log group has its own logical id: name it the same way for the comparison.
    const ownLogGroup = (grants: string[], id: string) =>
      grants.map((g) => g.replace(new RegExp(`<${id}LogGroup[0-9A-F]{8}\\.Arn>`), '<own log group>'));
    const readerGrants = ownLogGroup(grantsOf(permissions.get('Orders/Reader/Function/Resource')!), 'Reader');
    const idleGrants = ownLogGroup(grantsOf(permissions.get('Orders/Idle/Function/Resource')!), 'Idle');

    // THEN what the reader can do beyond a function without grants is exactly reading that one table
    const tableArn = `<${stack.resolve((table.table.node.defaultChild as dynamodb.CfnTable).logicalId)}.Arn>`;
    const dataKeyArn = expect.stringMatching(
      /^kms:Decrypt on <SecureServerlessDefaultsDataKey[0-9A-F]+\.Arn> \[conditional\]$/,
    );
    const beyondBaseline = readerGrants.filter((g) => !idleGrants.includes(g));
    expect(beyondBaseline).toEqual([
      `dynamodb:BatchGetItem on ${tableArn}`,
      `dynamodb:ConditionCheckItem on ${tableArn}`,
      `dynamodb:GetItem on ${tableArn}`,
      `dynamodb:Query on ${tableArn}`,
      `dynamodb:Scan on ${tableArn}`,
      dataKeyArn,
    ]);
    // ... and the baseline is what any function needs to run: its own log group, its environment key, the
    // dead-letter topic and its key, X-Ray and the VPC network interfaces (the only actions on "*").
    expect(idleGrants).toEqual([
      'ec2:AssignPrivateIpAddresses on *',
      'ec2:CreateNetworkInterface on *',
      'ec2:DeleteNetworkInterface on *',
      'ec2:DescribeNetworkInterfaces on *',
      'ec2:UnassignPrivateIpAddresses on *',
      expect.stringMatching(/^kms:Decrypt on <SecureServerlessDefaultsMessagingKey[0-9A-F]+\.Arn> \[conditional\]$/),
      expect.stringMatching(/^kms:Decrypt on <SecureServerlessDefaultsEnvironmentKey[0-9A-F]+\.Arn>$/),
      expect.stringMatching(
        /^kms:GenerateDataKey on <SecureServerlessDefaultsMessagingKey[0-9A-F]+\.Arn> \[conditional\]$/,
      ),
      'logs:CreateLogStream on <own log group>',
      'logs:PutLogEvents on <own log group>',
      expect.stringMatching(/^sns:Publish on <SecureServerlessDefaultsDeadLetterTopic[0-9A-F]+>$/),
      'xray:PutTelemetryRecords on *',
      'xray:PutTraceSegments on *',
    ]);
    expect(permissions.get('Orders/Reader/Function/Resource')).toMatchObject({ denied: [], externalPolicies: [] });
  });

  test('the data key grant is conditioned on calls made through DynamoDB', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Orders', { env: { account: '123456789012', region: 'us-east-1' } });
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const reader = new SecureFunction(stack, 'Reader', { code, handler: 'index.handler' });
    table.grantReadData(reader);

    const reads = permissionsOf(app).get('Orders/Reader/Function/Resource')!;

    const decrypt = reads.allowed.find((e) => e.action === 'kms:Decrypt' && e.resources[0].includes('DataKey'));
    expect(decrypt?.condition).toEqual({ StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } });
  });

  test('a plain function lists its inline policy and names the AWS managed policy it cannot read', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Plain');
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const fn = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });
    table.grantReadData(fn);

    const plain = permissionsOf(app).get('Plain/Handler/Resource')!;

    expect(plain.role).toMatch(/^HandlerServiceRole/);
    expect(plain.externalPolicies).toEqual([
      'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    expect(plain.allowed.map((e) => e.action)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable']),
    );
  });
});

describe('readable', () => {
  test.each([
    ['a literal', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/*'],
    ['a Ref', { Ref: 'Topic' }, '<Topic>'],
    ['a pseudo parameter', { Ref: 'AWS::Region' }, '${AWS::Region}'],
    ['a GetAtt', { 'Fn::GetAtt': ['Table', 'Arn'] }, '<Table.Arn>'],
    ['a dotted GetAtt', { 'Fn::GetAtt': 'Table.Arn' }, '<Table.Arn>'],
    ['a Join', { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] }, '<Table.Arn>/index/*'],
    ['a Sub', { 'Fn::Sub': 'arn:${AWS::Partition}:logs:*' }, 'arn:${AWS::Partition}:logs:*'],
    ['anything else', { 'Fn::ImportValue': 'Shared' }, '{"Fn::ImportValue":"Shared"}'],
  ])('%s', (_name, value, expected) => {
    expect(readable(value)).toBe(expected);
  });
});
