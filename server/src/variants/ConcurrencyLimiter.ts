import { AppError } from '../errors';
import type { Metrics } from '../metrics';

export interface ConcurrencyLimiterOptions {
  readonly concurrency: number;
  /** Tasks that may wait; one more is refused at once. */
  readonly queueSize: number;
  /** Longest wait for a slot. */
  readonly queueTimeoutMs: number;
  readonly metrics: Pick<Metrics, 'transformQueueDepth' | 'transformsRunning' | 'transformRejections'>;
}

interface Waiter {
  readonly resolve: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Runs at most `concurrency` tasks at once; others wait briefly in a bounded FIFO queue. When
 * the queue is full, or a wait outlasts `queueTimeoutMs`, the task is refused with OVERLOADED
 * (503 with Retry-After) rather than piling decoded images into memory.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: Waiter[] = [];
  /** Moving average of task durations, for Retry-After; one second until measured. */
  private meanTaskMs = 1000;

  constructor(private readonly options: ConcurrencyLimiterOptions) {}

  /** @throws AppError OVERLOADED when no slot frees up in time */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.options.concurrency) this.running++;
    else await this.waitForSlot();
    this.options.metrics.transformsRunning.set(this.running);
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.meanTaskMs = 0.8 * this.meanTaskMs + 0.2 * (performance.now() - started);
      this.release();
    }
  }

  /** Seconds until the work ahead of a new task, at the recent pace, should be done (1 to 60). */
  retryAfterSeconds(): number {
    const ahead = this.queue.length + this.running;
    const seconds = (ahead * this.meanTaskMs) / this.options.concurrency / 1000;
    return Math.min(60, Math.max(1, Math.ceil(seconds)));
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private waitForSlot(): Promise<void> {
    const { metrics, queueSize, queueTimeoutMs } = this.options;
    if (this.queue.length >= queueSize) {
      metrics.transformRejections.inc({ reason: 'queue_full' });
      return Promise.reject(
        new AppError('OVERLOADED', 'Too many transformations are waiting; retry later.', {
          retryAfterSeconds: this.retryAfterSeconds(),
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          metrics.transformQueueDepth.set(this.queue.length);
          metrics.transformRejections.inc({ reason: 'queue_timeout' });
          reject(
            new AppError('OVERLOADED', 'No transformation slot became free in time; retry later.', {
              retryAfterSeconds: this.retryAfterSeconds(),
            }),
          );
        }, queueTimeoutMs),
      };
      this.queue.push(waiter);
      metrics.transformQueueDepth.set(this.queue.length);
    });
  }

  /** Hands the slot to the next waiter, or frees it. */
  private release(): void {
    const next = this.queue.shift();
    this.options.metrics.transformQueueDepth.set(this.queue.length);
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    } else {
      this.running--;
      this.options.metrics.transformsRunning.set(this.running);
    }
  }
}
