import { TAGGER_NAMES, type TaggerName, type TaggingJob } from './types';
import { TaggingError } from './TaggingError';

const ID = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * Validates a job read from a queue (it may come from another version of the server or be forged).
 * @throws TaggingError INVALID_JOB, not retryable, naming the first problem.
 */
export function parseTaggingJob(data: unknown, allowed: readonly TaggerName[] = TAGGER_NAMES): TaggingJob {
  const invalid = (detail: string) =>
    new TaggingError('INVALID_JOB', `Invalid tagging job: ${detail}`, false);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(`expected an object but received ${data === null ? 'null' : typeof data}`);
  }
  const { imageId, taggers, force } = data as Record<string, unknown>;
  if (typeof imageId !== 'string' || !ID.test(imageId)) {
    throw invalid(`expected an image id for imageId but received ${JSON.stringify(imageId)}`);
  }
  if (!Array.isArray(taggers) || taggers.length === 0) {
    throw invalid('expected a non-empty list of tagger names for taggers');
  }
  for (const name of taggers) {
    if (!allowed.includes(name as TaggerName)) {
      throw invalid(`unknown or disabled tagger ${JSON.stringify(name)} (enabled: ${allowed.join(', ')})`);
    }
  }
  if (force !== undefined && typeof force !== 'boolean') throw invalid('expected true or false for force');
  return { imageId, taggers: [...new Set(taggers as TaggerName[])], force: force === true };
}
