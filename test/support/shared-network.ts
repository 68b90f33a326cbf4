import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IsolatedNetwork, SecureFunction } from '../../src';

export const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
export const env = { account: '123456789012', region: 'us-east-1' };

export interface SharedApp {
  readonly app: App;
  readonly networkStack: Stack;
  readonly orders: Stack;
  readonly billing: Stack;
  readonly network: IsolatedNetwork;
}

/** A network stack that shares its network with two service stacks. */
export function sharedApp(): SharedApp {
  const app = new App();
  const networkStack = new Stack(app, 'Network', { env });
  const orders = new Stack(app, 'Orders', { env });
  const billing = new Stack(app, 'Billing', { env });
  const network = IsolatedNetwork.of(networkStack);
  network.shareWith(orders, billing);
  return { app, networkStack, orders, billing, network };
}

/**
 * A function in `stack` granted to send to a queue and publish to a topic (of another team: imported, so that
 * the compliance checks judge only the function and the network).
 */
export function grantedFunction(stack: Stack): SecureFunction {
  const fn = new SecureFunction(stack, 'Handler', { code, handler: 'index.handler' });
  const name = stack.stackName.toLowerCase();
  sqs.Queue.fromQueueArn(stack, 'Queue', `arn:aws:sqs:us-east-1:123456789012:${name}`).grantSendMessages(fn);
  sns.Topic.fromTopicArn(stack, 'Topic', `arn:aws:sns:us-east-1:123456789012:${name}`).grantPublish(fn);
  return fn;
}
