import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The S3 bucket-level actions behind the operator's calls on a server's own bucket: CreateBucket
 * (with `ObjectOwnership`, hence PutBucketOwnershipControls), HeadBucket and ListObjectsV2
 * (ListBucket), Get/PutPublicAccessBlock, Get/PutBucketEncryption,
 * Get/Put/DeleteBucketLifecycle(Configuration), Get/PutBucketTagging, DeleteBucket. Kept in step
 * with `operator/src/aws`; nothing it does not call.
 */
export const OPERATOR_BUCKET_ACTIONS = [
  's3:CreateBucket',
  's3:PutBucketOwnershipControls',
  's3:DeleteBucket',
  's3:ListBucket',
  's3:GetBucketPublicAccessBlock',
  's3:PutBucketPublicAccessBlock',
  's3:GetEncryptionConfiguration',
  's3:PutEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:PutLifecycleConfiguration',
  's3:GetBucketTagging',
  's3:PutBucketTagging',
] as const;

/** Session tags EKS Pod Identity sets on every role session. */
export const SESSION_TAG = {
  namespace: '${aws:PrincipalTag/kubernetes-namespace}',
  serviceAccount: '${aws:PrincipalTag/kubernetes-service-account}',
} as const;

/**
 * A server's own buckets, written with the session tag: `<operatorBucketPrefix><namespace>.*`. The dot
 * ends the namespace (Kubernetes namespaces cannot contain one), so namespace `shop` does not match
 * the buckets of `shop-eu`; the operator names own buckets `<prefix><namespace>.<anything>`.
 */
export function namespaceBucketPattern(operatorBucketPrefix: string): string {
  return `${operatorBucketPrefix}${SESSION_TAG.namespace}.*`;
}

/** The key prefix of one server, written with the session tags: `<root><namespace>/<serviceAccount>/`. */
export function serverPrefixPattern(root: string): string {
  return `${root}${SESSION_TAG.namespace}/${SESSION_TAG.serviceAccount}/`;
}

export interface WorkloadPolicyInput {
  readonly partition: string;
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly region: string;
  readonly serverPrefixRoot: string;
  /** Name prefix of the buckets the operator creates for single servers (`<env>-imageserver-`). */
  readonly operatorBucketPrefix: string;
  /** The platform's CloudFront distribution, which servers invalidate after deletes and visibility changes. */
  readonly distributionArn: string;
}

/**
 * The object actions of an image server: PutObject with the `imageserver:kind` tag (x-amz-tagging)
 * needs PutObjectTagging too; AbortMultipartUpload and ListMultipartUploadParts serve large uploads.
 */
const SERVER_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/**
 * What one image server may do: read, write and delete objects under its own prefix of the shared
 * bucket and list that prefix, use the bucket's key through S3, use the own buckets of its
 * namespace, and invalidate the platform distribution. Prefix and buckets come from the Pod
 * Identity session tags, so a server in another namespace or under another service account gets
 * different ones.
 */
export function workloadStatements(input: WorkloadPolicyInput): iam.PolicyStatement[] {
  const prefix = serverPrefixPattern(input.serverPrefixRoot);
  const namespaceBuckets = `arn:${input.partition}:s3:::${namespaceBucketPattern(input.operatorBucketPrefix)}`;
  return [
    new iam.PolicyStatement({
      sid: 'OwnPrefixObjects',
      actions: SERVER_OBJECT_ACTIONS,
      resources: [`${input.bucketArn}/${prefix}*`],
    }),
    new iam.PolicyStatement({
      sid: 'ListOwnPrefix',
      actions: ['s3:ListBucket'],
      resources: [input.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }),
    new iam.PolicyStatement({
      sid: 'BucketKeyThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [input.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `s3.${input.region}.amazonaws.com`,
          'kms:EncryptionContext:aws:s3:arn': input.bucketArn,
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'OwnNamespaceBucketObjects',
      actions: SERVER_OBJECT_ACTIONS,
      resources: [`${namespaceBuckets}/*`],
    }),
    new iam.PolicyStatement({
      sid: 'ListOwnNamespaceBuckets',
      actions: ['s3:ListBucket'],
      resources: [namespaceBuckets],
    }),
    new iam.PolicyStatement({
      sid: 'InvalidatePlatformDistribution',
      actions: ['cloudfront:CreateInvalidation'],
      resources: [input.distributionArn],
    }),
  ];
}

export interface OperatorPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly imagesBucketArn: string;
  readonly serverPrefixRoot: string;
  readonly operatorBucketPrefix: string;
  readonly workloadRoleArn: string;
}

/**
 * What the operator may do: manage buckets named with its prefix, clean a deleted server's prefix
 * in the shared bucket, manage Pod Identity associations of this cluster, and pass the workload
 * role to EKS Pod Identity. Nothing else.
 */
export function operatorStatements(input: OperatorPolicyInput): iam.PolicyStatement[] {
  const ownBuckets = `arn:${input.partition}:s3:::${input.operatorBucketPrefix}*`;
  return [
    new iam.PolicyStatement({
      sid: 'ManageServerBuckets',
      actions: [...OPERATOR_BUCKET_ACTIONS],
      resources: [ownBuckets],
    }),
    new iam.PolicyStatement({
      sid: 'EmptyServerBuckets',
      actions: ['s3:DeleteObject'],
      resources: [`${ownBuckets}/*`, `${input.imagesBucketArn}/${input.serverPrefixRoot}*`],
    }),
    new iam.PolicyStatement({
      sid: 'ListServerPrefixes',
      actions: ['s3:ListBucket'],
      resources: [input.imagesBucketArn],
      conditions: { StringLike: { 's3:prefix': [`${input.serverPrefixRoot}*`] } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateAndListAssociations',
      actions: ['eks:CreatePodIdentityAssociation', 'eks:ListPodIdentityAssociations'],
      resources: [input.clusterArn],
    }),
    new iam.PolicyStatement({
      sid: 'ManageAssociations',
      // TagResource: the operator tags each association with its owner when creating it.
      actions: [
        'eks:DescribePodIdentityAssociation',
        'eks:UpdatePodIdentityAssociation',
        'eks:DeletePodIdentityAssociation',
        'eks:TagResource',
      ],
      resources: [
        `arn:${input.partition}:eks:${input.region}:${input.account}:podidentityassociation/${input.clusterName}/*`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'PassWorkloadRoleToPodIdentity',
      actions: ['iam:PassRole'],
      resources: [input.workloadRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } },
    }),
  ];
}
