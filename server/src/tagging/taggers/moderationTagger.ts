import type { Logger } from 'pino';
import { lazyModel, loadTfjs } from '../tfjs';
import type { ModerationPolicy, Tagger } from '../types';
import { squashedRgb } from './squashedRgb';

/** Input side of the NSFWJS MobileNetV2 model. */
const INPUT_SIZE = 224;

export interface ModerationDecision {
  flagged: boolean;
  tags: { name: string; confidence: number }[];
}

/**
 * Pure policy on the model's class probabilities: explicit content (porn + hentai) at or above
 * the threshold flags the image and tags it `nsfw`; suggestive content (sexy) above it only tags
 * it `suggestive`.
 */
export function decideModeration(scores: Record<string, number>, threshold: number): ModerationDecision {
  const explicit = (scores.porn ?? 0) + (scores.hentai ?? 0);
  const tags: { name: string; confidence: number }[] = [];
  if (explicit >= threshold) tags.push({ name: 'nsfw', confidence: round(Math.min(1, explicit)) });
  if ((scores.sexy ?? 0) >= threshold) tags.push({ name: 'suggestive', confidence: round(scores.sexy!) });
  return { flagged: explicit >= threshold, tags };
}

/**
 * NSFW classification with nsfwjs (its MobileNetV2 model is bundled inside the package, so it
 * loads without network). With the `hold` policy a flagged image becomes private until an admin
 * approves it; with `tag` it is only tagged. Scores are kept in the image's moderation metadata.
 */
export function createModerationTagger(options: {
  policy: ModerationPolicy;
  threshold: number;
  logger?: Logger;
}): Tagger {
  const model = lazyModel('nsfwjs-mobilenet_v2', options.logger, async () => {
    await loadTfjs();
    const nsfwjs = await import('nsfwjs');
    return nsfwjs.load('MobileNetV2');
  });
  return {
    name: 'moderation',
    version: 1,
    async tag({ bytes }) {
      const [classifier, tf] = await Promise.all([model(), loadTfjs()]);
      const pixels = await squashedRgb(bytes, INPUT_SIZE);
      const input = tf.tensor3d(pixels, [INPUT_SIZE, INPUT_SIZE, 3], 'int32');
      let predictions;
      try {
        predictions = await classifier.classify(input, 5);
      } finally {
        input.dispose();
      }
      const scores = Object.fromEntries(
        predictions.map((p) => [p.className.toLowerCase(), round(p.probability)]),
      );
      const decision = decideModeration(scores, options.threshold);
      return {
        tags: decision.tags,
        analysis: { moderation: { flagged: decision.flagged, hold: options.policy === 'hold', scores } },
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
