import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { AlarmTopic } from './AlarmTopic';

export interface EdgeAlarmsStackProps extends PlatformStackProps {
  /** The distribution, from the edge stack in the main region. */
  readonly distributionId: string;
}

/**
 * The CloudFront alarm. CloudFront publishes its metrics in us-east-1 only, and an alarm can only
 * watch metrics of its own region and notify a topic of its own region, hence a stack there.
 */
export class EdgeAlarmsStack extends PlatformStack {
  readonly errorRate: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.config.account, region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const topic = new AlarmTopic(this, 'Alarms', { email: this.config.alarms.email });
    const metric = new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
      statistic: 'Average',
      period: Duration.minutes(5),
    });
    this.errorRate = topic.notify(
      new cloudwatch.Alarm(this, 'cloudfront-5xx-rate', {
        alarmName: `${this.config.name}-imageserver-cloudfront-5xx-rate`,
        metric,
        threshold: this.config.alarms.cloudFront5xxRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${this.config.name}-imageserver-edge`,
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({ title: 'CloudFront', alarms: [this.errorRate] }),
          new cloudwatch.GraphWidget({ title: 'CloudFront 5xx rate', left: [metric] }),
        ],
      ],
    });
  }
}
