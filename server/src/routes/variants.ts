import type { Request, Response } from 'express';
import { hasScope } from '../auth';
import { AppError } from '../errors';
import { evaluateConditional, type Validators } from '../http/conditional';
import { canonicalize, canonicalString, checkTransformPolicy, parseTransform } from '../transform';
import { parseImageId } from '../validation';
import type { AppContext } from './context';
import { cacheControl, decideAccess } from './delivery';

/**
 * GET/HEAD /i/:id/:options — a variant of the image. Order of work: access and signature,
 * options syntax, policy (signing, presets-only, widths), canonicalisation against the image,
 * conditional request, and only then the cache layers and, last of all, a render.
 */
export function variantHandler(ctx: AppContext) {
  const { transform: settings } = ctx.config;
  const policy = {
    requireSignature: settings.requireSignature,
    presetsOnly: settings.presetsOnly,
    widths: settings.widths,
    presetNames: Object.keys(settings.presets),
  };
  const limits = { maxDimension: settings.maxDimension, maxFrames: ctx.config.limits.maxFrames };

  return async (req: Request, res: Response): Promise<void> => {
    const image = await ctx.images.get(parseImageId(req.params.id));
    const access = decideAccess(ctx, req, res, image);
    const parsed = parseTransform(String(req.params.options), settings.presets, limits);
    checkTransformPolicy(
      parsed,
      { signed: access.kind === 'signed', keyed: hasScope(req.principal, 'images:read') },
      policy,
    );
    const accept = req.headers.accept;
    const { transform, negotiated } = canonicalize(parsed.request, image, accept, limits);
    const canonical = canonicalString(transform);

    const variant = ctx.variants.address(image, transform, canonical);
    const validators: Validators = { etag: variant.etag, lastModified: image.createdAt };
    res.set({
      ETag: validators.etag,
      'Last-Modified': image.createdAt.toUTCString(),
      'Cache-Control': cacheControl(access, Date.now()),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Surrogate-Key': image.id,
      'Cache-Tag': image.id,
    });
    if (negotiated) res.setHeader('Vary', 'Accept');

    const outcome = evaluateConditional(validators, req.headers);
    if (outcome === 'not-modified') return void res.status(304).end();
    if (outcome === 'precondition-failed') throw new AppError('PRECONDITION_FAILED');

    const rendered = await ctx.variants.variant(image, transform, canonical);
    res
      .status(200)
      .type(rendered.contentType)
      .set({ 'Content-Length': String(rendered.data.length), 'X-Variant-Source': rendered.servedBy });
    if (req.method === 'HEAD') return void res.end();
    res.end(rendered.data);
  };
}
