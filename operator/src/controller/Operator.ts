import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { EKSClient } from '@aws-sdk/client-eks';
import type { KubeConfig } from '@kubernetes/client-node';
import pino, { type Logger } from 'pino';
import type { OperatorConfig } from '../config/types';
import { API_VERSION, type ImageServer, KIND } from '../crd/types';
import { ManagedDatabases } from '../database/ManagedDatabases';
import { OperatorError } from '../errors';
import { stableStringify } from '../hash';
import { KubeClient } from '../kube/KubeClient';
import { OWNED_KINDS, resourceType, type ResourceType } from '../kube/resourceTypes';
import { Metrics } from '../metrics/Metrics';
import { observeAws } from '../metrics/observeAws';
import { EventRecorder } from '../reconcile/EventRecorder';
import { RecentChecks } from '../reconcile/RecentChecks';
import { Reconciler } from '../reconcile/Reconciler';
import type { ReconcileDeps } from '../reconcile/types';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../resources/labels';
import type { KubeObject } from '../resources/types';
import { InformerSet, type InformerEvent } from './InformerSet';
import { LeaderElector } from './LeaderElector';
import { WorkQueue, type WorkQueueOptions } from './WorkQueue';

export interface OperatorOptions {
  config: OperatorConfig;
  kubeConfig: KubeConfig;
  log?: Logger;
  metrics?: Metrics;
  /** S3 client per region; defaults to SDK clients using config.s3Endpoint. */
  s3?: (region: string) => S3Client;
  /** EKS client; defaults to an SDK client when Pod Identity is configured. */
  eks?: EKSClient;
  /** Managed databases; defaults to the admin URL in config.managedDatabaseSecret. */
  databases?: ManagedDatabases;
  randomBytes?: (n: number) => Buffer;
  queue?: WorkQueueOptions;
}

const IMAGE_SERVER_TYPE = resourceType(API_VERSION, KIND);

/**
 * The operator: (after winning leader election) informers on ImageServers and their children
 * feed a deduplicating work queue; `concurrency` workers reconcile keys from it; every
 * `resyncSeconds` every ImageServer is queued again to repair drift.
 */
export class Operator {
  readonly kube: KubeClient;
  readonly metrics: Metrics;
  queue: WorkQueue;
  private readonly log: Logger;
  private readonly deps: ReconcileDeps;
  private readonly reconciler: Reconciler;
  private readonly elector?: LeaderElector;
  private informers?: InformerSet;
  private workers: Promise<void>[] = [];
  private resyncTimer?: NodeJS.Timeout;
  private readonly lastSeen = new Map<string, string>();
  private running = false;
  private campaign?: Promise<void>;
  /** Reconciles finished, by result; for tests and the benchmark. */
  readonly counts = { success: 0, conflict: 0, terminal: 0, error: 0 };

  constructor(private readonly options: OperatorOptions) {
    const { config } = options;
    this.log = options.log ?? pino({ level: config.logLevel, base: { component: 'imageserver-operator' } });
    this.metrics = options.metrics ?? new Metrics();
    this.kube = new KubeClient(options.kubeConfig, (verb, resource, code) =>
      this.metrics.kubeRequests.inc({ verb, resource, code: String(code) }),
    );
    this.queue = new WorkQueue(options.queue);
    const s3Clients = new Map<string, S3Client>();
    const s3 =
      options.s3 ??
      ((region: string) => {
        let client = s3Clients.get(region);
        if (!client) {
          client = observeAws(
            new S3Client({ region, endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle }),
            's3',
            this.metrics,
          );
          s3Clients.set(region, client);
        }
        return client;
      });
    const eks =
      options.eks ??
      (config.eksClusterName
        ? observeAws(new EKSClient({ region: config.cluster.region }), 'eks', this.metrics)
        : undefined);
    const databases =
      options.databases ??
      (config.managedDatabaseSecret ? new ManagedDatabases(() => this.readAdminUrl()) : undefined);
    this.deps = {
      config,
      kube: this.kube,
      cache: { get: (...args) => this.informers?.get(...args) },
      events: new EventRecorder(this.kube, this.log, () => new Date(), config.leaderElection.identity),
      s3,
      eks,
      databases,
      metrics: this.metrics,
      log: this.log,
      now: () => new Date(),
      randomBytes: options.randomBytes ?? cryptoRandomBytes,
      recentChecks: new RecentChecks(config.resyncSeconds * 1000 * 0.9),
    };
    this.reconciler = new Reconciler(this.deps);
    if (config.leaderElection.enabled) {
      this.elector = new LeaderElector(this.kube, config.namespace, config.leaderElection, this.log);
    }
  }

  /** True while this replica runs the controllers (always, without leader election). */
  get isLeader(): boolean {
    return this.running;
  }

  /** Starts campaigning (or, without leader election, the controllers). Resolves quickly. */
  async start(): Promise<void> {
    if (!this.elector) return this.startControllers();
    this.campaign = this.elector.run(
      () => this.startControllers(),
      () => this.stopControllers(),
    );
  }

  /** Graceful shutdown: finish reconciles in flight, stop watches, release the Lease. */
  async stop(): Promise<void> {
    await this.stopControllers();
    await this.elector?.stop();
    await this.campaign;
  }

  /** No key waiting, in progress or on a timer: everything seen has been reconciled. */
  idle(): boolean {
    return this.running && this.queue.length === 0 && this.queue.active === 0;
  }

  /** Queues every ImageServer in the cache (what the periodic resync does). */
  resync(): void {
    for (const server of this.informers?.list(API_VERSION, KIND) ?? []) this.queue.add(keyOf(server));
  }

  private async startControllers(): Promise<void> {
    const { config } = this.options;
    this.metrics.setServerCount(() => this.informers?.count(API_VERSION, KIND) ?? 0);
    this.informers = new InformerSet(
      this.options.kubeConfig,
      this.kube,
      [IMAGE_SERVER_TYPE, ...OWNED_KINDS],
      (type, event, obj) => this.onEvent(type, event, obj),
      {
        namespace: config.watchNamespace,
        labelSelector: (t) => (t === IMAGE_SERVER_TYPE ? undefined : `${MANAGED_BY_LABEL}=${MANAGED_BY}`),
        log: this.log,
      },
    );
    this.queue = new WorkQueue(this.options.queue);
    this.running = true;
    this.metrics.leader.set(1);
    await this.informers.start();
    this.workers = Array.from({ length: config.concurrency }, () => this.work());
    this.resyncTimer = setInterval(() => this.resync(), config.resyncSeconds * 1000);
    this.resyncTimer.unref();
    this.log.info(
      { concurrency: config.concurrency, namespace: config.watchNamespace ?? '(all)' },
      'controllers started',
    );
  }

  private async stopControllers(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.metrics.leader.set(0);
    clearInterval(this.resyncTimer);
    this.queue.shutDown();
    await Promise.all(this.workers);
    await this.informers?.stop();
    this.log.info('controllers stopped');
  }

  private onEvent(type: ResourceType, event: InformerEvent, obj: KubeObject): void {
    if (type === IMAGE_SERVER_TYPE) {
      const key = keyOf(obj);
      if (event === 'delete') {
        this.lastSeen.delete(key);
        this.deps.recentChecks?.forget(`${key}/`);
        return;
      }
      // Our own status writes change only status: no need to reconcile for them.
      const m = obj.metadata as ImageServer['metadata'];
      const fingerprint = stableStringify([
        m.generation,
        m.labels,
        m.annotations,
        m.finalizers,
        m.deletionTimestamp,
      ]);
      if (this.lastSeen.get(key) === fingerprint) return;
      this.lastSeen.set(key, fingerprint);
      this.queue.add(key);
    } else {
      const owner = obj.metadata.ownerReferences?.find(
        (r) => r.controller && r.kind === KIND && r.apiVersion === API_VERSION,
      );
      if (owner) this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
    }
    this.metrics.queueDepth.set(this.queue.length);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.metrics.queueDepth.set(this.queue.length);
      try {
        const [namespace, name] = key.split('/') as [string, string];
        const server = this.informers?.get(API_VERSION, KIND, namespace, name) as ImageServer | undefined;
        if (!server) {
          this.queue.forget(key);
          continue;
        }
        const end = this.metrics.duration.startTimer();
        const out = await this.reconciler.reconcile(server);
        end();
        this.counts[out.result]++;
        this.metrics.reconciles.inc({ result: out.result });
        const log = this.log.child({ imageServer: key, generation: server.metadata.generation });
        if (out.changes.length) log.info({ changes: out.changes, result: out.result }, 'reconciled');
        if (out.result === 'success') {
          this.queue.forget(key);
          if (out.requeueAfterMs !== undefined) this.queue.addAfter(key, out.requeueAfterMs);
        } else if (out.result === 'terminal') {
          // Waits for a spec change (new generation) or the next resync.
          this.queue.forget(key);
          log.warn({ err: out.error }, 'reconcile needs a change to the spec or a referenced object');
        } else {
          const delay = this.queue.addRateLimited(key);
          if (out.result === 'error') {
            this.metrics.errors.inc({
              code: out.error instanceof OperatorError ? out.error.code : 'INTERNAL',
            });
            log.error({ err: out.error, retryInMs: delay }, 'reconcile failed');
          } else {
            log.debug({ retryInMs: delay }, 'conflict; requeued');
          }
        }
      } catch (err) {
        this.log.error({ err, imageServer: key }, 'unexpected error in worker');
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async readAdminUrl(): Promise<string> {
    const { namespace, managedDatabaseSecret } = this.options.config;
    const secret = await this.kube.get({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace,
      name: managedDatabaseSecret!,
    });
    const value = (secret?.data as Record<string, string> | undefined)?.url;
    if (!value) {
      throw new OperatorError(
        'MANAGED_DATABASE_DISABLED',
        `Secret ${namespace}/${managedDatabaseSecret} with key "url" not found`,
      );
    }
    return Buffer.from(value, 'base64').toString('utf8');
  }
}

const keyOf = (obj: { metadata: { namespace?: string; name: string } }) =>
  `${obj.metadata.namespace}/${obj.metadata.name}`;
