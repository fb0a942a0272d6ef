import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TaggingJob, TaggingQueue } from '../types';

/** Redis key prefix of every tagging queue. */
export const QUEUE_PREFIX = 'imageserver';

export interface BullQueueOptions {
  readonly redisUrl: string;
  readonly queueName: string;
  readonly attempts: number;
  readonly backoffMs: number;
}

/** A Redis connection as BullMQ wants it: commands wait for reconnection instead of failing. */
export function bullConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null });
}

/**
 * Durable queue on Redis (BullMQ): jobs survive restarts of the server and of the workers, retry
 * with exponential backoff, and a job whose worker died is taken over by another once its lock
 * expires. The server only enqueues; `npm run worker` processes.
 */
export class BullTaggingQueue implements TaggingQueue {
  readonly kind = 'queue' as const;
  private readonly connection: Redis;
  readonly queue: Queue;

  constructor(private readonly options: BullQueueOptions) {
    this.connection = bullConnection(options.redisUrl);
    this.queue = new Queue(options.queueName, { connection: this.connection, prefix: QUEUE_PREFIX });
  }

  async enqueue(job: TaggingJob): Promise<void> {
    await this.queue.add('tag', job, {
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    });
  }

  /** The queue belongs to the workers; nothing runs here. */
  async drain(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
