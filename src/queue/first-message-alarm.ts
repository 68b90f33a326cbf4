import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SecureQueue } from './secure-queue';
import { createHealthAlarm, healthMetric } from '../core/health-alarm';

const ALARM_PERIOD = Duration.minutes(5);

/**
 * The alarm on the first message in a dead-letter queue that a service (SNS for a subscription, EventBridge for a
 * rule or a bus) sends what it could not deliver to: at least one visible message in a 5-minute period, to `topic`.
 *
 * @param queue the dead-letter queue
 * @param label what the messages are, in the metric's label (`dead-lettered events`)
 * @param description the alarm's description: what happened, and where
 * @param topic the topic the alarm notifies
 * @internal
 */
export function alarmOnFirstMessage(
  queue: SecureQueue,
  label: string,
  description: string,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const health = healthMetric(
    [
      {
        id: 'dlq',
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
        atLeast: 1,
      },
    ],
    ALARM_PERIOD,
    `${label} >= 1`,
  );
  return createHealthAlarm(queue, health, description, topic);
}
