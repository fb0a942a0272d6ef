import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { readSignatureParams, verifyPath, assertScope } from '../auth';
import type { ImageRecord } from '../db';
import { AppError } from '../errors';
import { applyRange } from '../http/applyRange';
import { evaluateConditional, type Validators } from '../http/conditional';
import { BlobNotFoundError } from '../storage';
import { optionsFromQuery } from '../transform';
import { parseImageId } from '../validation';
import type { AppContext } from './context';
import { methodNotAllowed } from './methodNotAllowed';
import { searchParams, variantHandler } from './variants';

const ONE_YEAR = 31_536_000;

export type Access = { kind: 'public' } | { kind: 'key' } | { kind: 'signed'; expiresAt: number };

/** Strong validator of the served bytes: the original's hash, tagged when metadata was stripped. */
export function deliveryEtag(image: ImageRecord): string {
  if (image.deliveryKey === image.storageKey) return `"${image.sha256}"`;
  return `"${image.sha256}-${createHash('sha256').update(image.deliveryKey).digest('hex').slice(0, 12)}"`;
}

/**
 * Who may read, decided before anything is read from storage. A signature, when present, must be
 * valid for the request's path followed by `signedSuffix` (a query-form variant's options).
 */
export function decideAccess(
  ctx: AppContext,
  req: Request,
  res: Response,
  image: ImageRecord,
  signedSuffix = '',
): Access {
  const signature = readSignatureParams(req.query as Record<string, unknown>);
  if (signature === 'malformed')
    throw new AppError('INVALID_SIGNATURE', 'The signature parameters exp, kid and sig are malformed.');
  if (signature) {
    const pathname = new URL(req.originalUrl, 'http://localhost').pathname + signedSuffix;
    const check = verifyPath(pathname, signature, ctx.config.signingKeys, new Date());
    if (check === 'invalid') throw new AppError('INVALID_SIGNATURE');
    if (check === 'expired') throw new AppError('EXPIRED_SIGNATURE');
    return { kind: 'signed', expiresAt: signature.exp };
  }
  if (image.visibility === 'public') return { kind: 'public' };
  assertScope(req.principal, 'images:read', res);
  return { kind: 'key' };
}

/**
 * The headers every served image carries, original or variant: validators, caching by access,
 * hardening against the bytes being treated as a document, and the image id for CDN purges.
 * Returns the validators for the conditional request.
 */
export function setImageHeaders(res: Response, image: ImageRecord, access: Access, etag: string): Validators {
  res.set({
    ETag: etag,
    'Last-Modified': image.createdAt.toUTCString(),
    'Cache-Control': cacheControl(access, Date.now()),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Surrogate-Key': image.id,
  });
  return { etag, lastModified: image.createdAt };
}

/**
 * Private responses never enter shared caches: with a key they must be revalidated; with a
 * signed URL they may be reused by the browser until the signature expires.
 */
export function cacheControl(access: Access, now: number): string {
  switch (access.kind) {
    case 'public':
      return `public, max-age=${ONE_YEAR}, immutable`;
    case 'signed':
      return `private, max-age=${Math.max(0, access.expiresAt - Math.floor(now / 1000))}`;
    case 'key':
      return 'private, no-cache';
  }
}

/**
 * GET/HEAD /i/:id — the original bytes (metadata stripped as configured), streamed from storage;
 * with options in the query, a variant (routes/variants.ts).
 */
export function deliveryRouter(ctx: AppContext): Router {
  const router = Router();
  const variant = variantHandler(ctx);
  router
    .route('/:id')
    .get(async (req, res) => {
      const options = optionsFromQuery(searchParams(req));
      if (options !== undefined) return variant(req, res, options, true);
      const image = await ctx.images.get(parseImageId(req.params.id));
      const access = decideAccess(ctx, req, res, image);
      const validators = setImageHeaders(res, image, access, deliveryEtag(image));

      const outcome = evaluateConditional(validators, req.headers);
      if (outcome === 'not-modified') return void res.status(304).end();
      if (outcome === 'precondition-failed') throw new AppError('PRECONDITION_FAILED');

      res.type(image.contentType);
      const range = applyRange(req, res, validators, image.deliveryBytes);
      if (req.method === 'HEAD') return void res.end();

      let body;
      try {
        body = await ctx.store.get(image.deliveryKey, range);
      } catch (err) {
        if (err instanceof BlobNotFoundError) {
          req.log.error({ imageId: image.id, key: image.deliveryKey }, 'image row points at a missing blob');
          res.removeHeader('Content-Length');
          throw new AppError('NOT_FOUND', 'No image has this id.');
        }
        throw err;
      }
      try {
        await pipeline(body, res);
      } catch (err) {
        // A client that goes away mid-download is normal; anything else is logged.
        if (!res.writableEnded && !req.socket.destroyed)
          req.log.error({ err, imageId: image.id }, 'streaming failed');
      }
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  // Variants: GET/HEAD /i/:id/:options (see routes/variants.ts).
  router
    .route('/:id/:options')
    .get((req, res) => variant(req, res, String(req.params.options), false))
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
