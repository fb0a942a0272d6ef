import { synthesizeApp } from '../app/__fixtures__/synthesizeApp';

const synthesized = synthesizeApp();
const template = synthesized.template('observability');
const edgeAlarms = synthesized.template('edgeAlarms');
const alarms = new Map(
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => [
    a.Properties.AlarmName.replace('example-imageserver-', ''),
    a.Properties,
  ]),
);
const alarm = (name: string) => {
  const found = alarms.get(name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
};
const query = (name: string) => alarm(name).Metrics[0].Expression;

describe('ObservabilityStack alarms', () => {
  it('has the recommended alarm for each service, and only those', () => {
    expect([...alarms.keys()].sort()).toEqual([
      'alb-elb-5xx',
      'alb-target-5xx',
      'alb-target-response-time',
      'alb-unhealthy-hosts',
      'cache-engine-cpu',
      'cache-memory',
      'cache-replication-lag',
      'eks-container-restarts',
      'eks-failed-nodes',
      'rds-connections',
      'rds-cpu',
      'rds-free-storage',
      'rds-read-latency',
      'rds-write-latency',
      'tagging-duration',
      'tagging-errors',
      'tagging-throttles',
    ]);
  });

  it('sends every alarm and its recovery to the topic', () => {
    for (const a of alarms.values()) {
      expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(a.OKActions).toEqual(a.AlarmActions);
    }
  });

  it('watches the ALBs the controller creates through Metrics Insights', () => {
    expect(query('alb-target-5xx')).toBe(
      'SELECT SUM(HTTPCode_Target_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
    );
    expect(alarm('alb-target-5xx')).toMatchObject({
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(query('alb-elb-5xx')).toBe(
      'SELECT SUM(HTTPCode_ELB_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
    );
    expect(query('alb-target-response-time')).toBe(
      'SELECT AVG(TargetResponseTime) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
    );
    expect(alarm('alb-target-response-time')).toMatchObject({
      Threshold: 2,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
    });
    expect(query('alb-unhealthy-hosts')).toBe(
      'SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup)',
    );
    expect(alarm('alb-unhealthy-hosts')).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each([
    ['rds-cpu', 'CPUUtilization', 'Average', 'GreaterThanThreshold', 90],
    ['rds-free-storage', 'FreeStorageSpace', 'Minimum', 'LessThanThreshold', 10 * 1024 ** 3],
    ['rds-connections', 'DatabaseConnections', 'Average', 'GreaterThanThreshold', 400],
    ['rds-read-latency', 'ReadLatency', 'Average', 'GreaterThanThreshold', 0.02],
    ['rds-write-latency', 'WriteLatency', 'Average', 'GreaterThanThreshold', 0.02],
  ])('alarms on RDS %s (%s %s)', (name, metric, statistic, comparison, threshold) => {
    expect(alarm(name)).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: metric,
      Statistic: statistic,
      ComparisonOperator: comparison,
      Threshold: threshold,
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: expect.anything() }],
    });
  });

  it.each([
    ['cache-engine-cpu', 'EngineCPUUtilization', 90],
    ['cache-memory', 'DatabaseMemoryUsagePercentage', 80],
    ['cache-replication-lag', 'ReplicationLag', 1],
  ])('alarms on the worst cache node for %s', (name, metric, threshold) => {
    const a = alarm(name);
    expect(a.Threshold).toBe(threshold);
    const nodes = a.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat);
    expect(
      nodes.map((m: { MetricStat: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }) => [
        m.MetricStat.Metric.MetricName,
        m.MetricStat.Metric.Dimensions[0]!.Value,
      ]),
    ).toEqual([
      [metric, 'example-imageserver-001'],
      [metric, 'example-imageserver-002'],
      [metric, 'example-imageserver-003'],
    ]);
    expect(a.Metrics[0].Expression).toMatch(/^MAX\(\[/);
  });

  it('alarms on the tagging Lambda’s errors, throttles and a duration near its timeout', () => {
    expect(alarm('tagging-errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Threshold: 0,
    });
    expect(alarm('tagging-throttles')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Statistic: 'Sum',
      Threshold: 0,
    });
    expect(alarm('tagging-duration')).toMatchObject({
      MetricName: 'Duration',
      Statistic: 'Maximum',
      Threshold: 108_000,
    }); // 90 % of 120 s
  });

  it('watches EKS nodes and pods through Container Insights', () => {
    expect(alarm('eks-failed-nodes')).toMatchObject({
      Namespace: 'ContainerInsights',
      MetricName: 'cluster_failed_node_count',
      Dimensions: [{ Name: 'ClusterName', Value: 'example-imageserver' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(query('eks-container-restarts')).toBe(
      "SELECT SUM(pod_number_of_container_restarts) FROM SCHEMA(ContainerInsights, ClusterName, Namespace, PodName) WHERE ClusterName = 'example-imageserver'",
    );
  });
});

describe('alarm topics', () => {
  it.each([
    ['main region', template],
    ['us-east-1', edgeAlarms],
  ])('enforce TLS, are encrypted with a key CloudWatch may use and mail the platform team (%s)', (_, t) => {
    const policy = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0]!.Properties.PolicyDocument
      .Statement;
    expect(policy).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    const topic = Object.values(t.findResources('AWS::SNS::Topic'))[0]!.Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AlarmsKey/), 'Arn'] });
    const key = Object.values(t.findResources('AWS::KMS::Key'))[0]!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    );
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-alerts@example.com',
    });
  });
});

describe('EdgeAlarmsStack', () => {
  it('alarms on the CloudFront 5xx rate in us-east-1, where CloudFront publishes it', () => {
    expect(synthesized.stacks.edgeAlarms.region).toBe('us-east-1');
    const a = Object.values(edgeAlarms.findResources('AWS::CloudWatch::Alarm'))[0]!.Properties;
    expect(a).toMatchObject({
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Statistic: 'Average',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }],
    });
    expect(a.Dimensions).toEqual([
      {
        Name: 'DistributionId',
        Value: {
          'Fn::GetStackOutput': expect.objectContaining({ StackName: 'example-edge', Region: 'eu-west-1' }),
        },
      },
      { Name: 'Region', Value: 'Global' },
    ]);
  });
});

describe('dashboard', () => {
  it('shows every alarm', () => {
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody,
    );
    for (const name of alarms.keys()) expect(body).toContain(`{"Fn::GetAtt":["${name.replaceAll('-', '')}`);
  });
});
