import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * A CloudWatch Metrics Insights query as an alarmable metric. Used where the resource's
 * dimension value is not known when synthesizing: the ALB is created by the AWS Load Balancer
 * Controller, and Container Insights names pods at run time.
 */
export function metricsInsights(
  query: string,
  label: string,
  period = Duration.minutes(1),
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ expression: query, usingMetrics: {}, label, period });
}
