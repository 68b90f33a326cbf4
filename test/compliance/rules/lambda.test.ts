import { check, resource, UNRELATED } from './support';
import { LambdaCodeSigningEnforced } from '../../../src/compliance/rules/lambda/LambdaCodeSigningEnforced';
import { LambdaConcurrency } from '../../../src/compliance/rules/lambda/LambdaConcurrency';
import { LambdaDeadLetter } from '../../../src/compliance/rules/lambda/LambdaDeadLetter';
import { LambdaEnvironmentCustomerManagedKey } from '../../../src/compliance/rules/lambda/LambdaEnvironmentCustomerManagedKey';
import { LambdaFunctionUrlAuth } from '../../../src/compliance/rules/lambda/LambdaFunctionUrlAuth';
import { LambdaInsideVpc } from '../../../src/compliance/rules/lambda/LambdaInsideVpc';
import { LambdaPlaintextSecret } from '../../../src/compliance/rules/lambda/LambdaPlaintextSecret';
import { LambdaPublicInvoke } from '../../../src/compliance/rules/lambda/LambdaPublicInvoke';
import { LambdaPublicSubnet } from '../../../src/compliance/rules/lambda/LambdaPublicSubnet';
import { LambdaRecursiveLoop } from '../../../src/compliance/rules/lambda/LambdaRecursiveLoop';
import { LambdaTracing } from '../../../src/compliance/rules/lambda/LambdaTracing';

const fn = (properties: Record<string, unknown> = {}) => resource('Fn', 'AWS::Lambda::Function', properties);
const KEY_ARN = { 'Fn::GetAtt': ['Key', 'Arn'] };

describe('LambdaPlaintextSecret', () => {
  test('compliant: references to secrets and ordinary configuration', () => {
    const subject = fn({
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: 'Table' },
          DB_PASSWORD_SECRET_ARN: { Ref: 'Secret' },
          API_KEY: '{{resolve:secretsmanager:prod/api-key}}',
          LOG_LEVEL: 'INFO',
        },
      },
    });
    expect(check(LambdaPlaintextSecret, subject)).toEqual([]);
  });

  test('compliant: a function without environment variables', () => {
    expect(check(LambdaPlaintextSecret, fn())).toEqual([]);
  });

  test('non-compliant: the findings are the names of the secret-looking variables', () => {
    const subject = fn({
      Environment: {
        Variables: {
          DB_PASSWORD: 'hunter2hunter2',
          STRIPE: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
          TABLE_NAME: 'orders',
        },
      },
    });
    expect(check(LambdaPlaintextSecret, subject)).toEqual(['DB_PASSWORD', 'STRIPE']);
  });

  test('non-compliant: credentials written next to a reference in Fn::Join', () => {
    const subject = fn({
      Environment: {
        Variables: {
          DATABASE_URL: {
            'Fn::Join': ['', ['postgres://app:s3cr3tPass@', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }]],
          },
        },
      },
    });
    expect(check(LambdaPlaintextSecret, subject)).toEqual(['DATABASE_URL']);
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaPlaintextSecret, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaEnvironmentCustomerManagedKey', () => {
  const variables = { Environment: { Variables: { TABLE_NAME: 'orders' } } };

  test('compliant: variables encrypted with a key', () => {
    expect(check(LambdaEnvironmentCustomerManagedKey, fn({ ...variables, KmsKeyArn: KEY_ARN }))).toBe('compliant');
  });

  test('non-compliant: variables without a key', () => {
    expect(check(LambdaEnvironmentCustomerManagedKey, fn(variables))).toBe('non-compliant');
  });

  test('not applicable without variables', () => {
    expect(check(LambdaEnvironmentCustomerManagedKey, fn())).toBe('not-applicable');
    expect(check(LambdaEnvironmentCustomerManagedKey, fn({ Environment: { Variables: {} } }))).toBe('not-applicable');
  });
});

describe('LambdaPublicInvoke', () => {
  const permission = (properties: Record<string, unknown>) =>
    resource('Permission', 'AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: KEY_ARN,
      ...properties,
    });

  test('compliant: a service principal scoped by SourceArn', () => {
    const subject = permission({ Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Join': ['', ['arn']] } });
    expect(check(LambdaPublicInvoke, subject)).toBe('compliant');
  });

  test('compliant: a service principal scoped by SourceAccount', () => {
    const subject = permission({ Principal: 's3.amazonaws.com', SourceAccount: '123456789012' });
    expect(check(LambdaPublicInvoke, subject)).toBe('compliant');
  });

  test('compliant: an account principal', () => {
    expect(check(LambdaPublicInvoke, permission({ Principal: '123456789012' }))).toBe('compliant');
  });

  test('non-compliant: Principal "*", even with a SourceArn', () => {
    expect(check(LambdaPublicInvoke, permission({ Principal: '*', SourceArn: 'arn:aws:s3:::bucket' }))).toBe(
      'non-compliant',
    );
  });

  test('non-compliant: a service principal without a source', () => {
    expect(check(LambdaPublicInvoke, permission({ Principal: 'sns.amazonaws.com' }))).toBe('non-compliant');
  });

  test('non-compliant: a service principal built with the URL suffix, without a source', () => {
    const principal = { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::URLSuffix' }]] };
    expect(check(LambdaPublicInvoke, permission({ Principal: principal }))).toBe('non-compliant');
  });

  test('not applicable to functions', () => {
    expect(check(LambdaPublicInvoke, fn())).toBe('not-applicable');
  });
});

describe('LambdaFunctionUrlAuth', () => {
  const url = (authType: string) =>
    resource('Url', 'AWS::Lambda::Url', { AuthType: authType, TargetFunctionArn: KEY_ARN });

  test('compliant: AWS_IAM', () => {
    expect(check(LambdaFunctionUrlAuth, url('AWS_IAM'))).toBe('compliant');
  });

  test('non-compliant: NONE', () => {
    expect(check(LambdaFunctionUrlAuth, url('NONE'))).toBe('non-compliant');
  });

  test('not applicable to functions', () => {
    expect(check(LambdaFunctionUrlAuth, fn())).toBe('not-applicable');
  });
});

describe('LambdaInsideVpc', () => {
  test('compliant: subnets given', () => {
    const subject = fn({ VpcConfig: { SubnetIds: [{ Ref: 'Subnet1' }], SecurityGroupIds: [{ Ref: 'Sg' }] } });
    expect(check(LambdaInsideVpc, subject)).toBe('compliant');
  });

  test('compliant: subnets from a list parameter', () => {
    expect(check(LambdaInsideVpc, fn({ VpcConfig: { SubnetIds: { Ref: 'SubnetIds' } } }))).toBe('compliant');
  });

  test('non-compliant: no VpcConfig, or no subnets', () => {
    expect(check(LambdaInsideVpc, fn())).toBe('non-compliant');
    expect(check(LambdaInsideVpc, fn({ VpcConfig: { SubnetIds: [], SecurityGroupIds: [] } }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaInsideVpc, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaPublicSubnet', () => {
  const subnet = (id: string, properties: Record<string, unknown> = {}) =>
    resource(id, 'AWS::EC2::Subnet', { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', ...properties });
  const inSubnets = (...ids: string[]) => fn({ VpcConfig: { SubnetIds: ids.map((id) => ({ Ref: id })) } });
  const igw = resource('Igw', 'AWS::EC2::InternetGateway');
  const routeTable = (id: string) => resource(id, 'AWS::EC2::RouteTable', { VpcId: { Ref: 'Vpc' } });
  const association = (id: string, subnetId: string, routeTableId: string) =>
    resource(id, 'AWS::EC2::SubnetRouteTableAssociation', {
      SubnetId: { Ref: subnetId },
      RouteTableId: { Ref: routeTableId },
    });

  test('compliant: an isolated subnet whose route table has no internet route', () => {
    const template = [subnet('Isolated'), routeTable('Rt'), association('Assoc', 'Isolated', 'Rt')];
    expect(check(LambdaPublicSubnet, inSubnets('Isolated'), ...template)).toEqual([]);
  });

  test('compliant: a private subnet that routes to a NAT gateway', () => {
    const template = [
      subnet('Private'),
      routeTable('Rt'),
      association('Assoc', 'Private', 'Rt'),
      resource('Nat', 'AWS::EC2::NatGateway'),
      resource('Route', 'AWS::EC2::Route', {
        RouteTableId: { Ref: 'Rt' },
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: { Ref: 'Nat' },
      }),
    ];
    expect(check(LambdaPublicSubnet, inSubnets('Private'), ...template)).toEqual([]);
  });

  test('not applicable: subnets not defined in the template cannot be checked', () => {
    const subject = fn({ VpcConfig: { SubnetIds: ['subnet-0123456789abcdef0'] } });
    expect(check(LambdaPublicSubnet, subject)).toBe('not-applicable');
  });

  test('non-compliant: a subnet that maps public IPs on launch', () => {
    const template = [subnet('Public', { MapPublicIpOnLaunch: true }), subnet('Isolated')];
    expect(check(LambdaPublicSubnet, inSubnets('Public', 'Isolated'), ...template)).toEqual(['Public']);
  });

  test('non-compliant: a subnet whose route table routes to an internet gateway', () => {
    const template = [
      subnet('Public'),
      igw,
      routeTable('Rt'),
      association('Assoc', 'Public', 'Rt'),
      resource('Route', 'AWS::EC2::Route', {
        RouteTableId: { Ref: 'Rt' },
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: { Ref: 'Igw' },
      }),
    ];
    expect(check(LambdaPublicSubnet, inSubnets('Public'), ...template)).toEqual(['Public']);
  });

  test('not applicable to functions outside a VPC', () => {
    expect(check(LambdaPublicSubnet, fn())).toBe('not-applicable');
  });
});

describe('LambdaDeadLetter', () => {
  test('compliant: a dead-letter target', () => {
    const subject = fn({ DeadLetterConfig: { TargetArn: { Ref: 'DeadLetterTopic' } } });
    expect(check(LambdaDeadLetter, subject)).toBe('compliant');
  });

  test('compliant: an on-failure destination for the function', () => {
    const config = resource('InvokeConfig', 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: 'Fn' },
      Qualifier: '$LATEST',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    });
    expect(check(LambdaDeadLetter, fn(), config)).toBe('compliant');
  });

  test('non-compliant: no target, or an on-failure destination of another function', () => {
    const config = resource('InvokeConfig', 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: 'OtherFn' },
      Qualifier: '$LATEST',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    });
    expect(check(LambdaDeadLetter, fn())).toBe('non-compliant');
    expect(check(LambdaDeadLetter, fn(), config)).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaDeadLetter, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaConcurrency', () => {
  test('compliant: reserved concurrency of at least 1', () => {
    expect(check(LambdaConcurrency, fn({ ReservedConcurrentExecutions: 10 }))).toBe('compliant');
    expect(check(LambdaConcurrency, fn({ ReservedConcurrentExecutions: '1' }))).toBe('compliant');
  });

  test('non-compliant: unset, or 0 (the function is disabled, not limited)', () => {
    expect(check(LambdaConcurrency, fn())).toBe('non-compliant');
    expect(check(LambdaConcurrency, fn({ ReservedConcurrentExecutions: 0 }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaConcurrency, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaTracing', () => {
  test('compliant: Active', () => {
    expect(check(LambdaTracing, fn({ TracingConfig: { Mode: 'Active' } }))).toBe('compliant');
  });

  test('non-compliant: PassThrough or unset', () => {
    expect(check(LambdaTracing, fn({ TracingConfig: { Mode: 'PassThrough' } }))).toBe('non-compliant');
    expect(check(LambdaTracing, fn())).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaTracing, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaRecursiveLoop', () => {
  test('compliant: Terminate, or unset (Terminate is the default)', () => {
    expect(check(LambdaRecursiveLoop, fn({ RecursiveLoop: 'Terminate' }))).toBe('compliant');
    expect(check(LambdaRecursiveLoop, fn())).toBe('compliant');
  });

  test('non-compliant: Allow', () => {
    expect(check(LambdaRecursiveLoop, fn({ RecursiveLoop: 'Allow' }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(LambdaRecursiveLoop, UNRELATED)).toBe('not-applicable');
  });
});

describe('LambdaCodeSigningEnforced', () => {
  const config = (properties: Record<string, unknown>) =>
    resource('Csc', 'AWS::Lambda::CodeSigningConfig', {
      AllowedPublishers: { SigningProfileVersionArns: ['arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/v'] },
      ...properties,
    });

  test('compliant: Enforce', () => {
    expect(
      check(LambdaCodeSigningEnforced, config({ CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' } })),
    ).toBe('compliant');
  });

  test('non-compliant: Warn, or no policy (Warn is the default)', () => {
    expect(
      check(LambdaCodeSigningEnforced, config({ CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' } })),
    ).toBe('non-compliant');
    expect(check(LambdaCodeSigningEnforced, config({}))).toBe('non-compliant');
  });

  test('not applicable to functions and other resources', () => {
    expect(check(LambdaCodeSigningEnforced, fn())).toBe('not-applicable');
    expect(check(LambdaCodeSigningEnforced, UNRELATED)).toBe('not-applicable');
  });
});
