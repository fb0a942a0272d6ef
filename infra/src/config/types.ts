/**
 * The typed configuration of one environment (one AWS account and region that the platform team
 * deploys the whole app into). Read from `environments/<name>.json`, validated by `validateConfig`.
 */
export interface EnvironmentConfig {
  /** Short lower-case name used in stack and resource names, e.g. `prod`. */
  readonly name: string;
  /** The 12-digit AWS account the stacks deploy to. */
  readonly account: string;
  /** The AWS region of every stack except the us-east-1 edge stacks. */
  readonly region: string;
  /** Production turns on stricter checks (one NAT gateway per AZ, at least one node per AZ). */
  readonly production: boolean;
  /** Exactly three availability zones of `region`; given explicitly so that synthesis needs no lookup. */
  readonly availabilityZones: readonly string[];
  readonly network: NetworkConfig;
  readonly dns: DnsConfig;
  readonly cluster: ClusterConfig;
  readonly images: ImagesConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  readonly tagging: TaggingConfig;
  readonly edge: EdgeConfig;
  readonly alarms: AlarmsConfig;
}

export interface NetworkConfig {
  /** The VPC's IPv4 CIDR. @default '10.40.0.0/16' */
  readonly cidr: string;
  /** NAT gateways: one per AZ in production, down to one elsewhere. @default 3 */
  readonly natGateways: number;
  /** Days to keep VPC flow logs. @default 90 */
  readonly flowLogRetentionDays: number;
}

export interface DnsConfig {
  /** The domain image servers live under: server `foo` answers at `foo.<imagesDomain>`. */
  readonly imagesDomain: string;
  /** The Route 53 hosted zone that holds `imagesDomain`. */
  readonly hostedZoneId: string;
  /** The hosted zone's name (the zone apex), `imagesDomain` itself or a parent of it. */
  readonly hostedZoneName: string;
  /** The label, under `imagesDomain`, of the ALB origin that CloudFront connects to. @default 'origin' */
  readonly originLabel: string;
}

export interface ClusterConfig {
  /** Kubernetes minor version. @default '1.35' */
  readonly kubernetesVersion: string;
  /** Instance types of the managed node group. @default ['m7i.large'] */
  readonly instanceTypes: readonly string[];
  readonly minNodes: number;
  readonly desiredNodes: number;
  readonly maxNodes: number;
  /** Root volume of each node. @default 50 */
  readonly nodeDiskGiB: number;
  /**
   * CIDRs allowed to reach the public API endpoint. Empty means the endpoint is private only
   * (reachable from the VPC, a VPN or a peered network). @default []
   */
  readonly publicEndpointCidrs: readonly string[];
  /** IAM role ARNs given cluster-admin access entries (the platform team). @default [] */
  readonly adminRoleArns: readonly string[];
  /** Namespace of the operator's service account. @default 'imageserver-system' */
  readonly operatorNamespace: string;
  /** The operator's service account. @default 'imageserver-operator' */
  readonly operatorServiceAccount: string;
  /** The operator's install manifest, relative to the repository root. @default 'operator/install.yaml' */
  readonly operatorManifest: string;
  /** The ALB ingress group the operator puts every server in (its INGRESS_GROUP_NAME). @default 'imageserver' */
  readonly ingressGroupName: string;
  /**
   * Tag of the operator image in this environment's ECR repository; the installed Deployment runs
   * `<repository>:<tag>`. When unset, the manifest's own image is kept.
   */
  readonly operatorImageTag?: string;
  /** external-dns Helm chart version. @default '1.19.0' */
  readonly externalDnsChartVersion: string;
}

export type OriginalsStorageClass = 'INTELLIGENT_TIERING' | 'STANDARD_IA';

export interface ImagesConfig {
  /**
   * Root of every image server's prefix in the images bucket; a server's own prefix is
   * `<serverPrefixRoot><namespace>/<serviceAccount>/`. @default 'servers/'
   */
  readonly serverPrefixRoot: string;
  /** Days before noncurrent object versions expire. @default 30 */
  readonly noncurrentVersionExpirationDays: number;
  /** Storage class originals move to. @default 'INTELLIGENT_TIERING' */
  readonly originalsStorageClass: OriginalsStorageClass;
  /** Days after upload before originals move. @default 30 (Standard-IA needs at least 30) */
  readonly originalsTransitionAfterDays: number;
  /** Object tag that marks an original (the server sets it on upload). @default {key:'imageserver:kind',value:'original'} */
  readonly originalsTag: { readonly key: string; readonly value: string };
  /** Prefix of the buckets the operator may create and delete. @default '<name>-imageserver-' */
  readonly operatorBucketPrefix: string;
}

export interface DatabaseConfig {
  /** RDS instance class without the `db.` prefix. @default 'r7g.large' */
  readonly instanceClass: string;
  /** PostgreSQL major version. @default '17' */
  readonly postgresMajorVersion: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  /** A non-default port (not 5432). @default 5433 */
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  readonly backupRetentionDays: number;
  /** Days between automatic rotations of the master password. @default 30 */
  readonly rotationDays: number;
}

export interface CacheConfig {
  /** @default 'cache.r7g.large' */
  readonly nodeType: string;
  /** Valkey engine version. @default '8.0' */
  readonly engineVersion: string;
  /** Read replicas besides the primary (at least 1 for Multi-AZ failover). @default 2 */
  readonly replicas: number;
  /** A non-default port (not 6379). @default 6380 */
  readonly port: number;
  readonly snapshotRetentionDays: number;
}

export interface TaggingConfig {
  /** Key prefix whose `ObjectCreated` events invoke the tagging Lambda. @default 'servers/' */
  readonly uploadsPrefix: string;
  /** @default 3008 */
  readonly memoryMiB: number;
  /** @default 120 */
  readonly timeoutSeconds: number;
  /** @default 10 */
  readonly reservedConcurrency: number;
  /**
   * The handler to bundle, relative to the repository root.
   * @default 'server/src/tagging/lambda/handler.ts'
   */
  readonly entry: string;
}

export interface EdgeConfig {
  /** Requests per 5 minutes per client IP before WAF blocks. @default 2000 */
  readonly rateLimitPer5Minutes: number;
  /** CloudFront price class. @default 'PriceClass_100' */
  readonly priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /**
   * The region's AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing`; the ALB
   * security group admits only it. Given explicitly so that synthesis needs no lookup.
   */
  readonly cloudFrontPrefixListId: string;
  /** Days to keep CloudFront and S3 access logs. @default 365 */
  readonly logRetentionDays: number;
}

export interface AlarmsConfig {
  /** Address subscribed to the alarm topics. */
  readonly email: string;
  /** @default 2 (seconds) */
  readonly albTargetResponseTimeSeconds: number;
  /** @default 10 */
  readonly alb5xxPer5Minutes: number;
  /** Alarm above this many database connections. @default 400 */
  readonly databaseMaxConnections: number;
  /** Free storage below this many GiB. @default 10 */
  readonly databaseMinFreeStorageGiB: number;
  /** Read or write latency above this many seconds. @default 0.02 */
  readonly databaseLatencySeconds: number;
  /** CloudFront 5xx error rate (percent) above which to alarm. @default 5 */
  readonly cloudFront5xxRatePercent: number;
}
