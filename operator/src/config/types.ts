/** Cluster-wide settings the desired-state builders need (a pure subset of the operator config). */
export interface ClusterSettings {
  /** AWS region of buckets that do not name one. */
  readonly region: string;
  /** `alb.ingress.kubernetes.io/group.name`, so that every server shares one ALB. */
  readonly ingressGroupName: string;
  /** Namespace of the ingress controller pods (the ALB sends traffic from there in IP mode). */
  readonly ingressControllerNamespace: string;
  /** CIDRs of the ALB subnets: ALB IP targets receive traffic from there, not from a pod. */
  readonly ingressCidrs: readonly string[];
  /** Namespace of the portal (Backstage), which calls the servers' admin API. */
  readonly portalNamespace: string;
  /** CIDRs of the shared PostgreSQL (RDS) and of Redis (ElastiCache); egress is allowed only there. */
  readonly databaseCidrs: readonly string[];
  readonly cacheCidrs: readonly string[];
  /** CIDRs for HTTPS to AWS endpoints (S3, EKS Auth, CloudFront); 0.0.0.0/0 when no VPC endpoints. */
  readonly awsCidrs: readonly string[];
  /**
   * The platform's shared images bucket (infra's data stack). A server whose `storage.bucket` names
   * it stores under `<serverPrefixRoot><namespace>/<serviceAccount>/`, and the operator leaves the
   * bucket's settings alone. Unset: every bucket is the server's own.
   */
  readonly sharedBucket?: string;
  /** Root of the servers' prefixes in the shared bucket, ending in "/" (infra's `images.serverPrefixRoot`). */
  readonly serverPrefixRoot: string;
  /**
   * Name prefix of the buckets the operator may create and manage (infra's `images.operatorBucketPrefix`,
   * `<env>-imageserver-`). When set, a server's own bucket must be named `<prefix><namespace>.<anything>`,
   * the pattern the workload role grants to servers of that namespace. Unset: any name.
   */
  readonly dedicatedBucketPrefix?: string;
  /** CloudFront distribution in front of every server, for invalidations; `spec.cdn.distributionId` overrides it. */
  readonly cloudfrontDistributionId?: string;
  /** S3 endpoint handed to the servers, for S3-compatible stores; unset on AWS. */
  readonly serverS3Endpoint?: string;
  readonly serverS3ForcePathStyle: boolean;
}

export interface LeaderElectionConfig {
  readonly enabled: boolean;
  readonly leaseName: string;
  /** This replica's identity in the Lease (the pod name). */
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly renewPeriodSeconds: number;
  readonly retryPeriodSeconds: number;
}

export interface OperatorConfig {
  /** The operator's own namespace: Lease, managed database admin Secret. */
  readonly namespace: string;
  /** Namespace to watch; undefined watches all. */
  readonly watchNamespace?: string;
  readonly cluster: ClusterSettings;
  /** EKS cluster name; when set with workloadRoleArn, Pod Identity associations are managed. */
  readonly eksClusterName?: string;
  readonly workloadRoleArn?: string;
  /** Secret (in `namespace`) whose `url` is an admin connection URL of the shared PostgreSQL. */
  readonly managedDatabaseSecret?: string;
  /** Endpoint for the operator's own S3 client (S3-compatible stores, tests). */
  readonly s3Endpoint?: string;
  readonly s3ForcePathStyle: boolean;
  readonly concurrency: number;
  readonly resyncSeconds: number;
  readonly leaderElection: LeaderElectionConfig;
  /** Port of /metrics, /healthz, /readyz. */
  readonly httpPort: number;
  readonly logLevel: string;
}
