import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { formatTimestamp } from '../clock';
import { errors, KubeApiError } from '../errors';
import { resourcesFromCrd, type ResourceRegistry } from '../resources';
import {
  applyDefaults,
  applySchemaDefaults,
  generatedName,
  jsonPatch,
  mergePatch,
  nameProblem,
  parseFieldSelector,
  parseLabelSelector,
  recordUpdate,
  serverSideApply,
  specChanged,
  strategicMergePatch,
  validateBuiltin,
  type DefaultingSchema,
  type WriteScope,
  type Writer,
} from '../semantics';
import type { ObjectStore } from '../store';
import type { KubeObject, ResourceType } from '../types';
import { crdStatus } from './crdStatus';
import { isNoOpWrite } from './isNoOpWrite';
import { mergeIntoCurrent } from './mergeIntoCurrent';
import { ObjectDeleter } from './ObjectDeleter';
import { withApiVersion } from './withApiVersion';
import type { DeleteOptions, KubeList, ListOptions, Subresource, WriteOptions } from './types';

const crdStorageKey = 'apiextensions.k8s.io/customresourcedefinitions';

/** Settings of {@link ResourceService}. */
export interface ResourceServiceOptions {
  now: () => Date;
  defaulting: boolean;
}

/**
 * The API semantics behind the HTTP routes: get, list, create, update, patch (four patch types, server-side
 * apply among them) and delete, over the versioned store. Every method throws {@link KubeApiError} with
 * the status the real server would answer.
 */
export class ResourceService {
  private readonly deleter: ObjectDeleter;
  private nextClusterIP = 1;

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly options: ResourceServiceOptions,
  ) {
    this.deleter = new ObjectDeleter(store, registry, options.now);
  }

  /** @throws KubeApiError 404 */
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(type.storageKey, namespace, name);
    if (!found) throw errors.notFound(type, name);
    return withApiVersion(found, type);
  }

  /** @throws KubeApiError 400 on a malformed selector or continue token */
  list(type: ResourceType, namespace: string | undefined, options: ListOptions): KubeList {
    const matches = selectorMatcher(type, options);
    let items = this.store.list(type.storageKey, namespace, matches);
    let after: string | undefined;
    if (options.continueToken) {
      try {
        after = (
          JSON.parse(Buffer.from(options.continueToken, 'base64url').toString('utf8')) as { after: string }
        ).after;
      } catch {
        throw errors.badRequest('continue key is not valid: illegal base64 data');
      }
      items = items.filter((o) => itemKey(o) > after!);
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(this.store.currentRevision()) };
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      const remaining = items.length - options.limit;
      items = items.slice(0, options.limit);
      metadata.continue = Buffer.from(JSON.stringify({ after: itemKey(items[items.length - 1]!) })).toString(
        'base64url',
      );
      metadata.remainingItemCount = remaining;
    }
    return {
      apiVersion: type.apiVersion,
      kind: `${type.kind}List`,
      metadata,
      items: items.map((o) => listItem(withApiVersion(o, type), type)),
    };
  }

  /** @throws KubeApiError 400, 403 (terminating namespace), 404 (namespace), 409 AlreadyExists, 422 */
  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions,
  ): KubeObject {
    const object = this.prepareNew(type, namespace, body);
    object.metadata.managedFields = recordUpdate(
      undefined,
      object,
      this.writer(type, options),
      scopeOf(type),
    );
    return this.insert(type, object, options);
  }

  /** PUT of the main resource or of `/status`. @throws KubeApiError 400, 404, 409 on a stale resourceVersion, 422 */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    subresource: Subresource,
    options: WriteOptions,
  ): KubeObject {
    const incoming = this.checkBody(type, namespace, body, name);
    const current = this.get(type, namespace, name);
    checkResourceVersion(type, current, incoming);
    const next = mergeIntoCurrent(type, current, incoming, subresource);
    next.metadata.managedFields = recordUpdate(
      current,
      next,
      this.writer(type, options),
      scopeOf(type, subresource),
    );
    return this.commit(type, current, next, subresource, options);
  }

  /**
   * PATCH with one of the four patch content types; server-side apply creates the object when missing.
   * @throws KubeApiError 400, 404, 409 (stale resourceVersion, apply conflict), 415, 422
   */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    rawBody: string,
    subresource: Subresource,
    options: WriteOptions,
  ): KubeObject {
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (mediaType === 'application/apply-patch+yaml')
      return this.apply(type, namespace, name, rawBody, subresource, options);
    const current = this.get(type, namespace, name);
    const patch = parseJson(rawBody);
    let patched: unknown;
    if (mediaType === 'application/merge-patch+json') patched = mergePatch(current, patch);
    else if (mediaType === 'application/strategic-merge-patch+json')
      patched = strategicMergePatch(current, patch);
    else if (mediaType === 'application/json-patch+json') {
      const result = jsonPatch(current, patch);
      if (!result.ok)
        throw new KubeApiError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${result.message}`,
        );
      patched = result.value;
    } else throw errors.unsupportedMediaType(contentType);
    const incoming = this.checkBody(type, namespace, patched, name);
    checkResourceVersion(type, current, incoming);
    const next = mergeIntoCurrent(type, current, incoming, subresource);
    next.metadata.managedFields = recordUpdate(
      current,
      next,
      this.writer(type, options),
      scopeOf(type, subresource),
    );
    return this.commit(type, current, next, subresource, options);
  }

  /** @throws KubeApiError 404, 409 when a precondition fails */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
  ): KubeObject {
    const current = this.get(type, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== current.metadata.uid) {
      throw errors.preconditionFailed(
        type,
        name,
        `UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
      throw errors.preconditionFailed(
        type,
        name,
        `ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    if (options.dryRun) return current;
    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : 'Background');
    return withApiVersion(this.deleter.delete(type, current, policy), type);
  }

  /** DELETE on a collection: deletes every object the selectors match. */
  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    list: ListOptions,
    options: DeleteOptions,
  ): KubeList {
    const matching = this.list(type, namespace, { ...list, limit: 0 });
    const deleted = (matching.items as KubeObject[]).map((o) =>
      this.delete(type, o.metadata.namespace, o.metadata.name!, options),
    );
    return {
      ...matching,
      metadata: { resourceVersion: String(this.store.currentRevision()) },
      items: deleted.map((o) => listItem(o, type)),
    };
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    rawBody: string,
    subresource: Subresource,
    options: WriteOptions,
  ): KubeObject {
    if (!options.explicitManager)
      throw errors.badRequest('PATCH requests with apply content type require fieldManager');
    let parsed: unknown;
    try {
      parsed = parseYaml(rawBody);
    } catch (err) {
      throw errors.badRequest(`error decoding YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
    const applied = this.checkBody(type, namespace, parsed, name, true);
    const writer = this.writer(type, options);
    const current = this.store.get(type.storageKey, namespace, name);
    if (!current) {
      if (subresource) throw errors.notFound(type, name);
      const skeleton = this.prepareNew(type, namespace, {
        apiVersion: type.apiVersion,
        kind: type.kind,
        metadata: { name, namespace },
      });
      const outcome = serverSideApply(skeleton, applied, writer, scopeOf(type), options.force);
      if (!outcome.ok) throw errors.applyConflict(type, name, outcome.conflicts);
      const created = this.prepareNew(type, namespace, outcome.object);
      created.metadata.managedFields = outcome.object.metadata.managedFields;
      return this.insert(type, created, options);
    }
    checkResourceVersion(type, current, applied);
    const outcome = serverSideApply(
      withApiVersion(current, type),
      applied,
      writer,
      scopeOf(type, subresource),
      options.force,
    );
    if (!outcome.ok) throw errors.applyConflict(type, name, outcome.conflicts);
    const next = mergeIntoCurrent(type, current, outcome.object, subresource);
    next.metadata.managedFields = outcome.object.metadata.managedFields;
    return this.commit(type, current, next, subresource, options);
  }

  /** Validates a body for create and fills in server-set metadata (not yet stored). */
  private prepareNew(type: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
    const object = this.checkBody(type, namespace, body);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) {
      do meta.name = generatedName(meta.generateName);
      while (this.store.get(type.storageKey, namespace, meta.name));
    }
    if (!meta.name)
      throw errors.invalid(type, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    const problem = nameProblem(meta.name);
    if (problem) throw errors.invalid(type, meta.name, [{ field: 'metadata.name', message: problem }]);
    if (type.namespaced) this.checkNamespaceWritable(namespace!);
    for (const k of [
      'resourceVersion',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'managedFields',
    ] as const)
      delete meta[k];
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTimestamp(this.options.now());
    meta.generation = 1;
    if (type.hasStatus) delete object.status;
    this.defaultNew(type, object, undefined);
    return object;
  }

  private insert(type: ResourceType, object: KubeObject, options: WriteOptions): KubeObject {
    const name = object.metadata.name!;
    if (this.store.get(type.storageKey, object.metadata.namespace, name))
      throw errors.alreadyExists(type, name);
    this.validate(type, object, undefined);
    const crdKinds = type.storageKey === crdStorageKey ? resourcesFromCrd(object, type) : undefined;
    if (options.dryRun) return object;
    if (crdKinds) {
      object.status = crdStatus(object, this.options.now());
      for (const def of crdKinds) this.registry.register(def);
    }
    return withApiVersion(this.store.put(type.storageKey, object), type);
  }

  /** Stores an update unless it changes nothing; finishes deletion when the last finalizer went. */
  private commit(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    subresource: Subresource,
    options: WriteOptions,
  ): KubeObject {
    const name = current.metadata.name!;
    if (current.metadata.deletionTimestamp) {
      const added = (next.metadata.finalizers ?? []).filter(
        (f) => !(current.metadata.finalizers ?? []).includes(f),
      );
      if (added.length) {
        throw errors.invalid(type, name, [
          {
            field: 'metadata.finalizers',
            message: 'Forbidden: no new finalizers can be added if the object is being deleted',
          },
        ]);
      }
    }
    if (!subresource) {
      this.defaultNew(type, next, current);
      this.validate(type, next, current);
    }
    next.metadata.generation =
      (current.metadata.generation ?? 1) + (specChanged(current, next, type.hasStatus) ? 1 : 0);
    const crdKinds =
      type.storageKey === crdStorageKey && !subresource ? resourcesFromCrd(next, type) : undefined;
    if (isNoOpWrite(current, next)) return withApiVersion(current, type);
    if (options.dryRun) return next;
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      return withApiVersion(this.deleter.remove(type, next), type);
    }
    if (crdKinds) for (const def of crdKinds) this.registry.register(def);
    return withApiVersion(this.store.put(type.storageKey, next), type);
  }

  /** The body as an object of this kind, with namespace and name checked against the URL. */
  private checkBody(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    urlName?: string,
    requireTypeMeta = false,
  ): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw errors.badRequest('the body of the request must be a JSON object');
    const object = structuredClone(body) as KubeObject;
    if (requireTypeMeta && (!object.apiVersion || !object.kind))
      throw errors.badRequest('apiVersion and kind must be set in an apply configuration');
    if (object.apiVersion !== undefined && object.apiVersion !== type.apiVersion) {
      throw errors.badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${type.apiVersion})`,
      );
    }
    if (object.kind !== undefined && object.kind !== type.kind) {
      throw errors.badRequest(
        `the kind in the data (${object.kind}) does not match the expected kind (${type.kind})`,
      );
    }
    object.apiVersion = type.apiVersion;
    object.kind = type.kind;
    if (typeof object.metadata !== 'object' || object.metadata === null) object.metadata = {};
    const meta = object.metadata;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    if (urlName !== undefined) {
      if (meta.name && meta.name !== urlName) {
        throw errors.badRequest(
          `the name of the object (${meta.name}) does not match the name on the URL (${urlName})`,
        );
      }
      meta.name = urlName;
    }
    return object;
  }

  private defaultNew(type: ResourceType, object: KubeObject, previous: KubeObject | undefined): void {
    if (!this.options.defaulting) return;
    applyDefaults(object, previous, this);
    applySchemaDefaults(object, type.schema as DefaultingSchema | undefined);
  }

  /** @throws KubeApiError 422 listing every problem at once */
  private validate(type: ResourceType, object: KubeObject, previous: KubeObject | undefined): void {
    const problems = validateBuiltin(object, previous);
    if (problems.length) throw errors.invalid(type, object.metadata.name ?? '', problems);
  }

  private checkNamespaceWritable(namespace: string): void {
    const ns = this.store.get('/namespaces', undefined, namespace);
    if (!ns) throw errors.namespaceNotFound(namespace);
    if (ns.metadata.deletionTimestamp) {
      throw errors.forbidden(
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private writer(type: ResourceType, options: WriteOptions): Writer {
    return {
      manager: options.manager,
      apiVersion: type.apiVersion,
      time: formatTimestamp(this.options.now()),
    };
  }

  /** Hands out 10.96.0.0/12 addresses for Services (defaulting). */
  allocateClusterIP(): string {
    const n = this.nextClusterIP++;
    return `10.96.${Math.floor(n / 254)}.${(n % 254) + 1}`;
  }
}

function scopeOf(type: ResourceType, subresource?: Subresource): WriteScope {
  return { hasStatus: type.hasStatus, ...(subresource ? { subresource } : {}) };
}

function checkResourceVersion(type: ResourceType, current: KubeObject, incoming: KubeObject): void {
  const wanted = incoming.metadata.resourceVersion;
  if (wanted && wanted !== current.metadata.resourceVersion)
    throw errors.staleUpdate(type, current.metadata.name!);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw errors.badRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function selectorMatcher(type: ResourceType, options: ListOptions): (o: KubeObject) => boolean {
  try {
    const labels = options.labelSelector ? parseLabelSelector(options.labelSelector) : () => true;
    const fields = options.fieldSelector
      ? parseFieldSelector(options.fieldSelector, type.selectableFields)
      : () => true;
    return (o) => labels(o.metadata.labels) && fields(o);
  } catch (err) {
    throw errors.badRequest(err instanceof Error ? err.message : String(err));
  }
}

function itemKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function listItem(object: KubeObject, type: ResourceType): unknown {
  if (!type.builtin) return object;
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}
