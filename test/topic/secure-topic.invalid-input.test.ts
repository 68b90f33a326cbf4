import { Stack } from 'aws-cdk-lib';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { SecureQueue } from '../../src/queue/secure-queue';
import { SecureTopic } from '../../src/topic/secure-topic';
import { SecureTopicProps } from '../../src/topic/secure-topic-props';
import { newStack } from '../support/compliance';
import { InvalidInputCase, SecureErrorCode as E, testInvalidInputs } from '../support/invalid-input';

const PATH = 'TestStack/Events';

function topic(props: SecureTopicProps = {}, scope: Stack = newStack().stack): SecureTopic {
  return new SecureTopic(scope, 'Events', props);
}

const withProps = (props: SecureTopicProps) => () => topic(props);
const allow = (service: string, sourceArn: string) => () => topic().allowServicePublish(service, sourceArn);

describe('SecureTopic fails when', () => {
  const cases: InvalidInputCase[] = [
    ['topicName is empty', withProps({ topicName: '' }), E.INVALID_PROP, 'topicName'],
    ['topicName has a space', withProps({ topicName: 'order events' }), E.INVALID_PROP, 'topicName'],
    ['topicName is longer than 256 characters', withProps({ topicName: 't'.repeat(257) }), E.INVALID_PROP, 'topicName'],
    ['topicName ends in .fifo', withProps({ topicName: 'orders.fifo' }), E.INVALID_PROP, 'topicName'],
    [
      'allowServicePublish names no service principal',
      allow('events', 'arn:aws:events:us-east-1:123456789012:rule/r'),
      E.INVALID_PROP,
      'allowServicePublish.servicePrincipal',
    ],
    [
      'allowServicePublish names an account principal',
      allow('arn:aws:iam::123456789012:root', 'arn:aws:events:us-east-1:123456789012:rule/r'),
      E.INVALID_PROP,
      'allowServicePublish.servicePrincipal',
    ],
    [
      'allowServicePublish source is no ARN',
      allow('events.amazonaws.com', 'my-rule'),
      E.INVALID_PROP,
      'allowServicePublish.sourceArn',
    ],
    [
      'allowServicePublish source is every resource',
      allow('events.amazonaws.com', '*'),
      E.INVALID_PROP,
      'allowServicePublish.sourceArn',
    ],
    [
      'the same endpoint is subscribed twice',
      () => {
        const scope = newStack().stack;
        const t = topic({}, scope);
        const queue = new SecureQueue(scope, 'Orders');
        t.addSubscription(new subscriptions.SqsSubscription(queue));
        t.addSubscription(new subscriptions.SqsSubscription(queue));
      },
      E.CONFLICTING_PROPS,
      'addSubscription',
    ],
  ];

  testInvalidInputs(cases, PATH);
});
