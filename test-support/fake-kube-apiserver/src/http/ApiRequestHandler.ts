import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, KubeApiError } from '../errors';
import type { ResourceRegistry } from '../resources';
import { parseFieldSelector, parseLabelSelector } from '../semantics';
import type { DeleteOptions, ListOptions, ResourceService, WriteOptions } from '../service';
import type { KubeObject, RequestRecord, ResourceType, Verb } from '../types';
import type { WatchHub } from '../watch';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, versionInfo } from './discovery';
import type { FaultInjector } from './FaultInjector';
import { parseRequestPath, type RequestTarget } from './parseRequestPath';
import { readBody } from './readBody';
import type { RequestLog } from './RequestLog';

/** What the handler works with. */
export interface ApiRequestHandlerDeps {
  registry: ResourceRegistry;
  service: ResourceService;
  watches: WatchHub;
  log: RequestLog;
  faults: FaultInjector;
  token: string;
  serverAddress: () => string;
}

type ResourceTarget = Extract<RequestTarget, { kind: 'resource' }>;

/** Routes one HTTP request: authentication, discovery, fault injection, the resource verbs, the request log. */
export class ApiRequestHandler {
  constructor(private readonly deps: ApiRequestHandlerDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      status: 0,
    };
    try {
      const target = parseRequestPath(url.pathname);
      if (target.kind === 'health') return sendText(res, 200, 'ok');
      if (req.headers.authorization !== `Bearer ${this.deps.token}`) throw errors.unauthorized();
      if (target.kind === 'resource') await this.handleResource(req, res, url, target, record);
      else this.handleDiscovery(req, res, target);
    } catch (err) {
      const apiError =
        err instanceof KubeApiError
          ? err
          : new KubeApiError(500, 'InternalError', `Internal error occurred: ${String(err)}`);
      if (!res.headersSent) sendJson(res, apiError.code, apiError.toStatus());
      else if (!res.writableEnded) res.end();
    } finally {
      record.status = res.statusCode;
      this.deps.log.add(record);
    }
  }

  private handleDiscovery(req: IncomingMessage, res: ServerResponse, target: RequestTarget): void {
    if (req.method !== 'GET') throw errors.methodNotAllowed();
    const types = this.deps.registry.all();
    switch (target.kind) {
      case 'version':
        return sendJson(res, 200, versionInfo());
      case 'coreVersions':
        return sendJson(res, 200, coreVersions(this.deps.serverAddress()));
      case 'groupList':
        return sendJson(res, 200, apiGroupList(types));
      case 'group':
        if (!types.some((t) => t.group === target.group)) throw notServed();
        return sendJson(res, 200, apiGroup(target.group, types));
      case 'resourceList':
        if (!types.some((t) => t.group === target.group && t.version === target.version)) throw notServed();
        return sendJson(res, 200, apiResourceList(target.group, target.version, types));
      default:
        throw notServed();
    }
  }

  private async handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    target: ResourceTarget,
    record: RequestRecord,
  ): Promise<void> {
    const { service } = this.deps;
    const type = this.deps.registry.byUrl(target.group, target.version, target.plural);
    if (!type) throw notServed();
    const { namespace, name } = target;
    if (!type.namespaced && namespace !== undefined) throw notServed();
    if (type.namespaced && namespace === undefined && name !== undefined) throw notServed();
    const subresource = target.subresource;
    if (subresource !== undefined && (subresource !== 'status' || !type.hasStatus || name === undefined))
      throw notServed();
    const q = url.searchParams;
    const watching = target.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
    const verb = verbOf(req.method ?? 'GET', name !== undefined, watching);
    if (!verb || (subresource && !['get', 'update', 'patch'].includes(verb))) throw errors.methodNotAllowed();
    Object.assign(record, {
      verb,
      resource: type.plural,
      ...(subresource ? { subresource } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(q.get('fieldManager') ? { fieldManager: q.get('fieldManager') } : {}),
      ...(verb === 'patch' ? { patchType: req.headers['content-type'] ?? '' } : {}),
      ...(q.get('dryRun') === 'All' ? { dryRun: true } : {}),
    });
    const injected = this.deps.faults.take(verb, url.pathname);
    if (injected) {
      if (verb === 'watch' && injected.code === 410) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: injected.toStatus() })}\n`);
        return;
      }
      throw injected;
    }

    switch (verb) {
      case 'get':
        return sendJson(res, 200, service.get(type, namespace, name!));
      case 'list':
        return sendJson(res, 200, service.list(type, namespace, listOptions(q)));
      case 'watch':
        return this.deps.watches.serve(res, type, {
          ...(q.get('resourceVersion') !== null ? { resourceVersion: q.get('resourceVersion')! } : {}),
          matches: watchMatcher(type, namespace, name, q),
          ...(q.get('timeoutSeconds') ? { timeoutSeconds: Number(q.get('timeoutSeconds')) } : {}),
          allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
        });
      case 'create':
        return sendJson(
          res,
          201,
          service.create(type, namespace, parseBody(await readBody(req)), writeOptions(req, q)),
        );
      case 'update':
        return sendJson(
          res,
          200,
          service.update(
            type,
            namespace,
            name!,
            parseBody(await readBody(req)),
            subresourceOf(subresource),
            writeOptions(req, q),
          ),
        );
      case 'patch': {
        const body = await readBody(req);
        const contentType = req.headers['content-type'] ?? '';
        const existed =
          contentType.startsWith('application/apply-patch') && this.exists(type, namespace, name!);
        const result = service.patch(
          type,
          namespace,
          name!,
          contentType,
          body,
          subresourceOf(subresource),
          writeOptions(req, q),
        );
        return sendJson(
          res,
          existed === false && contentType.startsWith('application/apply-patch') ? 201 : 200,
          result,
        );
      }
      case 'delete':
        return sendJson(
          res,
          200,
          service.delete(type, namespace, name!, deleteOptions(await readBody(req), q)),
        );
      case 'deletecollection':
        return sendJson(
          res,
          200,
          service.deleteCollection(type, namespace, listOptions(q), deleteOptions(await readBody(req), q)),
        );
    }
  }

  private exists(type: ResourceType, namespace: string | undefined, name: string): boolean {
    try {
      this.deps.service.get(type, namespace, name);
      return true;
    } catch {
      return false;
    }
  }
}

function verbOf(method: string, named: boolean, watching: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
      return watching ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return named ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

function notServed(): KubeApiError {
  return new KubeApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function subresourceOf(subresource: string | undefined): 'status' | undefined {
  return subresource === 'status' ? 'status' : undefined;
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw errors.badRequest(
      `error decoding request body: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function listOptions(q: URLSearchParams): ListOptions {
  const limit = q.get('limit');
  return {
    ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector')! } : {}),
    ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector')! } : {}),
    ...(limit ? { limit: Number(limit) } : {}),
    ...(q.get('continue') ? { continueToken: q.get('continue')! } : {}),
  };
}

/** The field manager of a write: `fieldManager`, else the User-Agent's product name, as the real server derives it. */
function writeOptions(req: IncomingMessage, q: URLSearchParams): WriteOptions {
  const explicit = q.get('fieldManager');
  const agent = (req.headers['user-agent'] ?? '').split('/')[0]?.trim();
  return {
    manager: explicit || agent || 'unknown',
    explicitManager: !!explicit,
    dryRun: q.get('dryRun') === 'All',
    force: q.get('force') === 'true',
  };
}

function deleteOptions(raw: string, q: URLSearchParams): DeleteOptions {
  const body = (raw.trim() ? parseBody(raw) : {}) as Partial<DeleteOptions> & { dryRun?: string[] };
  const policy = q.get('propagationPolicy') ?? body.propagationPolicy;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  }
  return {
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
    ...(body.orphanDependents !== undefined ? { orphanDependents: body.orphanDependents } : {}),
    ...(q.get('orphanDependents') ? { orphanDependents: q.get('orphanDependents') === 'true' } : {}),
    ...(body.preconditions ? { preconditions: body.preconditions } : {}),
    dryRun: q.get('dryRun') === 'All' || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
  };
}

function watchMatcher(
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  q: URLSearchParams,
): (o: KubeObject) => boolean {
  try {
    const labels = q.get('labelSelector') ? parseLabelSelector(q.get('labelSelector')!) : () => true;
    const fields = q.get('fieldSelector')
      ? parseFieldSelector(q.get('fieldSelector')!, type.selectableFields)
      : () => true;
    return (o) =>
      (namespace === undefined || o.metadata.namespace === namespace) &&
      (name === undefined || o.metadata.name === name) &&
      labels(o.metadata.labels) &&
      fields(o);
  } catch (err) {
    throw errors.badRequest(err instanceof Error ? err.message : String(err));
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(text);
}
