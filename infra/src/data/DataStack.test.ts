import { Match } from 'aws-cdk-lib/assertions';
import { referencedOutput, referencedOutputs } from '../app/__fixtures__/references';
import { synthesizeApp } from '../app/__fixtures__/synthesizeApp';

const template = synthesizeApp().template('data');
const only = (type: string) => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
};
const isolated = ['isolatedSubnet1', 'isolatedSubnet2', 'isolatedSubnet3'];
const subnetGroups = (ids: unknown) =>
  referencedOutputs(ids).map((o) => o.match(/isolatedSubnet\d|privateSubnet\d|publicSubnet\d/)?.[0]);
const ingressTo = (groupLogicalIdPrefix: string) =>
  Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((r) => r.Properties)
    .filter((p) => String(p.GroupId?.['Fn::GetAtt']?.[0]).startsWith(groupLogicalIdPrefix));

describe('images bucket', () => {
  const buckets = Object.values(template.findResources('AWS::S3::Bucket')).map((b) => b.Properties);
  const images = buckets.find((b) => b.BucketName === 'imageserver-images-example-111111111111-eu-west-1')!;

  it('blocks public access and encrypts with its own key, as does its log bucket', () => {
    for (const bucket of buckets) {
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    expect(images.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ImagesKey/), 'Arn'] },
        },
      },
    ]);
  });

  it('is versioned and logs access to the log bucket', () => {
    expect(images.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(images.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^ImagesAccessLogs/) },
      LogFilePrefix: 'images/',
    });
  });

  it('refuses anything but TLS 1.2 or later', () => {
    for (const policy of Object.values(template.findResources('AWS::S3::BucketPolicy'))) {
      const denies = policy.Properties.PolicyDocument.Statement.filter(
        (s: { Effect: string }) => s.Effect === 'Deny',
      );
      expect(denies).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Action: 's3:*',
          }),
          expect.objectContaining({
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            Action: 's3:*',
          }),
        ]),
      );
    }
  });

  it('expires noncurrent versions and moves tagged originals to Intelligent-Tiering', () => {
    expect(images.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'ExpireNoncurrentVersions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
      { Id: 'RemoveExpiredDeleteMarkers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
      {
        Id: 'MoveOriginals',
        Status: 'Enabled',
        TagFilters: [{ Key: 'imageserver:kind', Value: 'original' }],
        Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }],
      },
    ]);
  });
});

describe('PostgreSQL', () => {
  const db = only('AWS::RDS::DBInstance');

  it('is Multi-AZ on encrypted gp3 storage, with deletion protection, backups and Performance Insights', () => {
    expect(db).toMatchObject({
      Engine: 'postgres',
      EngineVersion: '17',
      MultiAZ: true,
      StorageType: 'gp3',
      StorageEncrypted: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      EnablePerformanceInsights: true,
      PubliclyAccessible: false,
      Port: '5433',
      DBInstanceIdentifier: 'example-imageserver',
    });
    expect(db.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DatabaseKey/), 'Arn'] });
    expect(db.PerformanceInsightsKMSKeyId).toEqual(db.KmsKeyId);
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  it('sits in the isolated subnets', () => {
    expect(subnetGroups(only('AWS::RDS::DBSubnetGroup').SubnetIds)).toEqual(isolated);
  });

  it('keeps its credentials in Secrets Manager and rotates them', () => {
    expect(JSON.stringify(db.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'example/imageserver/database' });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  it('forces TLS', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('admits only the cluster security group (and its own rotation function) on its port, and sends nothing out', () => {
    const rules = ingressTo('DatabaseSecurityGroup');
    const fromCluster = rules.filter((r) =>
      referencedOutput(r.SourceSecurityGroupId)?.includes('ClusterSecurityGroupId'),
    );
    expect(fromCluster).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 5433, ToPort: 5433 }),
    ]);
    const others = rules.filter((r) => !fromCluster.includes(r));
    expect(others).toEqual([
      expect.objectContaining({
        SourceSecurityGroupId: {
          'Fn::GetAtt': [expect.stringMatching(/RotationSingleUserSecurityGroup/), 'GroupId'],
        },
      }),
    ]);
    expect(rules.every((r) => !('CidrIp' in r))).toBe(true);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'PostgreSQL: only from the cluster and the Lambdas granted access',
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ],
    });
  });
});

describe('Valkey', () => {
  const group = only('AWS::ElastiCache::ReplicationGroup');

  it('fails over automatically across zones, encrypts in transit and at rest, and requires AUTH', () => {
    expect(group).toMatchObject({
      Engine: 'valkey',
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      NumCacheClusters: 3,
      PreferredCacheClusterAZs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      Port: 6380,
      ReplicationGroupId: 'example-imageserver',
    });
    expect(JSON.stringify(group.AuthToken)).toContain('{{resolve:secretsmanager:');
    expect(group.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] });
  });

  it('sits in the isolated subnets and admits only the cluster security group on its port', () => {
    expect(subnetGroups(only('AWS::ElastiCache::SubnetGroup').SubnetIds)).toEqual(isolated);
    const rules = ingressTo('CacheSecurityGroup');
    expect(rules).toEqual([
      {
        Description: 'EKS cluster (nodes and pods)',
        IpProtocol: 'tcp',
        FromPort: 6380,
        ToPort: 6380,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^CacheSecurityGroup/), 'GroupId'] },
        SourceSecurityGroupId: expect.anything(),
      },
    ]);
    expect(referencedOutput(rules[0]!.SourceSecurityGroupId)).toMatch(/ClusterSecurityGroupId/);
  });
});
