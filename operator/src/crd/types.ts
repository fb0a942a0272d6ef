/**
 * The ImageServer custom resource (`imageserver.dev/v1alpha1`), as the operator sees it after the
 * API server applied the CRD's defaults. Optional fields without a CRD default stay optional.
 */

export const GROUP = 'imageserver.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'ImageServer';
export const PLURAL = 'imageservers';
export const SINGULAR = 'imageserver';
export const SHORT_NAME = 'imgs';

export type DeletionPolicy = 'Retain' | 'Delete';
export type TaggingMode = 'inline' | 'queue' | 'lambda' | 'off';
export type Visibility = 'public' | 'private';

export interface SecretKeyRef {
  /** Secret in the ImageServer's namespace. */
  name: string;
  /** Key inside the Secret. @default "url" */
  key?: string;
}

export interface AutoscalingSpec {
  /** @default 2 */
  minReplicas?: number;
  maxReplicas: number;
  /** Average CPU utilisation the HPA aims for, in percent of requests. @default 70 */
  targetCPUUtilization?: number;
}

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface ResourcesSpec {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface LifecycleSpec {
  /** Days after which stored objects move to S3 Standard-IA. */
  transitionToInfrequentAccessDays?: number;
  /** Days after which stored objects move to S3 Glacier Instant Retrieval. */
  transitionToGlacierInstantRetrievalDays?: number;
  /** Move objects to Intelligent-Tiering right away instead of fixed transitions. */
  intelligentTiering?: boolean;
  /** Days after which stored variants (derived renditions, re-creatable) expire. */
  expireVariantsDays?: number;
}

export interface StorageSpec {
  /** S3 bucket name; immutable. */
  bucket: string;
  /** Key prefix for this server inside the bucket. @default "" */
  prefix?: string;
  /** Region of the bucket; defaults to the operator's region. */
  region?: string;
  /** Create the bucket when missing (true) or only adopt an existing one (false). @default true */
  create?: boolean;
  lifecycle?: LifecycleSpec;
  /** What happens to the bucket when the ImageServer is deleted. @default "Retain" */
  deletionPolicy?: DeletionPolicy;
}

export interface DatabaseSpec {
  /** Secret holding a PostgreSQL connection URL. */
  secretRef?: SecretKeyRef;
  /** Create a database and login role on the operator's shared PostgreSQL. */
  managed?: boolean;
}

export interface CacheSpec {
  /** Secret holding a Redis URL. */
  secretRef?: SecretKeyRef;
}

export interface TaggingSpec {
  /** @default "inline" */
  mode?: TaggingMode;
  /** Tagger names (basic, exif, colour, hashes, labels, moderation); empty = the server's default set. */
  taggers?: string[];
  /** Replicas of the queue worker when mode is `queue`. @default 1 */
  workerReplicas?: number;
}

export interface IngressTlsSpec {
  /** ACM certificate for the ALB listener; when unset, the ALB controller discovers one by host. */
  certificateArn?: string;
}

export interface IngressSpec {
  host: string;
  /** IngressClass. @default "alb" */
  className?: string;
  tls?: IngressTlsSpec;
}

export interface CdnSpec {
  /** Public domain CloudFront serves for this server, e.g. `img.example.com`. */
  domain: string;
  /** CloudFront distribution id, for invalidations by the server. */
  distributionId?: string;
}

export interface LimitsSpec {
  /** @default 52428800 */
  maxUploadBytes?: number;
  /** @default 50000000 */
  maxPixels?: number;
  /** @default 300 */
  maxFrames?: number;
}

export interface ImageServerSpec {
  image: string;
  replicas?: number;
  autoscaling?: AutoscalingSpec;
  resources?: ResourcesSpec;
  storage: StorageSpec;
  database: DatabaseSpec;
  cache?: CacheSpec;
  tagging?: TaggingSpec;
  ingress?: IngressSpec;
  cdn?: CdnSpec;
  limits?: LimitsSpec;
  /** @default "public" */
  defaultVisibility?: Visibility;
  /** @default "info" */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export type ConditionType =
  'Ready' | 'Progressing' | 'Degraded' | 'StorageReady' | 'DatabaseReady' | 'CacheReady';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface ImageServerStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  /** Ready pods of the server Deployment. */
  readyReplicas?: number;
  /** Pods the server Deployment (or its HPA) wants. */
  desiredReplicas?: number;
  url?: string;
  bucket?: { name: string; arn: string; created?: boolean };
  /** Secret holding ADMIN_API_KEY and SIGNING_KEYS. */
  adminSecretName?: string;
  /** Managed database name, when `database.managed`. */
  databaseName?: string;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string | Date;
  creationTimestamp?: string | Date;
}

export interface ImageServer {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata: ObjectMeta;
  spec: ImageServerSpec;
  status?: ImageServerStatus;
}
