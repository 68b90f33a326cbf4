import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { createSecureKey } from '../../src/core/keys';
import { SecureFunction } from '../../src/function/secure-function';
import { SecureQueue } from '../../src/queue/secure-queue';
import { ComplianceCase, complianceTests, controlTowerFailures, nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');

describe('SecureQueue compliance', () => {
  const cases: ComplianceCase[] = [
    ['a default queue', ({ stack }) => new SecureQueue(stack, 'Orders')],
    [
      'a named FIFO queue with content-based deduplication',
      ({ stack }) => new SecureQueue(stack, 'Orders', { queueName: 'orders.fifo', contentBasedDeduplication: true }),
    ],
    [
      'a queue with your own key',
      ({ stack }) => new SecureQueue(stack, 'Orders', { encryptionKey: createSecureKey(stack, 'MyKey', 'Orders') }),
    ],
    [
      'a producer function and a consumer function with partial batch responses',
      ({ stack }) => {
        const queue = new SecureQueue(stack, 'Orders');
        const producer = new SecureFunction(stack, 'Producer', { code, handler: 'index.handler' });
        const consumer = new SecureFunction(stack, 'Consumer', { code, handler: 'index.handler' });
        queue.grantSendMessages(producer);
        consumer.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true, batchSize: 10 }));
      },
    ],
    [
      'an EventBridge rule that targets the queue',
      ({ stack }) => {
        const queue = new SecureQueue(stack, 'Orders');
        // The target's own dead-letter queue (Serverless-EventBusDLQ), which EventBridge sends to as a service.
        const undelivered = new SecureQueue(stack, 'Undelivered');
        undelivered.grantSendMessages(new iam.ServicePrincipal('events.amazonaws.com'));
        new events.Rule(stack, 'Nightly', {
          schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
          targets: [new targets.SqsQueue(queue, { deadLetterQueue: undelivered })],
        });
      },
    ],
  ];

  complianceTests('SecureQueue compliance', cases);

  test('the same queue built from plain aws-cdk-lib fails both, so the checks above can fail', () => {
    // GIVEN
    const fixture = newStack();
    new sqs.Queue(fixture.stack, 'Plain', { encryption: sqs.QueueEncryption.KMS_MANAGED });

    // THEN
    expect(nagFindings(fixture.app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-SQS3 at TestStack/Plain/Resource',
        'error AwsSolutions-SQS4 at TestStack/Plain/Resource',
        'error SecureServerless-SqsDeadLetterQueue at TestStack/Plain/Resource',
        'error SecureServerless-SqsTlsOnly at TestStack/Plain/Resource',
        'error SecureServerless-SqsCustomerManagedKey at TestStack/Plain/Resource',
      ]),
    );
    expect(controlTowerFailures(fixture.app)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sqs_dlq_check at Plain/)]),
    );
  });
});
