import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  STATIC_CLUSTER,
  STATIC_NAMESPACE,
  serverRefToString,
  type ClusterError,
  type CreateServerRequest,
  type ImageServerDetails,
  type ImageServerSummary,
  type ListServersResponse,
  type ServerRef,
} from '@imageserver/plugin-image-server-common';
import type { ImageServerConfig, StaticServerConfig } from '../config';
import { ClusterRequestError, type ClusterClient } from '../kubernetes';
import { UpstreamUnavailableError } from '../upstream/errors';
import { buildImageServerResource } from './buildImageServerResource';
import { detailResource, summarizeResource } from './summarize';
import type { ServerConnection } from './types';

/** The CRD default of `spec.limits.maxUploadBytes`. */
const CRD_DEFAULT_MAX_UPLOAD_BYTES = 52_428_800;
/** Admin keys are read from Secrets at most this often per server. */
const ADMIN_KEY_TTL_MS = 30_000;
const READY_TIMEOUT_MS = 2_000;

/** Maps a cluster failure on a single-server call to the HTTP error the portal answers with. */
function toHttpError(err: unknown, what: string): Error {
  if (!(err instanceof ClusterRequestError)) return err as Error;
  if (err.status === 404) return new NotFoundError(`${what}: ${err.message}`);
  if (err.status === 409) return new ConflictError(`${what}: ${err.message}`);
  if (err.status === 400 || err.status === 422) return new InputError(`${what}: ${err.message}`);
  if (err.errorType === 'FORBIDDEN') return new NotAllowedError(`${what}: ${err.message}`);
  return new UpstreamUnavailableError(`${what}: ${err.message}`);
}

/**
 * Every image server the portal knows: those in the configured clusters and those listed
 * statically. Lists fan out to all clusters and turn one cluster's failure into an entry in
 * `errors`; single-server calls map failures to HTTP errors.
 */
export class ServerDirectory {
  private readonly adminKeys = new Map<string, { key?: string; until: number }>();

  constructor(
    private readonly config: ImageServerConfig,
    private readonly clusters: Map<string, ClusterClient>,
    private readonly logger: LoggerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get clustersConfigured(): boolean {
    return this.clusters.size > 0;
  }

  async list(): Promise<ListServersResponse> {
    const errors: ClusterError[] = [];
    const [statics, ...perCluster] = await Promise.all([
      Promise.all(this.config.static.map((s) => this.staticSummary(s))),
      ...[...this.clusters.values()].map(async (client) => {
        try {
          return (await client.listServers()).map((r) => summarizeResource(client.name, r));
        } catch (err) {
          const e = err as ClusterRequestError;
          const message =
            e.status === 404
              ? `cluster ${client.name}: the ImageServer CRD (imageservers.imageserver.dev) is not installed`
              : e.message;
          this.logger.warn(`Listing ImageServers in cluster ${client.name} failed: ${message}`);
          errors.push({ cluster: client.name, errorType: e.errorType ?? 'FETCH_ERROR', message });
          return [];
        }
      }),
    ]);
    return { items: [...statics, ...perCluster.flat()], errors, clustersConfigured: this.clustersConfigured };
  }

  /** The summary of one server, or undefined when it does not exist (used by permission checks). */
  async find(ref: ServerRef): Promise<ImageServerSummary | undefined> {
    if (ref.cluster === STATIC_CLUSTER) {
      const s = this.staticConfig(ref);
      return s && (await this.staticSummary(s));
    }
    const client = this.cluster(ref.cluster);
    try {
      const resource = await client.getServer(ref.namespace, ref.name);
      return resource && summarizeResource(ref.cluster, resource);
    } catch (err) {
      throw toHttpError(err, `Reading ImageServer ${serverRefToString(ref)}`);
    }
  }

  async details(ref: ServerRef): Promise<ImageServerDetails> {
    if (ref.cluster === STATIC_CLUSTER) {
      const s = this.staticConfig(ref);
      if (!s) throw new NotFoundError(`No image server ${serverRefToString(ref)}`);
      const summary = await this.staticSummary(s);
      return { ...summary, conditions: [], events: [], endpoints: { api: s.url } };
    }
    const client = this.cluster(ref.cluster);
    try {
      const resource = await client.getServer(ref.namespace, ref.name);
      if (!resource) throw new NotFoundError(`No image server ${serverRefToString(ref)}`);
      const children = await client.getChildren(ref.namespace, ref.name);
      return detailResource(ref.cluster, resource, children, this.now());
    } catch (err) {
      throw toHttpError(err, `Reading ImageServer ${serverRefToString(ref)}`);
    }
  }

  async create(request: CreateServerRequest, owner: string): Promise<ImageServerSummary> {
    if (request.cluster === STATIC_CLUSTER) {
      throw new InputError(
        'Static image servers are configured in app-config.yaml (imageServer.static), not created',
      );
    }
    const client = this.cluster(request.cluster);
    try {
      const created = await client.createServer(buildImageServerResource(request, owner));
      return summarizeResource(request.cluster, created);
    } catch (err) {
      throw toHttpError(
        err,
        `Creating ImageServer ${request.namespace}/${request.name} in cluster ${request.cluster}`,
      );
    }
  }

  async delete(ref: ServerRef): Promise<void> {
    if (ref.cluster === STATIC_CLUSTER) {
      throw new InputError(
        'Static image servers are configured in app-config.yaml (imageServer.static), not deleted',
      );
    }
    const client = this.cluster(ref.cluster);
    try {
      await client.deleteServer(ref.namespace, ref.name);
    } catch (err) {
      throw toHttpError(err, `Deleting ImageServer ${serverRefToString(ref)}`);
    }
  }

  /**
   * Where and how to reach a server's API. Cluster servers use the status URL and the admin key
   * from the Secret the operator created (its name is in `status.adminSecretName`).
   *
   * @throws NotFoundError when the server does not exist; UpstreamUnavailableError when it has no URL yet
   */
  async connection(ref: ServerRef): Promise<ServerConnection> {
    if (ref.cluster === STATIC_CLUSTER) {
      const s = this.staticConfig(ref);
      if (!s) throw new NotFoundError(`No image server ${serverRefToString(ref)}`);
      return { ref, url: s.url, adminKey: s.adminKey, maxUploadBytes: s.maxUploadBytes };
    }
    const client = this.cluster(ref.cluster);
    try {
      const resource = await client.getServer(ref.namespace, ref.name);
      if (!resource) throw new NotFoundError(`No image server ${serverRefToString(ref)}`);
      const url = resource.status?.url;
      if (!url)
        throw new UpstreamUnavailableError(
          `Image server ${serverRefToString(ref)} has no URL yet (not reconciled)`,
        );
      return {
        ref,
        url: url.replace(/\/+$/, ''),
        adminKey: await this.adminKey(client, ref, resource.status?.adminSecretName),
        maxUploadBytes: resource.spec.limits?.maxUploadBytes ?? CRD_DEFAULT_MAX_UPLOAD_BYTES,
      };
    } catch (err) {
      throw toHttpError(err, `Reaching ImageServer ${serverRefToString(ref)}`);
    }
  }

  private async adminKey(
    client: ClusterClient,
    ref: ServerRef,
    secretName: string | undefined,
  ): Promise<string | undefined> {
    if (!secretName) return undefined;
    const cacheKey = `${serverRefToString(ref)}/${secretName}`;
    const cached = this.adminKeys.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.key;
    const key = await client.readSecretKey(ref.namespace, secretName, 'ADMIN_API_KEY');
    this.adminKeys.set(cacheKey, { key, until: Date.now() + ADMIN_KEY_TTL_MS });
    return key;
  }

  private cluster(name: string): ClusterClient {
    const client = this.clusters.get(name);
    if (!client) {
      const known = [...this.clusters.keys()];
      throw new NotFoundError(
        known.length
          ? `Unknown cluster "${name}"; configured clusters: ${known.join(', ')}`
          : `Unknown cluster "${name}": no Kubernetes cluster is configured (imageServer.kubernetes.clusters in app-config.yaml)`,
      );
    }
    return client;
  }

  private staticConfig(ref: ServerRef): StaticServerConfig | undefined {
    if (ref.namespace !== STATIC_NAMESPACE) return undefined;
    return this.config.static.find((s) => s.name === ref.name);
  }

  /** A static server's health is its `/readyz`: 200 healthy, anything else degraded. */
  private async staticSummary(s: StaticServerConfig): Promise<ImageServerSummary> {
    const base: ImageServerSummary = {
      ref: { cluster: STATIC_CLUSTER, namespace: STATIC_NAMESPACE, name: s.name },
      source: 'static',
      owner: s.owner,
      url: s.url,
      health: 'unknown',
    };
    try {
      const res = await fetch(`${s.url}/readyz`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
      const body = await res.text();
      if (res.ok) return { ...base, health: 'healthy', healthReason: 'Ready' };
      return {
        ...base,
        health: 'degraded',
        healthReason: `/readyz answered ${res.status}: ${body.slice(0, 200)}`,
      };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      return { ...base, health: 'degraded', healthReason: `Unreachable at ${s.url} (${cause})` };
    }
  }
}
