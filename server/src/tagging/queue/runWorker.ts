import type { Logger } from 'pino';
import type { Config } from '../../config';
import { openTaggingDeps } from '../openTaggingDeps';
import type { Tagger } from '../types';
import { startTaggingWorker } from './startTaggingWorker';

export interface RunningWorker {
  /** Stops taking jobs, lets running ones finish, closes connections. */
  stop(): Promise<void>;
}

/**
 * The `queue` mode worker process: takes tagging jobs from Redis and writes results through the
 * server's database layer. Scales apart from serving: run as many as the models' memory allows.
 * @throws ConfigError-like Error when TAGGING_MODE is not `queue` or REDIS_URL is missing.
 */
export async function runWorker(
  config: Config,
  options: {
    logger: Logger;
    taggers?: readonly Tagger[];
    lockDurationMs?: number;
    stalledIntervalMs?: number;
  },
): Promise<RunningWorker> {
  if (config.tagging.mode !== 'queue' || !config.redisUrl) {
    throw new Error('The tagging worker needs TAGGING_MODE=queue and REDIS_URL');
  }
  const deps = await openTaggingDeps(config, options);
  const worker = startTaggingWorker({
    redisUrl: config.redisUrl,
    queueName: config.tagging.queueName,
    concurrency: config.tagging.concurrency,
    runner: deps.runner,
    db: deps.db,
    logger: options.logger,
    lockDurationMs: options.lockDurationMs,
    stalledIntervalMs: options.stalledIntervalMs,
  });
  await worker.worker.waitUntilReady();
  options.logger.info(
    {
      queue: config.tagging.queueName,
      taggers: deps.runner.taggers.map((t) => t.name),
      concurrency: config.tagging.concurrency,
    },
    'tagging worker started',
  );
  return {
    async stop() {
      await worker.close();
      await deps.close();
    },
  };
}
