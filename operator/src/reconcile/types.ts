import type { S3Client } from '@aws-sdk/client-s3';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { Logger } from 'pino';
import type { OperatorConfig } from '../config/types';
import type { ImageServer, ImageServerStatus } from '../crd/types';
import type { ManagedDatabases } from '../database/ManagedDatabases';
import type { KubeClient } from '../kube/KubeClient';
import type { Metrics } from '../metrics/Metrics';
import type { Credentials, KubeObject } from '../resources/types';
import type { ConditionUpdate } from './conditions';
import type { EventRecorder } from './EventRecorder';
import type { RecentChecks } from './RecentChecks';

/** Read access to the informer caches: the operator's view of the cluster, no request per read. */
export interface ObjectCache {
  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined;
}

/** Everything the steps use to reach the outside world; one instance per operator. */
export interface ReconcileDeps {
  readonly config: OperatorConfig;
  readonly kube: KubeClient;
  readonly cache: ObjectCache;
  readonly events: EventRecorder;
  /** S3 client for a region. */
  readonly s3: (region: string) => S3Client;
  /** Present when EKS Pod Identity is configured. */
  readonly eks?: EKSClient;
  /** Present when managed databases are configured. */
  readonly databases?: ManagedDatabases;
  readonly metrics?: Metrics;
  /** Skips repeating outside-world checks between resyncs; every reconcile checks when absent. */
  readonly recentChecks?: RecentChecks;
  readonly log: Logger;
  readonly now: () => Date;
  /** Random bytes for generated keys and passwords (a seam for tests). */
  readonly randomBytes: (n: number) => Buffer;
}

/** State of one reconcile, passed from step to step. */
export interface ReconcileContext {
  readonly server: ImageServer;
  readonly deps: ReconcileDeps;
  /** Conditions decided so far; the reconciler writes them into status at the end. */
  readonly conditions: Map<string, ConditionUpdate>;
  /** Status fields decided so far (besides conditions). */
  readonly status: Partial<ImageServerStatus>;
  credentials?: Credentials;
  /** Password of the managed database role, when `database.managed`. */
  databasePassword?: string;
  /** The credentials were generated or rotated in this reconcile. */
  credentialsGenerated?: boolean;
  /** Writes done so far (Kubernetes and AWS), for logs and tests. */
  changes: string[];
}

export interface StepResult {
  /** Stop the reconcile here (e.g. the object is being deleted and is done). */
  stop?: boolean;
  /** Reconcile again after this many milliseconds. */
  requeueAfterMs?: number;
}

/** One concern of the reconcile; steps run in order and the first that stops ends it. */
export interface Step {
  readonly name: string;
  run(ctx: ReconcileContext): Promise<StepResult | void>;
}
