import type { TaggingConfig } from './types';

/**
 * Whether new images wait, private, for moderation before they get the visibility they asked for:
 * with the `hold` policy, when this server's tagging runs the moderation tagger. Otherwise an
 * image would be public until the tagger caught up, or held for a tagger that never runs. Pure.
 */
export function holdsUploads(tagging: Pick<TaggingConfig, 'mode' | 'taggers' | 'moderationPolicy'>): boolean {
  return (
    tagging.moderationPolicy === 'hold' && tagging.mode !== 'off' && tagging.taggers.includes('moderation')
  );
}
