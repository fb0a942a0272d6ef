import express, { Router } from 'express';
import { assertScope, hasScope, requireScope, signPath, toQueryString } from '../auth';
import type { ImageRecord, Visibility } from '../db';
import type { TaggingView } from '../tagging';
import { AppError } from '../errors';
import { receiveUpload } from '../ingest';
import { SNIFF_BYTES } from '../media';
import {
  assertOnlyKeys,
  parseConfidence,
  parseImageId,
  parseIntegerIn,
  parseSearchText,
  parseTags,
  parseVisibility,
} from '../validation';
import { baseUrl, type AppContext } from './context';
import { methodNotAllowed } from './methodNotAllowed';
import { presentImage } from './present';
import { signedOptionsSegment } from './signedOptionsSegment';
import path from 'node:path';

const json = express.json({ limit: '16kb', type: ['application/json', 'application/merge-patch+json'] });

function single(value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    if (value.length > 1)
      throw new AppError('INVALID_PARAMETER', `Give ${name} once.`, { extensions: { parameter: name } });
    return value[0];
  }
  return value;
}

/** /v1/images: upload, list, read, change, delete, sign. */
export function imagesRouter(ctx: AppContext): Router {
  const router = Router();
  const { images, config } = ctx;
  const tmpDir = path.join(config.dataDir, 'tmp');
  const taggingViews = async (list: readonly ImageRecord[]) =>
    ctx.tagging ? ctx.tagging.views(list) : new Map<string, TaggingView>();

  router
    .route('/')
    .post(requireScope('images:write'), async (req, res) => {
      const upload = await receiveUpload(req, {
        tmpDir,
        maxBytes: config.limits.maxUploadBytes,
        headBytes: SNIFF_BYTES,
      });
      let visibility: Visibility;
      let tags: string[];
      try {
        // Multipart carries options as form fields, raw uploads as query parameters.
        const source = Object.keys(upload.fields).length ? upload.fields : req.query;
        const v = single(source.visibility, 'visibility');
        visibility = v === undefined ? config.defaultVisibility : parseVisibility(v);
        tags = source.tags === undefined ? [] : parseTags(source.tags);
      } catch (err) {
        await upload.cleanup();
        throw err;
      }
      const result = await images.ingest(upload, { visibility, tags });
      const body = {
        ...presentImage(
          result.image,
          { baseUrl: baseUrl(ctx, req), includeLocation: true },
          (await taggingViews([result.image])).get(result.image.id),
        ),
        duplicate: result.duplicate,
      };
      res
        .status(result.duplicate ? 200 : 201)
        .location(`/v1/images/${result.image.id}`)
        .json(body);
    })
    .get(async (req, res) => {
      const canReadPrivate = hasScope(req.principal, 'images:read');
      const requested = single(req.query.visibility, 'visibility');
      const visibility = requested === undefined ? undefined : parseVisibility(requested);
      if (visibility === 'private' && !canReadPrivate) assertScope(req.principal, 'images:read', res);
      const cursor = single(req.query.cursor, 'cursor');
      if (cursor !== undefined && typeof cursor !== 'string') throw new AppError('INVALID_CURSOR');
      const page = await images.list({
        tags: req.query.tag === undefined ? undefined : parseTags(req.query.tag, 'tag'),
        visibility: canReadPrivate ? visibility : 'public',
        limit:
          req.query.limit === undefined
            ? 20
            : parseIntegerIn(single(req.query.limit, 'limit'), 'limit', 1, 100),
        cursor,
        minConfidence:
          req.query.min_confidence === undefined
            ? undefined
            : parseConfidence(single(req.query.min_confidence, 'min_confidence')),
        text: req.query.q === undefined ? undefined : parseSearchText(single(req.query.q, 'q')),
      });
      const base = baseUrl(ctx, req);
      const views = await taggingViews(page.items);
      res.json({
        items: page.items.map((i) =>
          presentImage(i, { baseUrl: base, includeLocation: canReadPrivate }, views.get(i.id)),
        ),
        nextCursor: page.nextCursor,
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'POST']));

  router
    .route('/:id')
    .get(async (req, res) => {
      const image = await images.get(parseImageId(req.params.id));
      if (image.visibility === 'private') assertScope(req.principal, 'images:read', res);
      res.json(
        presentImage(
          image,
          { baseUrl: baseUrl(ctx, req), includeLocation: hasScope(req.principal, 'images:read') },
          (await taggingViews([image])).get(image.id),
        ),
      );
    })
    .patch(requireScope('images:write'), json, async (req, res) => {
      const id = parseImageId(req.params.id);
      const body = assertOnlyKeys(req.body, ['tags', 'visibility']);
      const image = await images.update(id, {
        visibility: body.visibility === undefined ? undefined : parseVisibility(body.visibility),
        userTags: body.tags === undefined ? undefined : parseTags(body.tags),
      });
      res.json(
        presentImage(
          image,
          { baseUrl: baseUrl(ctx, req), includeLocation: true },
          (await taggingViews([image])).get(image.id),
        ),
      );
    })
    .delete(requireScope('images:delete'), async (req, res) => {
      await images.delete(parseImageId(req.params.id));
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'PATCH', 'DELETE']));

  router
    .route('/:id/signed-url')
    .post(requireScope('images:read'), json, async (req, res) => {
      const image = await images.get(parseImageId(req.params.id));
      const body = assertOnlyKeys(req.body ?? {}, ['expiresIn', 'options']);
      const ttl =
        body.expiresIn === undefined
          ? Math.min(3600, config.maxSignedUrlTtlSeconds)
          : parseIntegerIn(body.expiresIn, 'expiresIn', 1, config.maxSignedUrlTtlSeconds);
      const expiresAt = new Date(Date.now() + ttl * 1000);
      const pathname = `/i/${image.id}${signedOptionsSegment(body.options, config)}`;
      const params = signPath(pathname, expiresAt, config.signingKeys);
      res.status(201).json({
        url: `${baseUrl(ctx, req)}${pathname}?${toQueryString(params)}`,
        expiresAt: new Date(params.exp * 1000).toISOString(),
      });
    })
    .all(methodNotAllowed(['POST']));

  return router;
}
