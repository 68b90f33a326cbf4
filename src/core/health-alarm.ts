import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmDescription } from './aws-text';

/**
 * One sign of ill health: a metric, and how it counts towards the health metric.
 * @internal
 */
export interface HealthCondition {
  /** The metric's name in the expression: a lower-case letter, then letters and digits. */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  /**
   * The value from which the metric counts as 1. Without it, the metric's own value counts (each error,
   * each throttle).
   */
  readonly atLeast?: number;
}

/**
 * What to measure: one metric-math expression that is at least 1 in every period in which any of
 * `conditions` holds (missing data counts as healthy). One alarm on it replaces one alarm per condition, at
 * the same cost: CloudWatch bills each metric an alarm reads.
 * @internal
 */
export function healthMetric(
  conditions: readonly HealthCondition[],
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: conditions.map(term).join(' + '),
    usingMetrics: Object.fromEntries(conditions.map((c) => [c.id, c.metric])),
    period,
    label,
  });
}

/**
 * What to do about it: alarm `Alarm` of `scope`, in alarm from one period in which `health` reaches 1, and
 * notify `topic`.
 * @internal
 */
export function createHealthAlarm(
  scope: Construct,
  health: cloudwatch.MathExpression,
  description: string,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = health.createAlarm(scope, 'Alarm', {
    alarmDescription: alarmDescription(description),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}

function term(condition: HealthCondition): string {
  return condition.atLeast === undefined
    ? `FILL(${condition.id}, 0)`
    : `IF(FILL(${condition.id}, 0) >= ${condition.atLeast}, 1, 0)`;
}
