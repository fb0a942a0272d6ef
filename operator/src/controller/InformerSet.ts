import {
  type KubeConfig,
  ListWatch,
  Watch,
  type Informer,
  type ObjectCache as ClientCache,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { KubeClient } from '../kube/KubeClient';
import { resourcePath, type ResourceType } from '../kube/resourceTypes';
import type { ObjectCache } from '../reconcile/types';
import type { KubeObject } from '../resources/types';

export type InformerEvent = 'add' | 'update' | 'delete';
export type InformerHandler = (type: ResourceType, event: InformerEvent, obj: KubeObject) => void;

interface Entry {
  type: ResourceType;
  informer: Informer<KubeObject> & ClientCache<KubeObject>;
  synced: boolean;
  restartDelayMs: number;
}

export interface InformerSetOptions {
  /** Watch one namespace; all when undefined. */
  namespace?: string;
  /** Label selector per kind (owned kinds select on the managed-by label). */
  labelSelector?: (type: ResourceType) => string | undefined;
  log: Logger;
  /** First delay before restarting an informer that stopped on an error; doubles up to 30 s. */
  restartDelayMs?: number;
}

/**
 * Informers (list, then watch from the list's resourceVersion) for a set of kinds, with one read
 * API over their caches. client-node's ListWatch relists by itself on 410 Gone; on any other
 * error it stops, and this class restarts it with backoff.
 */
export class InformerSet implements ObjectCache {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;

  constructor(
    kubeConfig: KubeConfig,
    private readonly kube: KubeClient,
    types: readonly ResourceType[],
    private readonly handler: InformerHandler,
    private readonly options: InformerSetOptions,
  ) {
    // managedFields are often the bulk of an object and the operator never reads them; dropping
    // them before they reach the cache (as controller-runtime's default transform does) halves memory.
    const raw = new Watch(kubeConfig);
    const watch = {
      watch: (
        path: string,
        query: Record<string, string | number | boolean | undefined>,
        callback: (phase: string, obj: KubeObject, watchObj?: unknown) => void,
        done: (err: unknown) => void,
      ) =>
        raw.watch(
          path,
          query,
          (phase: string, obj: KubeObject, watchObj?: unknown) =>
            callback(phase, stripManagedFields(obj), watchObj),
          done,
        ),
    } as unknown as Watch;
    for (const type of types) {
      const labelSelector = options.labelSelector?.(type);
      const listFn = async () => {
        const list = await this.kube.list<KubeObject>(
          type.apiVersion,
          type.kind,
          options.namespace,
          labelSelector,
        );
        for (const item of list.items) stripManagedFields(item);
        // The informer adds the items right after this promise settles; count the kind as synced then.
        setImmediate(() => {
          entry.synced = true;
        });
        return { ...list, apiVersion: type.apiVersion, kind: `${type.kind}List` };
      };
      const informer = new ListWatch<KubeObject>(
        resourcePath(type, options.namespace),
        watch,
        listFn as never,
        false,
        labelSelector,
      ) as Entry['informer'];
      const entry: Entry = { type, informer, synced: false, restartDelayMs: options.restartDelayMs ?? 1000 };
      informer.on('add', (obj) => this.emit(entry, 'add', obj));
      informer.on('update', (obj) => this.emit(entry, 'update', obj));
      informer.on('delete', (obj) => this.emit(entry, 'delete', obj));
      informer.on('error', (err) => this.restart(entry, err));
      this.entries.set(key(type.apiVersion, type.kind), entry);
    }
  }

  /** Starts every informer and resolves once each has listed once. */
  async start(): Promise<void> {
    this.stopped = false;
    // start() resolves only once the watch request is answered; the list before it is what counts.
    for (const e of this.entries.values()) e.informer.start().catch((err: unknown) => this.restart(e, err));
    while (!this.synced()) {
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  synced(): boolean {
    return [...this.entries.values()].every((e) => e.synced);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.entries.values()].map((e) => e.informer.stop()));
  }

  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.entries.get(key(apiVersion, kind))?.informer.get(name, namespace);
  }

  count(apiVersion: string, kind: string): number {
    return this.entries.get(key(apiVersion, kind))?.informer.list().length ?? 0;
  }

  list(apiVersion: string, kind: string): KubeObject[] {
    return [...(this.entries.get(key(apiVersion, kind))?.informer.list() ?? [])];
  }

  private emit(entry: Entry, event: InformerEvent, obj: KubeObject): void {
    entry.restartDelayMs = this.options.restartDelayMs ?? 1000;
    this.handler(entry.type, event, obj);
  }

  private restart(entry: Entry, err: unknown): void {
    if (this.stopped) return;
    const delay = entry.restartDelayMs;
    entry.restartDelayMs = Math.min(delay * 2, 30_000);
    this.options.log.warn({ err, kind: entry.type.kind, retryInMs: delay }, 'informer stopped; restarting');
    setTimeout(() => {
      if (!this.stopped) entry.informer.start().catch((e: unknown) => this.restart(entry, e));
    }, delay).unref();
  }
}

const key = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;

function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj?.metadata && 'managedFields' in obj.metadata) delete obj.metadata.managedFields;
  return obj;
}
