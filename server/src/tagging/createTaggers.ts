import type { Logger } from 'pino';
import {
  createBasicTagger,
  createColourTagger,
  createExifTagger,
  createHashesTagger,
  createLabelsTagger,
  createModerationTagger,
} from './taggers';
import type { Tagger, TaggingConfig } from './types';

/**
 * The enabled taggers, in configuration order. Creating them is cheap: models load on first use.
 */
export function createTaggers(
  config: Pick<TaggingConfig, 'taggers' | 'moderationPolicy' | 'moderationThreshold'>,
  logger?: Logger,
): Tagger[] {
  return config.taggers.map((name) => {
    switch (name) {
      case 'basic':
        return createBasicTagger();
      case 'exif':
        return createExifTagger();
      case 'colour':
        return createColourTagger();
      case 'hashes':
        return createHashesTagger();
      case 'labels':
        return createLabelsTagger({ logger });
      case 'moderation':
        return createModerationTagger({
          policy: config.moderationPolicy,
          threshold: config.moderationThreshold,
          logger,
        });
    }
  });
}
