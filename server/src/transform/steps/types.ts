import type { Sharp } from 'sharp';
import type { Transform } from '../types';

/** What the steps share: the sharp pipeline being built and the resolved transform. */
export interface PipelineContext {
  image: Sharp;
  readonly transform: Transform;
  /** Set when orientation and crop were already applied by a first pass (see renderTransform). */
  readonly preCropped: boolean;
}

/**
 * One concern of the pipeline. sharp builds lazily, so steps only describe work; pixels are
 * processed once, when the encoded output is requested.
 */
export type Step = (ctx: PipelineContext) => void;
