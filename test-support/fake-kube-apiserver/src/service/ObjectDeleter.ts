import { formatTimestamp } from '../clock';
import type { ResourceRegistry } from '../resources';
import type { ObjectStore } from '../store';
import type { KubeObject, ResourceType } from '../types';
import type { PropagationPolicy } from './types';

const foregroundFinalizer = 'foregroundDeletion';

/**
 * Deletion and what follows it, done synchronously inside the request that causes it: finalizers
 * (deletionTimestamp until they are gone), the garbage collector (owner-reference cascade, foreground
 * deletion, orphaning), namespace termination, and removal of a CRD's instances with the CRD.
 */
export class ObjectDeleter {
  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly now: () => Date,
  ) {}

  /** Deletes `object` with `policy`; returns the object as left (with deletionTimestamp) or as removed. */
  delete(type: ResourceType, object: KubeObject, policy: PropagationPolicy): KubeObject {
    if (object.metadata.deletionTimestamp) return object;
    if (type.storageKey === '/namespaces') return this.terminateNamespace(object);
    if (policy === 'Orphan') this.orphanDependents(object);
    const finalizers = [...(object.metadata.finalizers ?? [])];
    const dependents = this.dependentsOf(object.metadata.uid!);
    if (policy === 'Foreground' && dependents.length > 0 && !finalizers.includes(foregroundFinalizer))
      finalizers.push(foregroundFinalizer);
    if (finalizers.length === 0) return this.remove(type, object);
    const marked = structuredClone(object);
    marked.metadata.finalizers = finalizers;
    marked.metadata.deletionTimestamp = formatTimestamp(this.now());
    marked.metadata.deletionGracePeriodSeconds = 0;
    marked.metadata.generation = (marked.metadata.generation ?? 0) + 1;
    const stored = this.store.put(type.storageKey, marked);
    if (finalizers.includes(foregroundFinalizer)) {
      for (const [storageKey, dependent] of dependents) this.deleteDependent(storageKey, dependent);
      this.releaseForegroundOwners([object.metadata.uid!]);
    }
    return this.store.get(type.storageKey, stored.metadata.namespace, stored.metadata.name!) ?? stored;
  }

  /** Removes an object for good (no finalizers left) and runs what depends on its disappearance. */
  remove(type: ResourceType, finalState: KubeObject): KubeObject {
    const removed = this.store.remove(type.storageKey, finalState) ?? finalState;
    this.afterRemoval(type, removed);
    return removed;
  }

  private afterRemoval(type: ResourceType, removed: KubeObject): void {
    const uid = removed.metadata.uid!;
    for (const [storageKey, dependent] of this.dependentsOf(uid)) {
      const owners = (dependent.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (owners.some((r) => this.exists(r.uid))) {
        // Another owner is alive: like the real garbage collector, drop only the dangling reference.
        const kept = structuredClone(dependent);
        kept.metadata.ownerReferences = owners;
        this.store.put(storageKey, kept);
      } else {
        this.deleteDependent(storageKey, dependent);
      }
    }
    this.releaseForegroundOwners((removed.metadata.ownerReferences ?? []).map((r) => r.uid));
    if (removed.metadata.namespace) this.finishNamespaceIfEmpty(removed.metadata.namespace);
    if (type.storageKey === 'apiextensions.k8s.io/customresourcedefinitions')
      this.removeCrdInstances(removed);
  }

  private deleteDependent(storageKey: string, dependent: KubeObject): void {
    const type = this.registry.byStorageKey(storageKey);
    const current = this.store.get(storageKey, dependent.metadata.namespace, dependent.metadata.name!);
    if (type && current && current.metadata.uid === dependent.metadata.uid)
      this.delete(type, current, 'Background');
  }

  /** Owners waiting in foreground deletion lose their finalizer once no dependent is left. */
  private releaseForegroundOwners(ownerUids: string[]): void {
    for (const uid of ownerUids) {
      const found = this.findByUid(uid);
      if (!found) continue;
      const [storageKey, owner] = found;
      if (!owner.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(foregroundFinalizer))
        continue;
      if (this.dependentsOf(uid).length > 0) continue;
      const released = structuredClone(owner);
      released.metadata.finalizers = owner.metadata.finalizers.filter((f) => f !== foregroundFinalizer);
      const type = this.registry.byStorageKey(storageKey);
      if (released.metadata.finalizers.length === 0 && type) this.remove(type, released);
      else this.store.put(storageKey, released);
    }
  }

  private orphanDependents(owner: KubeObject): void {
    for (const [storageKey, dependent] of this.dependentsOf(owner.metadata.uid!)) {
      const orphan = structuredClone(dependent);
      orphan.metadata.ownerReferences = (orphan.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== owner.metadata.uid,
      );
      if (orphan.metadata.ownerReferences.length === 0) delete orphan.metadata.ownerReferences;
      this.store.put(storageKey, orphan);
    }
  }

  /** A namespace goes Terminating, its content is deleted, and it disappears once empty. */
  private terminateNamespace(namespace: KubeObject): KubeObject {
    const name = namespace.metadata.name!;
    const terminating = structuredClone(namespace);
    terminating.metadata.deletionTimestamp = formatTimestamp(this.now());
    terminating.metadata.deletionGracePeriodSeconds = 0;
    terminating.status = { ...(terminating.status as object), phase: 'Terminating' };
    const stored = this.store.put('/namespaces', terminating);
    for (const [storageKey, object] of [...this.store.entries()]) {
      if (object.metadata.namespace === name) this.deleteDependent(storageKey, object);
    }
    this.finishNamespaceIfEmpty(name);
    return this.store.get('/namespaces', undefined, name) ?? stored;
  }

  private finishNamespaceIfEmpty(name: string): void {
    const namespace = this.store.get('/namespaces', undefined, name);
    if (!namespace?.metadata.deletionTimestamp) return;
    for (const [, object] of this.store.entries()) if (object.metadata.namespace === name) return;
    const type = this.registry.byStorageKey('/namespaces')!;
    this.remove(type, namespace);
  }

  private removeCrdInstances(crd: KubeObject): void {
    const spec = crd.spec as { group?: string; names?: { plural?: string } } | undefined;
    const group = spec?.group ?? '';
    const plural = spec?.names?.plural ?? '';
    this.store.drop(`${group}/${plural}`);
    this.registry.unregister(group, plural);
  }

  private dependentsOf(uid: string): [string, KubeObject][] {
    return [...this.store.entries()].filter(([, o]) =>
      o.metadata.ownerReferences?.some((r) => r.uid === uid),
    );
  }

  private exists(uid: string): boolean {
    return this.findByUid(uid) !== undefined;
  }

  private findByUid(uid: string): [string, KubeObject] | undefined {
    for (const entry of this.store.entries()) if (entry[1].metadata.uid === uid) return entry;
    return undefined;
  }
}
