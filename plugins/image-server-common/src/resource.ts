/**
 * The `ImageServer` custom resource (`imageserver.dev/v1alpha1`) as the portal reads and writes
 * it. Mirrors the CRD in `operator/config/crd/`; `validateImageServerSpec` checks values against
 * the CRD's own schema (a generated copy), so these types only need to stay in step by name.
 */

/** API group of the ImageServer resource. */
export const IMAGE_SERVER_GROUP = 'imageserver.dev';
/** Served and stored version of the ImageServer resource. */
export const IMAGE_SERVER_VERSION = 'v1alpha1';
/** `apiVersion` of ImageServer objects. */
export const IMAGE_SERVER_API_VERSION = `${IMAGE_SERVER_GROUP}/${IMAGE_SERVER_VERSION}`;
/** Kind of ImageServer objects. */
export const IMAGE_SERVER_KIND = 'ImageServer';
/** Plural resource name, as used in API paths. */
export const IMAGE_SERVER_PLURAL = 'imageservers';
/** Annotation on each ImageServer that records the owning catalog entity (e.g. `group:default/team-a`). */
export const OWNER_ANNOTATION = 'imageserver.dev/owner';
/** Label set on resources the portal created, so they can be told apart from hand-applied ones. */
export const CREATED_BY_LABEL = 'app.kubernetes.io/created-by';

/** A reference to a Secret key in the ImageServer's namespace. */
export interface SecretKeyRef {
  name: string;
  /** @defaultValue "url" */
  key?: string;
}

/** The `spec` of an ImageServer: what to run and where it keeps its data. */
export interface ImageServerSpec {
  /** Image server container image. */
  image: string;
  /** Fixed replica count; exclusive with `autoscaling`. */
  replicas?: number;
  autoscaling?: { minReplicas?: number; maxReplicas: number; targetCPUUtilization?: number };
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  storage: {
    bucket: string;
    prefix?: string;
    region?: string;
    create?: boolean;
    lifecycle?: {
      transitionToInfrequentAccessDays?: number;
      transitionToGlacierInstantRetrievalDays?: number;
      intelligentTiering?: boolean;
      expireVariantsDays?: number;
    };
    deletionPolicy?: 'Retain' | 'Delete';
  };
  /** Exactly one of `secretRef` or `managed: true`. */
  database: { secretRef?: SecretKeyRef; managed?: boolean };
  cache?: { secretRef: SecretKeyRef };
  tagging?: { mode?: 'inline' | 'queue' | 'lambda'; taggers?: string[]; workerReplicas?: number };
  ingress?: { host: string; className?: string; tls?: { certificateArn?: string } };
  cdn?: { domain: string; distributionId?: string };
  limits?: { maxUploadBytes?: number; maxPixels?: number; maxFrames?: number };
  defaultVisibility?: 'public' | 'private';
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

/** One status condition as the operator writes it. */
export interface ResourceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** The `status` the operator reports. */
export interface ImageServerStatus {
  observedGeneration?: number;
  conditions?: ResourceCondition[];
  readyReplicas?: number;
  desiredReplicas?: number;
  url?: string;
  /** Secret with `ADMIN_API_KEY`, created by the operator. */
  adminSecretName?: string;
  bucket?: { name: string; arn: string; created?: boolean };
  databaseName?: string;
}

/** An ImageServer object as read from the Kubernetes API. */
export interface ImageServerResource {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: ImageServerSpec;
  status?: ImageServerStatus;
}
