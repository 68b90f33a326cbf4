import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ComplianceGate, EncryptedTable, FunctionSecret, IsolatedNetwork, SecureApi, SecureFunction } from '../../src';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Every name and description the library writes is made from construct paths, and a construct id may hold
 * any character. These apps use hostile ids and stack names throughout, and their templates must pass
 * aws-cdk-lib's validator (on at synth, see test/support/cdk-init-context.ts), cfn-lint, and the rules of
 * EC2 and SNS that cfn-lint does not check.
 */

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });');
const env = { account: '123456789012', region: 'us-east-1' };

/** EC2 group and rule descriptions (CreateSecurityGroup, IpRange/UserIdGroupPair Description). */
const EC2_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
/** IAM role descriptions (CreateRole Description). */
const IAM_ROLE_DESCRIPTION = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]{0,1000}$/u;
/** WAFv2 entity names and metric names. */
const WAF_NAME = /^[0-9A-Za-z_-]{1,128}$/;
const WAF_METRIC_NAME = /^[\w#:.\-/]{1,128}$/;
/** CloudWatch Logs log group names. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** AWS Backup vault names, and plan, rule and selection names (CreateBackupVault, CreateBackupPlan, CreateBackupSelection). */
const BACKUP_VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
const BACKUP_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
/** API Gateway REST API names, published as the ApiName dimension of its metrics (ASCII, at most 255 in aws-cdk-lib). */
const REST_API_NAME = /^[\u0020-\u007E]{1,255}$/;

const LONG_ID = `Long${'x'.repeat(196)}`;

/** Every construct of the library, under `scope`, with ids made from `hostile`. */
function everyConstruct(scope: Construct, hostile: string): void {
  const table = new EncryptedTable(scope, `Table ${hostile}`, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const fn = new SecureFunction(scope, `Function ${hostile}`, {
    code,
    handler: 'index.handler',
    secrets: {
      DB_SECRET_ARN: FunctionSecret.fromSecret(
        secretsmanager.Secret.fromSecretCompleteArn(
          scope,
          `Secret ${hostile}`,
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
        ),
      ),
    },
    interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
  });
  table.grantReadWriteData(fn);
  // aws-cdk-lib appends a 32-character hash to the logical id of an API's deployment, which then exceeds
  // CloudFormation's 255 when the API's path holds more than about 214 letters and digits: not a text this
  // library writes, so the API's own id stays under that.
  const api = new SecureApi(scope, `Api ${hostile.slice(0, 150)}`);
  api.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(fn));
}

interface HostileOptions {
  /** The stack's name. @default - derived from the path */
  readonly stackName?: string;
  /** How many constructs, each with a hostile id, are nested between the stack and the constructs. */
  readonly depth?: number;
  /**
   * The id of the stack's parent. @default - the hostile id. aws-cdk-lib tags the VPC's subnets, route tables
   * and endpoints with their paths, and a tag value holds at most 256 characters, so the 200-character case
   * puts the long ids on the constructs only.
   */
  readonly parent?: string;
}

/** An app whose stack name is `stackName` (or derived from its hostile parent) holding every construct. */
function hostileApp(hostile: string, options: HostileOptions = {}): App {
  const app = new App();
  // A stack under a plain construct gets a name derived from the whole path, and every path in it starts
  // with the hostile id.
  const stack = new Stack(new Construct(app, options.parent ?? hostile), 'Service', {
    env,
    stackName: options.stackName,
  });
  let scope: Construct = stack;
  for (let level = 0; level < (options.depth ?? 0); level++) {
    scope = new Construct(scope, `${hostile} level ${level}`);
  }
  everyConstruct(scope, hostile);
  // A network of the user's own, with a hostile id, that a security group reaches the endpoints through.
  const network = new IsolatedNetwork(stack, `Network ${hostile}`);
  const client = new ec2.SecurityGroup(stack, `Client ${hostile}`, {
    vpc: network.vpc,
    description: 'Client of the endpoints',
    allowAllOutbound: false,
  });
  network.allowGatewayEndpoints(client);
  network.allowInterfaceEndpoint(client, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
  return app;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

function resourcesOf(app: App): Array<[string, CfnResource]> {
  return app
    .synth()
    .stacksRecursively.flatMap((stack) =>
      Object.entries((stack.template.Resources ?? {}) as Record<string, CfnResource>).map(
        ([id, resource]): [string, CfnResource] => [`${stack.stackName}/${id}`, resource],
      ),
    );
}

/** Every text the library wrote that breaks its service's rule, as `where: value` lines. */
function invalidTexts(app: App): string[] {
  const problems: string[] = [];
  const check = (where: string, value: unknown, rule: RegExp | number) => {
    if (value === undefined) {
      return;
    }
    const ok =
      typeof value === 'string' && (typeof rule === 'number' ? Array.from(value).length <= rule : rule.test(value));
    if (!ok) {
      problems.push(`${where}: ${JSON.stringify(value)}`);
    }
  };
  let securityGroupTexts = 0;
  for (const [id, { Type, Properties: p = {} }] of resourcesOf(app)) {
    switch (Type) {
      case 'AWS::EC2::SecurityGroup':
        check(`${id} GroupDescription`, p.GroupDescription, EC2_DESCRIPTION);
        securityGroupTexts++;
        for (const [list, rules] of [
          ['SecurityGroupEgress', p.SecurityGroupEgress],
          ['SecurityGroupIngress', p.SecurityGroupIngress],
        ] as const) {
          for (const [i, rule] of ((rules as any[]) ?? []).entries()) {
            check(`${id} ${list}[${i}].Description`, rule.Description, EC2_DESCRIPTION);
            securityGroupTexts++;
          }
        }
        break;
      case 'AWS::EC2::SecurityGroupEgress':
      case 'AWS::EC2::SecurityGroupIngress':
        check(`${id} Description`, p.Description, EC2_DESCRIPTION);
        securityGroupTexts++;
        break;
      case 'AWS::SNS::Topic':
        check(`${id} DisplayName`, p.DisplayName, 100);
        break;
      case 'AWS::IAM::Role':
        check(`${id} Description`, p.Description, IAM_ROLE_DESCRIPTION);
        break;
      case 'AWS::IAM::ManagedPolicy':
        check(`${id} Description`, p.Description, 1000);
        break;
      case 'AWS::KMS::Key':
        check(`${id} Description`, p.Description, 8192);
        break;
      case 'AWS::CloudWatch::Alarm':
        check(`${id} AlarmDescription`, p.AlarmDescription, 1024);
        break;
      case 'AWS::WAFv2::WebACL':
        check(`${id} Name`, p.Name, WAF_NAME);
        check(`${id} VisibilityConfig.MetricName`, p.VisibilityConfig?.MetricName, WAF_METRIC_NAME);
        for (const [i, rule] of ((p.Rules as any[]) ?? []).entries()) {
          check(`${id} Rules[${i}].Name`, rule.Name, WAF_NAME);
          check(`${id} Rules[${i}].VisibilityConfig.MetricName`, rule.VisibilityConfig?.MetricName, WAF_METRIC_NAME);
        }
        break;
      case 'AWS::Logs::LogGroup':
        check(`${id} LogGroupName`, p.LogGroupName, LOG_GROUP_NAME);
        break;
      case 'AWS::Backup::BackupVault':
        check(`${id} BackupVaultName`, p.BackupVaultName, BACKUP_VAULT_NAME);
        break;
      case 'AWS::Backup::BackupPlan':
        check(`${id} BackupPlanName`, p.BackupPlan?.BackupPlanName, BACKUP_NAME);
        for (const [i, rule] of ((p.BackupPlan?.BackupPlanRule as any[]) ?? []).entries()) {
          check(`${id} BackupPlanRule[${i}].RuleName`, rule.RuleName, BACKUP_NAME);
        }
        break;
      case 'AWS::Backup::BackupSelection':
        check(`${id} SelectionName`, p.BackupSelection?.SelectionName, BACKUP_NAME);
        break;
      case 'AWS::ApiGateway::RestApi':
        check(`${id} Name`, p.Name, REST_API_NAME);
        break;
      case 'AWS::Lambda::Function':
        check(`${id} Description`, p.Description, 256);
        break;
    }
  }
  if (securityGroupTexts === 0) {
    problems.push('no security group in the app: the check above checked nothing');
  }
  return problems;
}

describe('hostile construct paths', () => {
  const corpus = new TemplateCorpus('hostile construct paths');

  const cases: Array<[string, string, HostileOptions]> = [
    ['an apostrophe', "Bob's", {}],
    ['double quotes', 'The "Quoted" One', {}],
    ['angle brackets', '<script>x</script>', {}],
    ['non-ASCII letters', 'Ünïcødé Ærø', {}],
    ['an emoji', 'Rocket 🚀 launch', {}],
    ['a 200-character id', LONG_ID, { parent: 'Outer' }],
    ['constructs nested 10 deep, each with an apostrophe', 'Nest\'s "level"', { depth: 10 }],
    ['a 128-character stack name', "Max's", { stackName: `S${'t'.repeat(127)}` }],
  ];

  test.each(cases)(
    '%s: synthesizes, every text is valid for its service, and the gate passes',
    (_name, hostile, options) => {
      const app = hostileApp(hostile, options);

      expect(ComplianceGate.check(app).violations).toEqual([]);
      expect(invalidTexts(app)).toEqual([]);
      corpus.add(app);
    },
  );

  test('two long paths that differ only at the start get distinct security-group descriptions', () => {
    const descriptions = (prefix: string) => {
      const app = new App();
      const stack = new Stack(app, 'Service', { env });
      new SecureFunction(new Construct(stack, `${prefix}${LONG_ID}`), LONG_ID, { code, handler: 'index.handler' });
      return resourcesOf(app)
        .filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup')
        .map(([, r]) => r.Properties!.GroupDescription as string)
        .filter((d) => d.endsWith('egress only to the endpoints of the network'));
    };
    const [a] = descriptions('A');
    const [b] = descriptions('B');

    expect(a).toHaveLength(255);
    expect(a).not.toBe(b);
  });

  test('cfn-lint finds no error in any template', () => corpus.expectValid());
});
