import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CacheConfig } from '../config';

export interface CacheProps {
  readonly vpc: ec2.IVpc;
  readonly cache: CacheConfig;
  readonly environment: string;
  /** The replication group id; member clusters are `<groupId>-001`, … */
  readonly groupId: string;
  readonly availabilityZones: readonly string[];
  readonly logRetentionDays: logs.RetentionDays;
}

/**
 * A Valkey replication group (cluster mode disabled): a primary and replicas in different AZs with
 * automatic failover, TLS required, encrypted at rest with its own key, an AUTH token from Secrets
 * Manager, the isolated subnets and a security group that admits nobody until `allowFrom`.
 */
export class Cache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  readonly authToken: secretsmanager.Secret;
  readonly port: number;
  /** The member cluster ids (`<group>-001`, …), the dimension of per-node metrics. */
  readonly memberIds: readonly string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { cache } = props;
    this.port = cache.port;
    const groupId = props.groupId;
    const nodes = 1 + cache.replicas;
    this.memberIds = Array.from({ length: nodes }, (_, i) => `${groupId}-${String(i + 1).padStart(3, '0')}`);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Valkey: only from the cluster',
      allowAllOutbound: false,
    });
    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Isolated subnets of the image servers cache',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });
    const key = new kms.Key(this, 'Key', {
      description: 'ElastiCache at-rest encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      secretName: `${props.environment}/imageserver/cache-auth-token`,
      description: 'AUTH token of the image servers cache',
      // AUTH tokens allow 16-128 printable characters except / " @; letters and digits are safe.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const slowLog = new logs.LogGroup(this, 'SlowLog', {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: groupId,
      replicationGroupDescription: 'Image servers cache',
      engine: 'valkey',
      engineVersion: cache.engineVersion,
      cacheNodeType: cache.nodeType,
      port: cache.port,
      numCacheClusters: nodes,
      preferredCacheClusterAZs: this.memberIds.map(
        (_, i) => props.availabilityZones[i % props.availabilityZones.length]!,
      ),
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          logFormat: 'json',
          logType: 'slow-log',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
        },
      ],
    });
    this.replicationGroup.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  }

  /** Admits `peer` to the cache port, and nothing else. */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }
}
