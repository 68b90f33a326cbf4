import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EncryptedTable, FunctionSecret, SecureFunction } from '../../src';
import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

describe('SecureFunction compliance', () => {
  const corpus = new TemplateCorpus('SecureFunction compliance');

  const cases: Array<[string, (fixture: ReturnType<typeof newStack>) => void]> = [
    ['a default function', ({ stack }) => new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' })],
    [
      'a function granted read/write access to an EncryptedTable',
      ({ stack }) => {
        const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
        const table = new EncryptedTable(stack, 'Orders', {
          partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        });
        table.grantReadWriteData(fn);
      },
    ],
    [
      'a function with a Secrets Manager secret and an SQS endpoint',
      ({ stack }) =>
        new SecureFunction(stack, 'Handler', {
          code,
          handler: 'index.handler',
          secrets: {
            DB_SECRET_ARN: FunctionSecret.fromSecret(
              secretsmanager.Secret.fromSecretCompleteArn(
                stack,
                'Db',
                'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
              ),
            ),
          },
          interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SQS],
        }),
    ],
    [
      'ten functions in one stack',
      ({ stack }) => {
        for (let i = 0; i < 10; i++) {
          new SecureFunction(stack, `Handler${i}`, { code, handler: 'index.handler' });
        }
      },
    ],
  ];

  test.each(cases)('%s has no unacknowledged finding in the five cdk-nag packs', (_name, build) => {
    const fixture = newStack();
    build(fixture);

    expect(nagFindings(fixture.app)).toEqual([]);
    corpus.add(fixture.app);
  });

  test.each(cases)(
    '%s passes the AWS Control Tower proactive controls (cfn-guard), helpers included',
    (_name, build) => {
      const fixture = newStack();
      build(fixture);

      expect(controlTowerFailures(fixture.app)).toEqual([]);
    },
  );

  test('a plain aws-cdk-lib function fails both, so the checks above can fail', () => {
    const fixture = newStack();
    new lambda.Function(fixture.stack, 'Plain', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_20_X,
    });

    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining(['error HIPAA.Security-LambdaInsideVPC at TestStack/Plain/Resource']),
    );
    expect(controlTowerFailures(fixture.app).length).toBeGreaterThan(0);
  });

  test('cfn-lint finds no error in the templates above (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
});
