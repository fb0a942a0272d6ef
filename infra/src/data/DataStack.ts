import { CfnOutput } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { resourceNames } from '../config/resourceNames';
import { Cache } from './Cache';
import { Database } from './Database';
import { ImagesBucket } from './ImagesBucket';

export interface DataStackProps extends PlatformStackProps {
  readonly vpc: ec2.IVpc;
  /** The EKS cluster security group: the nodes and pods, the only clients of the data stores. */
  readonly clusterSecurityGroup: ec2.ISecurityGroup;
}

/** The images bucket, PostgreSQL and the Valkey cache. */
export class DataStack extends PlatformStack {
  readonly images: ImagesBucket;
  readonly database: Database;
  readonly cache: Cache;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const logRetentionDays = this.config.network.flowLogRetentionDays as logs.RetentionDays;
    const names = resourceNames(this.config);
    this.images = new ImagesBucket(this, 'Images', {
      bucketName: names.imagesBucket,
      images: this.config.images,
      accessLogRetentionDays: this.config.edge.logRetentionDays,
    });
    this.database = new Database(this, 'Database', {
      vpc: props.vpc,
      database: this.config.database,
      environment: this.config.name,
      identifier: names.database,
      logRetentionDays,
    });
    this.database.allowFrom(props.clusterSecurityGroup, 'EKS cluster (nodes and pods)');
    this.cache = new Cache(this, 'Cache', {
      vpc: props.vpc,
      cache: this.config.cache,
      environment: this.config.name,
      groupId: names.cacheGroup,
      availabilityZones: this.config.availabilityZones,
      logRetentionDays,
    });
    this.cache.allowFrom(props.clusterSecurityGroup, 'EKS cluster (nodes and pods)');

    new CfnOutput(this, 'ImagesBucketName', { value: this.images.bucket.bucketName });
    new CfnOutput(this, 'DatabaseEndpoint', { value: this.database.instance.dbInstanceEndpointAddress });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.instance.secret!.secretArn });
    new CfnOutput(this, 'CacheEndpoint', { value: this.cache.replicationGroup.attrPrimaryEndPointAddress });
    new CfnOutput(this, 'CacheAuthTokenSecretArn', { value: this.cache.authToken.secretArn });
  }
}
