import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { HealthCondition } from './health-alarm';

/** Alarm thresholds of every API: share of requests answered with 4XX / 5XX, and p99 latency. */
const CLIENT_ERROR_RATE = 0.05;
const SERVER_ERROR_RATE = 0.01;
const LATENCY_P99 = Duration.seconds(5);

/** The metrics of an API Gateway REST or HTTP API that its alarm reads. @internal */
export interface ApiMetrics {
  metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** A health condition with the words an alarm's description uses for it. @internal */
export type DescribedCondition = HealthCondition & { readonly what: string };

/**
 * The signs of ill health that SecureApi and SecureHttpApi alarm on, within `period`: 4XX responses reach 5% of
 * requests, 5XX responses reach 1%, or p99 latency reaches 5 s.
 * @internal
 */
export function apiHealthConditions(api: ApiMetrics, period: Duration): DescribedCondition[] {
  return [
    {
      id: 'clientErrors',
      metric: api.metricClientError({ period, statistic: 'Average' }),
      atLeast: CLIENT_ERROR_RATE,
      what: `4XX responses reached ${CLIENT_ERROR_RATE * 100}% of requests`,
    },
    {
      id: 'serverErrors',
      metric: api.metricServerError({ period, statistic: 'Average' }),
      atLeast: SERVER_ERROR_RATE,
      what: `5XX responses reached ${SERVER_ERROR_RATE * 100}% of requests`,
    },
    {
      id: 'latency',
      metric: api.metricLatency({ period, statistic: 'p99' }),
      atLeast: LATENCY_P99.toMilliseconds(),
      what: `p99 latency reached ${LATENCY_P99.toHumanString()}`,
    },
  ];
}
