import { CfnOutput } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { resourceNames } from '../config/resourceNames';
import { podIdentityRole } from '../cluster/podIdentityRole';
import type { ServiceAccountRef } from '../cluster/types';
import {
  namespaceBucketPattern,
  operatorStatements,
  serverPrefixPattern,
  workloadStatements,
} from './policies';

export interface IdentityStackProps extends PlatformStackProps {
  readonly cluster: eks.ICluster;
  readonly imagesBucket: s3.IBucket;
  readonly imagesKey: kms.IKey;
  readonly operatorServiceAccount: ServiceAccountRef;
  /** The edge stack's CloudFront distribution, which the servers may invalidate. */
  readonly distributionArn: string;
}

/**
 * IAM for what runs in the cluster: the image servers' shared workload role (scoped per server by
 * Pod Identity session tags) and the operator's role with its Pod Identity association.
 * Separate from the cluster stack because both roles name the data stack's bucket and key, and the
 * workload role the edge stack's distribution.
 */
export class IdentityStack extends PlatformStack {
  readonly workloadRole: iam.Role;
  readonly operatorRole: iam.Role;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { images } = this.config;
    const names = resourceNames(this.config);
    // Plain names rather than references: the policies read as they will be reviewed.
    const bucketArn = `arn:${this.partition}:s3:::${names.imagesBucket}`;
    this.workloadRole = podIdentityRole(
      this,
      'WorkloadRole',
      props.cluster,
      names.workloadRole,
      workloadStatements({
        partition: this.partition,
        bucketArn,
        keyArn: props.imagesKey.keyArn,
        region: this.region,
        serverPrefixRoot: images.serverPrefixRoot,
        operatorBucketPrefix: images.operatorBucketPrefix,
        distributionArn: props.distributionArn,
      }),
    );
    this.operatorRole = podIdentityRole(
      this,
      'OperatorRole',
      props.cluster,
      undefined,
      operatorStatements({
        partition: this.partition,
        region: this.region,
        account: this.account,
        clusterName: names.cluster,
        clusterArn: props.cluster.clusterArn,
        imagesBucketArn: bucketArn,
        serverPrefixRoot: images.serverPrefixRoot,
        operatorBucketPrefix: images.operatorBucketPrefix,
        workloadRoleArn: this.workloadRole.roleArn,
      }),
    );
    new eks.CfnPodIdentityAssociation(this, 'OperatorPodIdentity', {
      clusterName: props.cluster.clusterName,
      namespace: props.operatorServiceAccount.namespace,
      serviceAccount: props.operatorServiceAccount.name,
      roleArn: this.operatorRole.roleArn,
    });

    new CfnOutput(this, 'WorkloadRoleArn', { value: this.workloadRole.roleArn });
    new CfnOutput(this, 'OperatorRoleArn', { value: this.operatorRole.roleArn });
    new CfnOutput(this, 'ServerPrefixPattern', {
      value: serverPrefixPattern(images.serverPrefixRoot)
        .replaceAll('${aws:PrincipalTag/', '<')
        .replaceAll('}', '>'),
      description: 'S3_PREFIX of each image server: the namespace and service account it runs as',
    });
    new CfnOutput(this, 'NamespaceBucketPattern', {
      value: namespaceBucketPattern(images.operatorBucketPrefix)
        .replaceAll('${aws:PrincipalTag/', '<')
        .replaceAll('}', '>'),
      description: 'Own buckets the operator creates: the servers of that namespace may use them',
    });
  }
}
