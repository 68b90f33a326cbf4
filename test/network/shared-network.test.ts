import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IsolatedNetwork, SecureFunction } from '../../src';
import { code, env, grantedFunction, sharedApp } from '../support/shared-network';

const imported = (prefix: string) => ({
  'Fn::ImportValue': Match.stringLikeRegexp(`^Network:ExportsOutputFnGetAttSecureServerlessNetworkEndpoints${prefix}`),
});

describe('IsolatedNetwork.shareWith', () => {
  test('IsolatedNetwork.of in a stack it is shared with returns the shared network', () => {
    // GIVEN
    const { orders, billing, network } = sharedApp();

    // WHEN
    const fn = new SecureFunction(orders, 'Handler', { code, handler: 'index.handler' });
    new SecureFunction(billing, 'Handler', { code, handler: 'index.handler' });

    // THEN
    expect(IsolatedNetwork.of(orders)).toBe(network);
    expect(IsolatedNetwork.of(fn)).toBe(network);
    expect(IsolatedNetwork.of(billing)).toBe(network);
    Template.fromStack(orders).resourceCountIs('AWS::EC2::VPC', 0);
  });

  test('two service stacks granted SQS and SNS synthesize without a cycle; each endpoint exists once, in the network stack', () => {
    // GIVEN
    const { app, networkStack, orders, billing } = sharedApp();

    // WHEN
    grantedFunction(orders);
    grantedFunction(billing);

    // THEN
    expect(() => app.synth()).not.toThrow();
    const network = Template.fromStack(networkStack);
    for (const name of ['sqs', 'sns']) {
      network.resourcePropertiesCountIs(
        'AWS::EC2::VPCEndpoint',
        { ServiceName: `com.amazonaws.us-east-1.${name}`, VpcEndpointType: 'Interface', PrivateDnsEnabled: true },
        1,
      );
    }
    network.resourceCountIs('AWS::EC2::VPC', 1);
    // The network stack holds no rule that names a service stack's security group.
    network.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    for (const stack of [orders, billing]) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
      template.resourceCountIs('AWS::EC2::VPC', 0);
      template.hasResourceProperties('AWS::Lambda::Function', {
        VpcConfig: { SubnetIds: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('^Network:') }]) },
      });
      for (const prefix of ['sqs', 'sns']) {
        template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
          GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerSecurityGroup'), 'GroupId'] },
          FromPort: 443,
          DestinationSecurityGroupId: imported(prefix),
        });
        template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          GroupId: imported(prefix),
          FromPort: 443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerSecurityGroup'), 'GroupId'] },
        });
      }
    }
    expect(orders.dependencies).toEqual([networkStack]);
    expect(networkStack.dependencies).toEqual([]);
  });

  test('fails when the stack already created its own network', () => {
    // GIVEN
    const app = new App();
    const networkStack = new Stack(app, 'Network', { env });
    const orders = new Stack(app, 'Orders', { env });
    new SecureFunction(orders, 'Handler', { code, handler: 'index.handler' });

    // WHEN
    const share = () => IsolatedNetwork.of(networkStack).shareWith(orders);

    // THEN
    expect(share).toThrow(
      '[CSS002] Network/SecureServerlessNetwork: prop "shareWith": stack Orders already has its own network (Orders/SecureServerlessNetwork)',
    );
    expect(share).toThrow(
      'Fix: call shareWith before creating a SecureFunction (or anything else that uses the network) in that stack.',
    );
  });

  test('fails when the stack already uses another shared network', () => {
    // GIVEN
    const { app, orders } = sharedApp();
    const other = IsolatedNetwork.of(new Stack(app, 'OtherNetwork', { env }));

    // WHEN
    const share = () => other.shareWith(orders);

    // THEN
    expect(share).toThrow(
      '[CSS002] OtherNetwork/SecureServerlessNetwork: prop "shareWith": stack Orders already uses the network Network/SecureServerlessNetwork',
    );
    expect(share).toThrow('Fix: share one network with each stack: remove the stack from one of the shareWith calls.');
  });

  test('fails when the stack is in another region', () => {
    // GIVEN
    const app = new App();
    const network = IsolatedNetwork.of(new Stack(app, 'Network', { env }));
    const eu = new Stack(app, 'Eu', { env: { ...env, region: 'eu-west-1' } });

    // WHEN
    const share = () => network.shareWith(eu);

    // THEN
    expect(share).toThrow(
      '[CSS002] Network/SecureServerlessNetwork: prop "shareWith": stack Eu is in region eu-west-1 but the network in region us-east-1',
    );
    expect(share).toThrow('Fix: share the network only with stacks of region us-east-1.');
  });

  test('fails when the stack is in another app', () => {
    // GIVEN
    const network = IsolatedNetwork.of(new Stack(new App(), 'Network', { env }));
    const elsewhere = new Stack(new App(), 'Elsewhere', { env });

    // WHEN
    const share = () => network.shareWith(elsewhere);

    // THEN
    expect(share).toThrow(
      '[CSS002] Network/SecureServerlessNetwork: prop "shareWith": stack Elsewhere is in another app',
    );
  });
});
