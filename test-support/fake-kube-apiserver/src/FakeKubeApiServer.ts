/**
 * A stand-in for a Kubernetes API server: a real HTTP server on 127.0.0.1 that the real
 * `@kubernetes/client-node` talks to through a kubeconfig, for operator and portal tests.
 *
 * What it does like the real server: one resourceVersion counter; 409 Conflict on a stale update and
 * 409 AlreadyExists on create of an existing name; uid, creationTimestamp, generateName, name validation;
 * generation bumped only when something outside metadata (and outside status for kinds with a status
 * subresource) changes; status written only through `/status`; writes that change nothing are not
 * stored; list with label selectors (equality and set-based), field selectors (metadata.name,
 * metadata.namespace and a few per-kind fields), limit/continue; watch replay from a resourceVersion out
 * of a bounded history, 410 Expired (as an ERROR event) when it is too old, bookmarks, timeoutSeconds,
 * sendInitialEvents, selector transitions (ADDED/DELETED when an object starts/stops matching); merge,
 * JSON, strategic-merge (approximate) patches and server-side apply with managedFields and conflicts;
 * finalizers and deletionTimestamp; owner-reference garbage collection (Background, Foreground, Orphan);
 * namespace termination; CRDs registering their kinds when created, with their schema defaults;
 * discovery; bearer-token authentication; `Status` error bodies; dryRun=All.
 *
 * What it leaves out (tests must not rely on these): admission (webhooks and built-in plugins); RBAC and
 * any authorization (one token can do everything); validation against OpenAPI or CRD schemas, CEL rules
 * and pruning of unknown fields; built-in validation except a Deployment's selector/template/containers
 * and the immutability of a Deployment selector, a Service clusterIP and `immutable` ConfigMap/Secret data;
 * defaulting except Deployment (spec and pod template), Pod, Service (type, ports, clusterIP), Secret
 * (stringData folded into data), Namespace and CRD schema `default`s; version conversion (every served
 * version of a kind shares one storage and only apiVersion is rewritten); exact strategic-merge semantics
 * (see `strategicMergePatch`); exact server-side apply semantics (list keys come from a fixed table by
 * field name instead of the schema, ports are keyed by port number alone, managedFields sent by clients
 * are ignored); controllers (no Deployment rollout, no ReplicaSets or pods, no endpoints, no HPA, no Jobs)
 * other than the garbage collector, the namespace finalizer and CRD establishment, and those run
 * synchronously inside the request that triggers them; list at a past resourceVersion (lists are always
 * current; continue tokens do not pin a snapshot) and resourceVersionMatch; the `scale` and other
 * subresources besides `status`; Table and protobuf output; graceful deletion of pods (deletion is
 * immediate); rate limiting and priority and fairness (inject 429 with `failNext`); TLS (plain http).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildKubeconfig } from './buildKubeconfig';
import { ApiRequestHandler, FaultInjector, RequestLog } from './http';
import { builtinResources, ResourceRegistry } from './resources';
import { ResourceService, withApiVersion, type PropagationPolicy } from './service';
import { ObjectStore } from './store';
import type {
  FailureRule,
  FakeKubeApiServerOptions,
  KubeObject,
  ObjectRef,
  RequestRecord,
  ResourceDefinition,
  ResourceType,
  Verb,
} from './types';
import { WatchHub } from './watch';

/** The manager recorded for writes made through the test hooks. */
const testHookManager = 'fake-kube-apiserver-test';

/**
 * A fake Kubernetes API server for tests.
 *
 * @example
 * ```ts
 * const api = new FakeKubeApiServer();
 * await api.start();
 * const kc = new KubeConfig();
 * kc.loadFromString(api.kubeconfig());
 * const core = kc.makeApiClient(CoreV1Api);
 * await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'x' } } });
 * expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'x' })).toBeDefined();
 * await api.stop();
 * ```
 */
export class FakeKubeApiServer {
  private readonly token: string;
  private readonly registry = new ResourceRegistry();
  private readonly store: ObjectStore;
  private readonly service: ResourceService;
  private readonly watches: WatchHub;
  private readonly log = new RequestLog();
  private readonly faults = new FaultInjector();
  private server: Server | undefined;
  private address: string | undefined;

  constructor(options: FakeKubeApiServerOptions = {}) {
    this.token = options.token ?? 'fake-token';
    this.store = new ObjectStore(options.maxHistory ?? 10_000);
    for (const def of builtinResources) this.registry.register(def, true);
    this.service = new ResourceService(this.store, this.registry, {
      now: options.now ?? (() => new Date()),
      defaulting: options.defaulting ?? true,
    });
    this.watches = new WatchHub(this.store, options.bookmarkIntervalMs ?? 10_000);
    for (const name of options.namespaces ?? ['default', 'kube-system']) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  /**
   * Starts listening on 127.0.0.1 on a free port.
   * @throws Error when already started
   */
  async start(): Promise<{ url: string }> {
    if (this.server) throw new Error('FakeKubeApiServer already started');
    const handler = new ApiRequestHandler({
      registry: this.registry,
      service: this.service,
      watches: this.watches,
      log: this.log,
      faults: this.faults,
      token: this.token,
      serverAddress: () => this.address ?? '',
    });
    const server = createServer((req, res) => void handler.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.url() };
  }

  /** Ends every watch (clients see a clean end of stream), closes connections and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.watches.closeAll();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Ended watch streams become idle keep-alive connections; give their last chunk a turn to flush.
      server.closeIdleConnections();
      setImmediate(() => server.closeAllConnections());
    });
  }

  /**
   * Base URL, e.g. `http://127.0.0.1:40123`.
   * @throws Error before `start()`
   */
  url(): string {
    if (!this.address) throw new Error('FakeKubeApiServer not started');
    return `http://${this.address}`;
  }

  /**
   * A kubeconfig (YAML) for `KubeConfig.loadFromString`: plain http, bearer-token user, context namespace.
   * @throws Error before `start()`
   */
  kubeconfig(namespace = 'default'): string {
    return buildKubeconfig(this.url(), this.token, namespace);
  }

  /** Serves another kind (a CRD object created through the API does this by itself). */
  registerResource(def: ResourceDefinition): ResourceType {
    return this.registry.register(def);
  }

  /** The latest resourceVersion, as a number. */
  resourceVersion(): number {
    return this.store.currentRevision();
  }

  /** Reads an object directly from the store (no request logged). */
  get(ref: ObjectRef): KubeObject | undefined {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const found = this.store.get(
      type.storageKey,
      type.namespaced ? (ref.namespace ?? 'default') : undefined,
      ref.name,
    );
    return found && withApiVersion(found, type);
  }

  /** Lists objects of a kind directly from the store, in one namespace or all. */
  list(ref: Omit<ObjectRef, 'name'>): KubeObject[] {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    return this.store.list(type.storageKey, ref.namespace).map((o) => withApiVersion(o, type));
  }

  /**
   * Creates an object with the full create semantics (for seeding a test), as manager `fake-kube-apiserver-test`.
   * @throws KubeApiError as the API would answer (e.g. 409 AlreadyExists, 404 for a missing namespace)
   */
  create(object: KubeObject): KubeObject {
    const type = this.typeOf(object.apiVersion, object.kind);
    return this.service.create(
      type,
      type.namespaced ? (object.metadata.namespace ?? 'default') : undefined,
      object,
      hookWrite(),
    );
  }

  /**
   * Replaces an object's status through the status subresource, as a controller would (for example
   * filling a Deployment's `readyReplicas`): new resourceVersion, MODIFIED event, generation unchanged.
   * @throws KubeApiError 404 when the object does not exist
   */
  setStatus(
    ref: ObjectRef,
    status:
      Record<string, unknown> | ((current: Record<string, unknown> | undefined) => Record<string, unknown>),
  ): KubeObject {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    const namespace = type.namespaced ? (ref.namespace ?? 'default') : undefined;
    const current = this.service.get(type, namespace, ref.name);
    const next =
      typeof status === 'function' ? status(current.status as Record<string, unknown> | undefined) : status;
    if (!type.hasStatus)
      return this.service.update(
        type,
        namespace,
        ref.name,
        { ...current, status: next },
        undefined,
        hookWrite(),
      );
    return this.service.update(
      type,
      namespace,
      ref.name,
      { ...current, status: next },
      'status',
      hookWrite(),
    );
  }

  /**
   * Deletes as the API does (finalizers, cascade).
   * @throws KubeApiError 404 when the object does not exist
   */
  delete(ref: ObjectRef, propagationPolicy: PropagationPolicy = 'Background'): KubeObject {
    const type = this.typeOf(ref.apiVersion, ref.kind);
    return this.service.delete(type, type.namespaced ? (ref.namespace ?? 'default') : undefined, ref.name, {
      propagationPolicy,
      dryRun: false,
    });
  }

  /** Forgets watch history up to `resourceVersion` (default: all), so older watches get 410 Expired. */
  compact(resourceVersion?: number): void {
    this.store.compact(resourceVersion);
  }

  /** Every request served since start or the last `resetRequests()`, oldest first. */
  requests(): RequestRecord[] {
    return this.log.all();
  }

  /** Request counts by verb, plus `writes` (create/update/patch/delete/deletecollection) and `total`. */
  requestCounts(): Record<Verb | 'writes' | 'total', number> {
    return this.log.counts();
  }

  resetRequests(): void {
    this.log.clear();
  }

  /**
   * Makes the next matching request(s) fail with a `Status` of the given code (a watch given 410 gets the
   * ERROR event the real server sends).
   * @example api.failNext({ verb: 'patch', path: '/deployments/web', status: 409 })
   */
  failNext(rule: FailureRule): void {
    this.faults.add(rule);
  }

  /** Drops failures injected with `failNext` that have not fired. */
  clearFailures(): void {
    this.faults.clear();
  }

  /**
   * Ends every open watch stream now, as the real server does when a watch times out; clients reconnect
   * from the last resourceVersion they saw (combine with `compact()` to make that reconnect get 410).
   */
  endWatches(): void {
    this.watches.closeAll();
  }

  /** Number of open watch streams (to check a client closed its watches). */
  openWatches(): number {
    return this.watches.openCount();
  }

  private typeOf(apiVersion: string, kind: string): ResourceType {
    const type = this.registry.byKind(apiVersion, kind);
    if (!type)
      throw new Error(
        `FakeKubeApiServer does not serve ${apiVersion} ${kind}; call registerResource() or create its CRD first`,
      );
    return type;
  }
}

function hookWrite() {
  return { manager: testHookManager, explicitManager: true, dryRun: false, force: false };
}
