import { colour } from './colour';
import { crop } from './crop';
import { effects } from './effects';
import { encode } from './encode';
import { orient } from './orient';
import { resize } from './resize';
import { rotateAndMirror } from './rotateAndMirror';
import type { Step } from './types';

/** The pipeline, in the order the URL grammar defines: orient, crop, rotate/mirror, resize, effects, colour, encode. */
export const STEPS: readonly Step[] = [orient, crop, rotateAndMirror, resize, effects, colour, encode];
export type { PipelineContext, Step } from './types';
