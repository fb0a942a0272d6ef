import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db';
import type { Metrics } from '../metrics';
import type { BlobStore } from '../storage';
import { createTaggers } from './createTaggers';
import { BullTaggingQueue, InlineTaggingQueue } from './queue';
import { TaggingRunner } from './TaggingRunner';
import { TaggingService } from './TaggingService';
import type { TaggingQueue } from './types';

export interface CreateTaggingDeps {
  readonly db: Database;
  readonly store: BlobStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly onImageChanged: (imageId: string) => Promise<void>;
}

/**
 * The tagging backend chosen by `TAGGING_MODE`: `inline` runs taggers in this process behind a
 * bounded queue, `queue` only enqueues to Redis for `npm run worker`, `lambda` and `off` run
 * nothing here (images are still marked pending in `lambda` mode).
 */
export function createTagging(
  config: Pick<Config, 'tagging' | 'redisUrl'>,
  deps: CreateTaggingDeps,
): TaggingService {
  const { tagging } = config;
  const logger = deps.logger.child({ component: 'tagging' });
  const taggers = tagging.mode === 'off' ? [] : createTaggers(tagging, logger);
  let queue: TaggingQueue | undefined;
  if (tagging.mode === 'inline') {
    const runner = new TaggingRunner({ ...deps, logger, taggers });
    queue = new InlineTaggingQueue((job, attempt) => runner.run(job, attempt), {
      concurrency: tagging.concurrency,
      attempts: tagging.attempts,
      backoffMs: tagging.backoffMs,
      onError: (job, err, attempt) =>
        logger.debug({ err, imageId: job.imageId, attempt: attempt.number }, 'tagging attempt failed'),
    });
  } else if (tagging.mode === 'queue') {
    queue = new BullTaggingQueue({
      redisUrl: config.redisUrl!,
      queueName: tagging.queueName,
      attempts: tagging.attempts,
      backoffMs: tagging.backoffMs,
    });
  }
  return new TaggingService({
    mode: tagging.mode,
    db: deps.db,
    taggers,
    queue,
    logger,
    onImageChanged: deps.onImageChanged,
  });
}
