import { type KubeConfig, RequestContext, HttpMethod } from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';
import type { KubeObject } from '../resources/types';
import { resourcePath, resourceType } from './resourceTypes';

/** An error answer of the API server; `statusCode` matches what client-node's informers test. */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path}: ${statusCode} ${reason}: ${message}`);
    this.name = 'KubeApiError';
  }
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface KubeList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

/** The resource (plural) a request path addresses, e.g. `deployments`; for metrics labels. */
export function pluralOf(path: string): string {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const base = parts[0] === 'api' ? 2 : 3;
  const index = parts[base] === 'namespaces' && parts.length > base + 2 ? base + 2 : base;
  return parts[index] ?? '';
}

/** Called once per request, for metrics. */
export type RequestObserver = (verb: string, resource: string, status: number) => void;

/**
 * A small JSON client for the Kubernetes API on top of @kubernetes/client-node's KubeConfig (auth,
 * TLS, in-cluster config). It sends and returns wire-format JSON, unlike client-node's generated
 * APIs whose model classes rename fields (`from` → `_from`) and turn timestamps into Dates; the
 * builders produce wire JSON, and comparing like with like is what makes no-op reconciles free.
 */
export class KubeClient {
  private dispatcher: Dispatcher | undefined;
  private dispatcherReady = false;

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly observe: RequestObserver = () => {},
  ) {}

  /** Sends one request; 2xx answers are parsed JSON, others throw {@link KubeApiError}. */
  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { query?: Record<string, string | undefined>; body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const url = new URL(cluster.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.kubeConfig.applySecurityAuthentication(ctx);
    // client-node makes a new TLS agent per request; keep the first so connections are reused.
    if (!this.dispatcherReady) {
      this.dispatcher = ctx.getDispatcher() as Dispatcher | undefined;
      this.dispatcherReady = true;
    }
    const headers: Record<string, string> = { ...ctx.getHeaders(), Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      dispatcher: this.dispatcher,
    });
    const text = await response.text();
    this.observe(method, pluralOf(path), response.status);
    if (response.status >= 200 && response.status < 300) return (text ? JSON.parse(text) : undefined) as T;
    let reason = response.statusText;
    let message = text;
    try {
      const status = JSON.parse(text) as { reason?: string; message?: string };
      reason = status.reason ?? reason;
      message = status.message ?? message;
    } catch {
      // not a Status object: keep the raw text
    }
    throw new KubeApiError(response.status, reason, message, method, url.pathname);
  }

  /** The object, or undefined when it does not exist. */
  async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', this.path(ref));
    } catch (err) {
      if (err instanceof KubeApiError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  list<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeList<T>> {
    return this.request('GET', resourcePath(resourceType(apiVersion, kind), namespace), {
      query: { labelSelector },
    });
  }

  /**
   * Reads one object through a list with a name field selector: needs only the `list` permission,
   * which the operator has for its kinds anyway (`get` it has only for Secrets).
   */
  async find<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    const type = resourceType(ref.apiVersion, ref.kind);
    const list = await this.request<KubeList<T>>('GET', resourcePath(type, ref.namespace), {
      query: { fieldSelector: `metadata.name=${ref.name}` },
    });
    return list.items[0];
  }

  create<T extends KubeObject>(obj: T, fieldManager: string): Promise<T> {
    const type = resourceType(obj.apiVersion, obj.kind);
    return this.request('POST', resourcePath(type, obj.metadata.namespace), {
      body: obj,
      query: { fieldManager },
    });
  }

  /** PUT; the object's `metadata.resourceVersion` makes it conditional (409 when stale). */
  replace<T extends KubeObject>(obj: T, fieldManager: string, subresource?: string): Promise<T> {
    return this.request('PUT', this.path({ ...obj, ...obj.metadata }, subresource), {
      body: obj,
      query: { fieldManager },
    });
  }

  /** JSON merge patch (RFC 7386). */
  mergePatch<T extends KubeObject>(
    ref: ObjectRef,
    patch: unknown,
    fieldManager: string,
    subresource?: string,
  ): Promise<T> {
    return this.request('PATCH', this.path(ref, subresource), {
      body: patch,
      contentType: 'application/merge-patch+json',
      query: { fieldManager },
    });
  }

  /** DELETE with background propagation; a missing object is not an error. */
  async delete(ref: ObjectRef): Promise<void> {
    try {
      await this.request('DELETE', this.path(ref), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
      });
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 404)) throw err;
    }
  }

  path(ref: ObjectRef, subresource?: string): string {
    return resourcePath(resourceType(ref.apiVersion, ref.kind), ref.namespace, ref.name, subresource);
  }
}
