import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { resourceNames } from '../config/resourceNames';
import type { DataStack } from '../data/DataStack';
import { TaggingFunction } from './TaggingFunction';

export interface TaggingStackProps extends PlatformStackProps {
  readonly vpc: ec2.IVpc;
  readonly data: DataStack;
  /** Repository root the handler entry is relative to (tests point it elsewhere). */
  readonly root?: string;
}

/** The auto-tagging Lambda and its trigger. */
export class TaggingStack extends PlatformStack {
  readonly tagging: TaggingFunction;

  constructor(scope: Construct, id: string, props: TaggingStackProps) {
    super(scope, id, props);
    const { database, images } = props.data;
    this.tagging = new TaggingFunction(this, 'Tagging', {
      tagging: this.config.tagging,
      vpc: props.vpc,
      bucket: images.bucket,
      bucketArn: `arn:${this.partition}:s3:::${resourceNames(this.config).imagesBucket}`,
      bucketKey: images.key,
      databaseSecret: database.instance.secret!,
      serverPrefixRoot: this.config.images.serverPrefixRoot,
      root: props.root,
      logRetentionDays: this.config.network.flowLogRetentionDays as logs.RetentionDays,
    });
    // Both rules live here: the data stack cannot refer back to this later stack.
    const port = ec2.Port.tcp(database.port);
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseFromTagging', {
      groupId: database.securityGroup.securityGroupId,
      sourceSecurityGroupId: this.tagging.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: database.port,
      toPort: database.port,
      description: 'Tagging Lambda',
    });
    this.tagging.securityGroup.addEgressRule(
      ec2.Peer.securityGroupId(database.securityGroup.securityGroupId),
      port,
      'PostgreSQL',
    );
  }
}
