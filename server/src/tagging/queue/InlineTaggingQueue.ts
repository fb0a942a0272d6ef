import type { Attempt } from '../TaggingRunner';
import { TaggingError } from '../TaggingError';
import type { TaggingJob, TaggingQueue } from '../types';

export interface InlineQueueOptions {
  readonly concurrency: number;
  readonly attempts: number;
  readonly backoffMs: number;
  /** Called with the error of an attempt that failed (every failure is already recorded by the runner). */
  readonly onError: (job: TaggingJob, err: unknown, attempt: Attempt) => void;
}

interface Entry {
  readonly job: TaggingJob;
  readonly attempt: number;
}

/**
 * In-process queue with bounded concurrency and exponential backoff between attempts: the embedded
 * default. Jobs live in memory, so a restart loses the queue (the images stay `pending`; the retag
 * command picks them up). Use the `queue` backend where that matters.
 */
export class InlineTaggingQueue implements TaggingQueue {
  readonly kind = 'inline' as const;
  private readonly waiting: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly run: (job: TaggingJob, attempt: Attempt) => Promise<unknown>,
    private readonly options: InlineQueueOptions,
  ) {}

  async enqueue(job: TaggingJob): Promise<void> {
    if (this.closed) return;
    this.waiting.push({ job, attempt: 1 });
    this.pump();
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking work, drops waiting jobs and retries, and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.drain();
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.running++;
      void this.execute(entry).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async execute({ job, attempt }: Entry): Promise<void> {
    const final = attempt >= this.options.attempts;
    try {
      await this.run(job, { number: attempt, final });
    } catch (err) {
      this.options.onError(job, err, { number: attempt, final });
      const retryable = !(err instanceof TaggingError) || err.retryable;
      if (final || !retryable || this.closed) return;
      const delay = this.options.backoffMs * 2 ** (attempt - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.closed) return;
        this.waiting.push({ job, attempt: attempt + 1 });
        this.pump();
      }, delay);
      this.timers.add(timer);
    }
  }

  private isIdle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }
}
