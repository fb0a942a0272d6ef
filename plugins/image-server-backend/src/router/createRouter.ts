import type {
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError, serializeError } from '@backstage/errors';
import { AuthorizeResult, type ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  imageServerDeletePermission,
  imageServerReadPermission,
  imageServerUploadPermission,
  serverRefToString,
  type ServerRef,
  type ServerStats,
} from '@imageserver/plugin-image-server-common';
import express, { type ErrorRequestHandler, type Request } from 'express';
import Router from 'express-promise-router';
import { summarizeMetrics, type PreviousScrape } from '../metrics';
import { imageServerResourceRef } from '../permissions';
import { provisionServer, type ServerDirectory, type UncheckedCreateRequest } from '../servers';
import {
  fetchJson,
  fetchText,
  forward,
  MULTIPART_OVERHEAD_BYTES,
  PayloadTooLargeError,
  UpstreamUnavailableError,
} from '../upstream';

export interface RouterOptions {
  directory: ServerDirectory;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  logger: LoggerService;
  now?: () => Date;
}

const IMAGE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const VARIANT = /^p_[a-z0-9_-]+$/;
const SERVER = '/servers/:cluster/:namespace/:name';

function refOf(req: Request): ServerRef {
  const { cluster, namespace, name } = req.params as Record<string, string>;
  return { cluster: cluster!, namespace: namespace!, name: name! };
}

function imageIdOf(req: Request): string {
  const id = (req.params as Record<string, string>).id!;
  if (!IMAGE_ID.test(id))
    throw new InputError(`Expected an image id of letters, digits, "_" or "-" but received "${id}"`);
  return id;
}

/** Passes on the query parameters the image server's list endpoint knows (repeated ones too), nothing else. */
function listQuery(req: Request): string {
  const params = new URLSearchParams();
  for (const key of ['limit', 'cursor', 'tag', 'q', 'visibility', 'min_confidence']) {
    const value = req.query[key];
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v !== '') params.append(key, v);
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The plugin's REST API (see the contract in `@imageserver/plugin-image-server-common`). Every
 * route checks its permission first: read for lists and reads, upload for uploads and image
 * deletions, delete for server deletion, create for new servers.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { directory, httpAuth, userInfo, permissions, permissionsRegistry, logger } = options;
  const now = options.now ?? (() => new Date());
  const ruleset = permissionsRegistry.getPermissionRuleset(imageServerResourceRef);
  const isAllowed = createConditionAuthorizer(ruleset);
  const previousScrapes = new Map<string, PreviousScrape>();
  const router = Router();

  async function authorize(req: Request, permission: ResourcePermission<'image-server'>, ref: ServerRef) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission, resourceRef: serverRefToString(ref) }], {
      credentials,
    });
    if (decision!.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.attributes.action ?? permission.name} image server ${serverRefToString(ref)}`,
      );
    }
  }

  router.get('/servers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional([{ permission: imageServerReadPermission }], {
      credentials,
    });
    if (decision!.result === AuthorizeResult.DENY)
      throw new NotAllowedError('Not allowed to read image servers');
    const list = await directory.list();
    if (decision!.result === AuthorizeResult.CONDITIONAL) {
      list.items = list.items.filter((s) => isAllowed(decision!, { ref: s.ref, owner: s.owner }));
    }
    res.json(list);
  });

  router.post('/servers', express.json({ limit: '256kb' }), async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = (req.body ?? {}) as UncheckedCreateRequest;
    const created = await provisionServer({ directory, permissions, userInfo }, credentials, body);
    logger.info(`Created ImageServer ${serverRefToString(created.ref)} for ${created.owner}`);
    res.status(201).json(created);
  });

  router.get(SERVER, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    res.json(await directory.details(ref));
  });

  router.delete(SERVER, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerDeletePermission, ref);
    await directory.delete(ref);
    logger.info(`Deleted ImageServer ${serverRefToString(ref)}`);
    res.status(204).end();
  });

  router.get(`${SERVER}/images`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    await forward(req, res, await directory.connection(ref), {
      method: 'GET',
      path: `/v1/images${listQuery(req)}`,
    });
  });

  router.post(`${SERVER}/images`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerUploadPermission, ref);
    const conn = await directory.connection(ref);
    const params = new URLSearchParams();
    for (const key of ['tags', 'visibility']) {
      const value = req.query[key];
      if (typeof value === 'string') params.set(key, value);
    }
    const query = params.toString();
    await forward(req, res, conn, {
      method: 'POST',
      path: `/v1/images${query ? `?${query}` : ''}`,
      body: true,
      maxBodyBytes: conn.maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
    });
  });

  router.get(`${SERVER}/images/:id`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    await forward(req, res, await directory.connection(ref), {
      method: 'GET',
      path: `/v1/images/${imageIdOf(req)}`,
    });
  });

  router.delete(`${SERVER}/images/:id`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerUploadPermission, ref);
    await forward(req, res, await directory.connection(ref), {
      method: 'DELETE',
      path: `/v1/images/${imageIdOf(req)}`,
    });
  });

  router.get(`${SERVER}/images/:id/content`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    const id = imageIdOf(req);
    const variant = req.query.variant;
    if (variant !== undefined && (typeof variant !== 'string' || !VARIANT.test(variant))) {
      throw new InputError(
        `Expected a variant preset like p_thumb (matching ${VARIANT.source}) but received ${JSON.stringify(variant)}`,
      );
    }
    await forward(req, res, await directory.connection(ref), {
      method: 'GET',
      path: variant ? `/i/${id}/${variant}` : `/i/${id}`,
      passHeaders: ['if-none-match', 'if-modified-since', 'range', 'accept'],
    });
  });

  router.get(`${SERVER}/stats`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    res.json(await fetchJson<ServerStats>(await directory.connection(ref), '/v1/stats'));
  });

  router.get(`${SERVER}/metrics`, async (req, res) => {
    const ref = refOf(req);
    await authorize(req, imageServerReadPermission, ref);
    const conn = await directory.connection(ref);
    const [text, stats] = await Promise.all([
      fetchText(conn, '/metrics'),
      fetchJson<ServerStats>(conn, '/v1/stats').catch(() => undefined),
    ]);
    const key = serverRefToString(ref);
    const metrics = await summarizeMetrics(text, {
      now: now(),
      storedBytes: stats?.storedBytes,
      previous: previousScrapes.get(key),
    });
    previousScrapes.set(key, { at: new Date(metrics.scrapedAt), requestsTotal: metrics.requestsTotal });
    res.json(metrics);
  });

  router.use(() => {
    throw new NotFoundError('No such image-server route');
  });

  // 502 and 413 have no @backstage/errors class; answer them here in Backstage's error format.
  const upstreamErrors: ErrorRequestHandler = (err, req, res, next) => {
    const status =
      err instanceof UpstreamUnavailableError ? 502 : err instanceof PayloadTooLargeError ? 413 : undefined;
    if (status === undefined || res.headersSent) return next(err);
    if (status === 413) req.unpipe?.();
    res.status(status).json({
      error: serializeError(err),
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
  router.use(upstreamErrors);
  return router;
}
