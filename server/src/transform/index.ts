/**
 * Image transformations: the URL options grammar, canonicalisation, format negotiation and the
 * sharp pipeline. Everything here except {@link renderTransform} is pure.
 */
export { isOptionName, parseTransform, type Presets, type ParseLimits } from './parseTransform';
export { optionsFromQuery } from './optionsFromQuery';
export { canonicalize, canonicalString, DEFAULT_BACKGROUND, type Canonicalized } from './canonicalize';
export { negotiateFormat } from './negotiateFormat';
export { checkTransformPolicy, type TransformCaller, type TransformPolicy } from './checkTransformPolicy';
export { DEFAULT_PRESETS, parsePresets } from './presets';
export { renderTransform, type RenderLimits, type RenderedImage } from './renderTransform';
export { OUTPUT_CONTENT_TYPES, OUTPUT_FORMATS, SUPPORTS_ALPHA, SUPPORTS_ANIMATION } from './formats';
export type * from './types';
