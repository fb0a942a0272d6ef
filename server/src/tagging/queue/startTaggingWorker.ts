import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../../db';
import { parseTaggingJob } from '../parseTaggingJob';
import { TaggingError } from '../TaggingError';
import type { TaggingRunner } from '../TaggingRunner';
import type { TaggerName } from '../types';
import { bullConnection, QUEUE_PREFIX } from './BullTaggingQueue';

export interface TaggingWorkerOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  readonly concurrency: number;
  readonly runner: TaggingRunner;
  readonly db: Database;
  readonly logger: Logger;
  /** How long a job stays locked without a heartbeat before another worker takes it over. */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
}

export interface TaggingWorker {
  readonly worker: Worker;
  /** Finishes running jobs (their locks are released), then disconnects. */
  close(): Promise<void>;
}

/**
 * Processes the tagging queue. A malformed job fails at once (no retry); a failing tagger is
 * retried with backoff and marked failed after the last attempt; a job whose process died is
 * retried by another worker (stalled-job recovery), and when even that runs out, the images'
 * taggers are marked failed so nothing stays `pending` forever.
 */
export function startTaggingWorker(options: TaggingWorkerOptions): TaggingWorker {
  const { runner, logger } = options;
  const enabled = runner.taggers.map((t) => t.name) as TaggerName[];
  const connection = bullConnection(options.redisUrl);
  const worker = new Worker(
    options.queueName,
    async (job: Job) => {
      let parsed;
      try {
        parsed = parseTaggingJob(job.data, enabled);
      } catch (err) {
        throw new UnrecoverableError((err as Error).message);
      }
      const attempts = job.opts.attempts ?? 1;
      try {
        return await runner.run(parsed, {
          number: job.attemptsMade + 1,
          final: job.attemptsMade + 1 >= attempts,
        });
      } catch (err) {
        if (err instanceof TaggingError && !err.retryable) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? 60_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 1,
    },
  );
  worker.on('failed', (job, err) => {
    logger.warn({ err, jobId: job?.id, data: job?.data }, 'tagging job failed');
    // Stalled too often (the worker process kept dying on it): the runner never got to record it.
    if (job && /stalled/i.test(err.message)) void markStalledFailed(options.db, job, enabled, logger);
  });
  worker.on('error', (err) => logger.error({ err }, 'tagging worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

async function markStalledFailed(
  db: Database,
  job: Job,
  enabled: TaggerName[],
  logger: Logger,
): Promise<void> {
  try {
    const parsed = parseTaggingJob(job.data, enabled);
    const states = (await db.tagging.states([parsed.imageId])).get(parsed.imageId) ?? [];
    for (const name of parsed.taggers) {
      const state = states.find((s) => s.tagger === name);
      if (state && state.status !== 'done') {
        await db.tagging.recordFailure(
          parsed.imageId,
          { name, version: state.version },
          'the worker stopped while tagging this image, too often',
          {
            final: true,
          },
        );
      }
    }
  } catch (err) {
    logger.error({ err, jobId: job.id }, 'could not record a stalled tagging job as failed');
  }
}
