import type { Request, Response } from 'express';
import { hasScope } from '../auth';
import { AppError } from '../errors';
import { applyRange } from '../http/applyRange';
import { evaluateConditional } from '../http/conditional';
import {
  canonicalize,
  canonicalString,
  checkTransformPolicy,
  optionsFromQuery,
  parseTransform,
} from '../transform';
import { parseImageId } from '../validation';
import type { AppContext } from './context';
import { decideAccess, setImageHeaders } from './delivery';

/** The request's query string, as parsed by the URL standard (repeated names kept). */
export function searchParams(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://localhost').searchParams;
}

/**
 * A variant of the image: GET/HEAD /i/:id/:options, or the query form /i/:id?w=800&f=auto (see
 * optionsFromQuery). Order of work: access and signature, options syntax, policy (signing,
 * presets-only, widths), canonicalisation against the image, conditional request, and only then
 * the cache layers and, last of all, a render.
 */
export function variantHandler(ctx: AppContext) {
  const { transform: settings } = ctx.config;
  const policy = {
    requireSignature: settings.requireSignature,
    presetsOnly: settings.presetsOnly,
    widths: settings.widths,
    presetNames: Object.keys(settings.presets),
  };
  const limits = {
    maxDimension: settings.maxDimension,
    maxFrames: ctx.config.limits.maxFrames,
    maxPixels: ctx.config.limits.maxPixels,
  };

  /** `segment` comes from the path, or from the query when `inQuery`. */
  return async (req: Request, res: Response, segment: string, inQuery: boolean): Promise<void> => {
    const image = await ctx.images.get(parseImageId(req.params.id));
    if (!inQuery && optionsFromQuery(searchParams(req)) !== undefined)
      throw new AppError('INVALID_TRANSFORM', 'Give options in the path or in the query, not both.', {
        extensions: { option: 'options' },
      });
    // A query-form URL is signed as its path form, so one signature serves both.
    const access = decideAccess(ctx, req, res, image, inQuery ? `/${segment}` : '');
    const parsed = parseTransform(segment, settings.presets, limits);
    checkTransformPolicy(
      parsed,
      { signed: access.kind === 'signed', keyed: hasScope(req.principal, 'images:read') },
      policy,
    );
    const accept = req.headers.accept;
    const { transform, negotiated } = canonicalize(parsed.request, image, accept, limits);
    const canonical = canonicalString(transform);

    const variant = ctx.variants.address(image, transform, canonical);
    const validators = setImageHeaders(res, image, access, variant.etag);
    res.setHeader('Cache-Tag', image.id);
    if (negotiated) res.setHeader('Vary', 'Accept');

    const outcome = evaluateConditional(validators, req.headers);
    if (outcome === 'not-modified') return void res.status(304).end();
    if (outcome === 'precondition-failed') throw new AppError('PRECONDITION_FAILED');

    const rendered = await ctx.variants.variant(image, transform, canonical);
    res.type(rendered.contentType).setHeader('X-Variant-Source', rendered.servedBy);
    const range = applyRange(req, res, validators, rendered.data.length);
    if (req.method === 'HEAD') return void res.end();
    res.end(range ? rendered.data.subarray(range.start, range.end + 1) : rendered.data);
  };
}
