import express, { Router } from 'express';
import { hasScope, requireScope } from '../auth';
import { AppError } from '../errors';
import type { TaggingService } from '../tagging';
import { assertOnlyKeys, invalid, parseImageId, parseIntegerIn, parseTaggerNames } from '../validation';
import { baseUrl, type AppContext } from './context';
import { methodNotAllowed } from './methodNotAllowed';
import { presentImage } from './present';

const json = express.json({ limit: '4kb' });

function single(value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    if (value.length > 1) throw invalid(name, 'a single value', value);
    return value[0];
  }
  return value;
}

function requireTagging(ctx: AppContext): TaggingService {
  if (!ctx.tagging) throw new AppError('NOT_FOUND', 'Tagging is not available on this server.');
  return ctx.tagging;
}

/** `GET /v1/tags`: tag names with image counts, most used first. */
export function tagsRouter(ctx: AppContext): Router {
  const router = Router();
  router
    .route('/')
    .get(async (req, res) => {
      const prefix = single(req.query.prefix, 'prefix');
      if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > 64)) {
        throw invalid('prefix', 'text of at most 64 characters', prefix);
      }
      const source = single(req.query.source, 'source');
      if (
        source !== undefined &&
        (typeof source !== 'string' || !/^[a-z0-9][a-z0-9._:-]{0,31}$/.test(source))
      ) {
        throw invalid('source', 'a tag source such as user or labels', source);
      }
      const limit =
        req.query.limit === undefined
          ? 100
          : parseIntegerIn(single(req.query.limit, 'limit'), 'limit', 1, 1000);
      const tags = await requireTagging(ctx).tagCounts({
        prefix: prefix?.toLowerCase(),
        source,
        // Tags of private images reveal what they show: count them only for readers of private images.
        visibility: hasScope(req.principal, 'images:read') ? undefined : 'public',
        limit,
      });
      res.json({ items: tags });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}

/** Tagging routes under `/v1/images/:id`: similar, retag, approve, removing an automatic tag. */
export function imageTaggingRouter(ctx: AppContext): Router {
  const router = Router();

  router
    .route('/:id/similar')
    .get(async (req, res) => {
      const image = await ctx.images.get(parseImageId(req.params.id));
      const canReadPrivate = hasScope(req.principal, 'images:read');
      if (image.visibility === 'private' && !canReadPrivate)
        throw new AppError('NOT_FOUND', 'No image has this id.');
      const maxDistance =
        req.query.max_distance === undefined
          ? 6
          : parseIntegerIn(single(req.query.max_distance, 'max_distance'), 'max_distance', 0, 7);
      const limit =
        req.query.limit === undefined
          ? 20
          : parseIntegerIn(single(req.query.limit, 'limit'), 'limit', 1, 100);
      const tagging = requireTagging(ctx);
      const found = await tagging.similar(image.id, {
        maxDistance,
        limit,
        visibility: canReadPrivate ? undefined : 'public',
      });
      const images = (await Promise.all(found.map((f) => ctx.db.images.findById(f.id)))).filter(
        (i) => i !== undefined,
      );
      const views = await tagging.views(images);
      const base = baseUrl(ctx, req);
      res.json({
        items: images.map((i) => ({
          distance: found.find((f) => f.id === i.id)!.distance,
          image: presentImage(i, { baseUrl: base, includeLocation: canReadPrivate }, views.get(i.id)),
        })),
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));

  router
    .route('/:id/retag')
    .post(requireScope('images:write'), json, async (req, res) => {
      const id = parseImageId(req.params.id);
      const body = assertOnlyKeys(req.body ?? {}, ['taggers']);
      const taggers = body.taggers === undefined ? undefined : parseTaggerNames(body.taggers);
      const tagging = requireTagging(ctx);
      await tagging.retag(id, taggers);
      const view = (await tagging.views([await ctx.images.get(id)])).get(id)!;
      res.status(202).json({ id, tagging: view.tagging });
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/:id/approve')
    .post(requireScope('admin'), async (req, res) => {
      const id = parseImageId(req.params.id);
      await ctx.images.get(id);
      await requireTagging(ctx).approve(id);
      const image = await ctx.images.get(id);
      const view = (await requireTagging(ctx).views([image])).get(id);
      res.json(presentImage(image, { baseUrl: baseUrl(ctx, req), includeLocation: true }, view));
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/:id/tags/:name')
    .delete(requireScope('images:write'), async (req, res) => {
      const id = parseImageId(req.params.id);
      await ctx.images.get(id);
      const source = single(req.query.source, 'source');
      if (
        source !== undefined &&
        (typeof source !== 'string' || source === 'user' || !/^[a-z0-9._:-]{1,32}$/.test(source))
      ) {
        throw invalid('source', 'the source of an automatic tag, such as labels', source);
      }
      await requireTagging(ctx).removeAutomaticTag(id, String(req.params.name), source);
      res.status(204).end();
    })
    .all(methodNotAllowed(['DELETE']));

  return router;
}
