import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { resourceNames } from '../config/resourceNames';
import { AlarmTopic } from './AlarmTopic';
import { metricsInsights } from './metricsInsights';

export interface ObservabilityStackProps extends PlatformStackProps {
  readonly cluster: eks.ICluster;
  readonly database: rds.IDatabaseInstance;
  readonly cacheMemberIds: readonly string[];
  readonly taggingFunction: lambda.IFunction;
  readonly taggingTimeout: Duration;
}

const {
  GREATER_THAN_THRESHOLD: ABOVE,
  GREATER_THAN_OR_EQUAL_TO_THRESHOLD: AT_LEAST,
  LESS_THAN_THRESHOLD: BELOW,
} = cloudwatch.ComparisonOperator;

/**
 * The CloudWatch dashboard and the AWS recommended alarms for the ALB, RDS, ElastiCache, the
 * tagging Lambda and the EKS nodes and pods (Container Insights), all sent to one TLS-only SNS
 * topic. CloudFront's alarm lives in us-east-1, where its metrics are (EdgeAlarmsStack).
 */
export class ObservabilityStack extends PlatformStack {
  readonly topic: AlarmTopic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const a = this.config.alarms;
    this.topic = new AlarmTopic(this, 'Alarms', { email: a.email });
    const minute = Duration.minutes(1);
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      options: Omit<cloudwatch.AlarmProps, 'metric'>,
    ) =>
      this.alarms.push(
        this.topic.notify(
          new cloudwatch.Alarm(this, name, {
            alarmName: `${this.config.name}-imageserver-${name}`,
            metric,
            ...options,
          }),
        ),
      );

    // ALB: the controller names the load balancer at run time, so the queries cover the region's ALBs.
    const alb = (stat: string, metric: string, dims = 'LoadBalancer') =>
      metricsInsights(
        `SELECT ${stat}(${metric}) FROM SCHEMA("AWS/ApplicationELB", ${dims})`,
        `ALB ${metric}`,
      );
    const alb5xx = alb('SUM', 'HTTPCode_Target_5XX_Count');
    const albElb5xx = alb('SUM', 'HTTPCode_ELB_5XX_Count');
    const albLatency = alb('AVG', 'TargetResponseTime');
    const albUnhealthy = alb('MAX', 'UnHealthyHostCount', 'LoadBalancer, TargetGroup');
    const fiveMinutes = { evaluationPeriods: 5, datapointsToAlarm: 5 };
    alarm('alb-target-5xx', alb5xx.with({ period: Duration.minutes(5) }), {
      threshold: a.alb5xxPer5Minutes,
      comparisonOperator: ABOVE,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('alb-elb-5xx', albElb5xx.with({ period: Duration.minutes(5) }), {
      threshold: a.alb5xxPer5Minutes,
      comparisonOperator: ABOVE,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('alb-target-response-time', albLatency, {
      threshold: a.albTargetResponseTimeSeconds,
      comparisonOperator: ABOVE,
      ...fiveMinutes,
    });
    alarm('alb-unhealthy-hosts', albUnhealthy, {
      threshold: 1,
      comparisonOperator: AT_LEAST,
      ...fiveMinutes,
    });

    // RDS, with the thresholds of the AWS recommended alarms.
    const db = props.database;
    const dbCpu = db.metricCPUUtilization({ period: minute });
    const dbStorage = db.metricFreeStorageSpace({ period: minute, statistic: 'Minimum' });
    const dbConnections = db.metricDatabaseConnections({ period: minute });
    const dbRead = db.metric('ReadLatency', { period: minute });
    const dbWrite = db.metric('WriteLatency', { period: minute });
    alarm('rds-cpu', dbCpu, { threshold: 90, comparisonOperator: ABOVE, ...fiveMinutes });
    alarm('rds-free-storage', dbStorage, {
      threshold: a.databaseMinFreeStorageGiB * 1024 ** 3,
      comparisonOperator: BELOW,
      ...fiveMinutes,
    });
    alarm('rds-connections', dbConnections, {
      threshold: a.databaseMaxConnections,
      comparisonOperator: ABOVE,
      ...fiveMinutes,
    });
    alarm('rds-read-latency', dbRead, {
      threshold: a.databaseLatencySeconds,
      comparisonOperator: ABOVE,
      ...fiveMinutes,
    });
    alarm('rds-write-latency', dbWrite, {
      threshold: a.databaseLatencySeconds,
      comparisonOperator: ABOVE,
      ...fiveMinutes,
    });

    // ElastiCache: the worst node, whichever is primary after a failover.
    // Ids are unique per metric so that two of these can share a graph.
    const worstNode = (metricName: string, statistic = 'Average') => {
      const prefix = metricName.toLowerCase().replace(/[^a-z]/g, '');
      return new cloudwatch.MathExpression({
        expression: `MAX([${props.cacheMemberIds.map((_, i) => `${prefix}${i}`).join(',')}])`,
        usingMetrics: Object.fromEntries(
          props.cacheMemberIds.map((id, i) => [
            `${prefix}${i}`,
            new cloudwatch.Metric({
              namespace: 'AWS/ElastiCache',
              metricName,
              statistic,
              dimensionsMap: { CacheClusterId: id },
              period: minute,
            }),
          ]),
        ),
        label: `ElastiCache ${metricName} (worst node)`,
        period: minute,
      });
    };
    const cacheCpu = worstNode('EngineCPUUtilization');
    const cacheMemory = worstNode('DatabaseMemoryUsagePercentage');
    const cacheLag = worstNode('ReplicationLag', 'Maximum');
    alarm('cache-engine-cpu', cacheCpu, { threshold: 90, comparisonOperator: ABOVE, ...fiveMinutes });
    alarm('cache-memory', cacheMemory, { threshold: 80, comparisonOperator: ABOVE, ...fiveMinutes });
    alarm('cache-replication-lag', cacheLag, { threshold: 1, comparisonOperator: ABOVE, ...fiveMinutes });

    // Tagging Lambda.
    const fn = props.taggingFunction;
    const fnErrors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    const fnThrottles = fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' });
    const fnDuration = fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' });
    const countAlarm = {
      threshold: 0,
      comparisonOperator: ABOVE,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    alarm('tagging-errors', fnErrors, countAlarm);
    alarm('tagging-throttles', fnThrottles, countAlarm);
    alarm('tagging-duration', fnDuration, {
      // Near the timeout means the model is about to stop finishing.
      threshold: Math.round(props.taggingTimeout.toMilliseconds() * 0.9),
      comparisonOperator: ABOVE,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // EKS through Container Insights (the amazon-cloudwatch-observability add-on).
    // The configured name, so that the query reads as written (the cluster is named from it).
    const clusterName = resourceNames(this.config).cluster;
    const failedNodes = new cloudwatch.Metric({
      namespace: 'ContainerInsights',
      metricName: 'cluster_failed_node_count',
      dimensionsMap: { ClusterName: clusterName },
      statistic: 'Maximum',
      period: minute,
    });
    const restarts = metricsInsights(
      `SELECT SUM(pod_number_of_container_restarts) FROM SCHEMA(ContainerInsights, ClusterName, Namespace, PodName) WHERE ClusterName = '${clusterName}'`,
      'Container restarts',
      Duration.minutes(5),
    );
    alarm('eks-failed-nodes', failedNodes, { threshold: 1, comparisonOperator: AT_LEAST, ...fiveMinutes });
    alarm('eks-container-restarts', restarts, {
      threshold: 5,
      comparisonOperator: ABOVE,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const graph = (title: string, ...metrics: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left: metrics, width: 8 });
    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${this.config.name}-imageserver`,
      defaultInterval: Duration.hours(6),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        [
          graph('ALB 5xx', alb5xx, albElb5xx),
          graph('ALB target response time', albLatency),
          graph('ALB unhealthy hosts', albUnhealthy),
        ],
        [
          graph('RDS CPU', dbCpu),
          graph('RDS connections', dbConnections),
          graph('RDS latency', dbRead, dbWrite),
        ],
        [
          graph('RDS free storage', dbStorage),
          graph('Cache engine CPU / memory', cacheCpu, cacheMemory),
          graph('Cache replication lag', cacheLag),
        ],
        [
          graph('Tagging errors / throttles', fnErrors, fnThrottles),
          graph('Tagging duration', fnDuration),
          graph('EKS failed nodes / restarts', failedNodes, restarts),
        ],
      ],
    });
  }
}
