import { ExpiredError } from './ExpiredError';
import type { KubeObject } from '../types';
import type { StoreEvent, StoreListener } from './types';

/**
 * Versioned object store: one resourceVersion counter for everything, the current objects, and a bounded
 * history of changes that watches replay from. Objects going in and out are deep-copied so no caller can
 * change stored state behind the store's back.
 */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private revision = 1;
  /** Watches from a resourceVersion below this cannot be replayed. */
  private oldestReplayable = 1;

  constructor(private readonly maxHistory: number) {}

  /** The latest resourceVersion handed out. */
  currentRevision(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch may start from. */
  oldestRevision(): number {
    return this.oldestReplayable;
  }

  get(storageKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(storageKey)?.get(objectKey(namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /**
   * Objects of one kind, sorted by namespace then name; all namespaces when `namespace` is undefined.
   * `matches` filters before copying, so selective lists over many objects stay cheap.
   */
  list(
    storageKey: string,
    namespace?: string,
    matches: (o: KubeObject) => boolean = () => true,
  ): KubeObject[] {
    const all = [...(this.objects.get(storageKey)?.entries() ?? [])].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return all
      .map(([, o]) => o)
      .filter((o) => (namespace === undefined || o.metadata.namespace === namespace) && matches(o))
      .map((o) => structuredClone(o));
  }

  /** Every stored object with its storage key (for the garbage collector). */
  *entries(): Iterable<[string, KubeObject]> {
    for (const [storageKey, byName] of this.objects) {
      for (const o of byName.values()) yield [storageKey, o];
    }
  }

  /** Stores a new or changed object under the next resourceVersion and returns the stored copy. */
  put(storageKey: string, object: KubeObject): KubeObject {
    const byName = this.objects.get(storageKey) ?? new Map<string, KubeObject>();
    this.objects.set(storageKey, byName);
    const key = objectKey(object.metadata.namespace, object.metadata.name!);
    const previous = byName.get(key);
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    byName.set(key, stored);
    this.record({
      resourceVersion: this.revision,
      type: previous ? 'MODIFIED' : 'ADDED',
      storageKey,
      object: stored,
      ...(previous ? { previous } : {}),
    });
    return structuredClone(stored);
  }

  /** Removes an object; its DELETED event carries `finalState` with the deletion's resourceVersion. */
  remove(storageKey: string, finalState: KubeObject): KubeObject | undefined {
    const byName = this.objects.get(storageKey);
    const key = objectKey(finalState.metadata.namespace, finalState.metadata.name!);
    const previous = byName?.get(key);
    if (!byName || !previous) return undefined;
    byName.delete(key);
    const gone = structuredClone(finalState);
    gone.metadata.resourceVersion = String(++this.revision);
    this.record({ resourceVersion: this.revision, type: 'DELETED', storageKey, object: gone, previous });
    return structuredClone(gone);
  }

  /** Removes every object of a kind (its kind is no longer served). */
  drop(storageKey: string): void {
    for (const o of this.list(storageKey)) this.remove(storageKey, o);
    this.objects.delete(storageKey);
  }

  /**
   * Events after `resourceVersion`, oldest first.
   * @throws ExpiredError when events after it were already dropped from the history
   */
  eventsAfter(resourceVersion: number): StoreEvent[] {
    if (resourceVersion < this.oldestReplayable)
      throw new ExpiredError(resourceVersion, this.oldestReplayable);
    return this.history.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** Forgets history up to and including `resourceVersion` (default: all of it), as etcd compaction does. */
  compact(resourceVersion = this.revision): void {
    const upTo = Math.min(resourceVersion, this.revision);
    while (this.history.length && this.history[0]!.resourceVersion <= upTo) this.history.shift();
    this.oldestReplayable = Math.max(this.oldestReplayable, upTo);
  }

  /** Calls `listener` synchronously for each change; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.maxHistory) {
      const dropped = this.history.shift()!;
      this.oldestReplayable = dropped.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
  }
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
