import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database, ImageRecord } from '../db';
import type { Metrics } from '../metrics';
import { BlobNotFoundError, type BlobStore } from '../storage';
import { TaggingError } from './TaggingError';
import type { Tagger, TaggingJob } from './types';

export interface TaggingRunnerDeps {
  readonly db: Database;
  readonly store: BlobStore;
  readonly taggers: readonly Tagger[];
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Called after an image's tags, visibility or analysis changed (cache invalidation). */
  readonly onImageChanged?: (imageId: string) => Promise<void>;
}

export interface Attempt {
  /** 1 for the first try. */
  readonly number: number;
  /** No retry follows: failures are recorded as `failed`. */
  readonly final: boolean;
}

export interface RunReport {
  readonly imageId: string;
  readonly done: string[];
  readonly skipped: string[];
  readonly failed: { tagger: string; error: string }[];
  /** The image was deleted before its turn: nothing to do. */
  readonly missing: boolean;
}

/**
 * Runs taggers on one image and stores what they found: the same code behind every backend
 * (inline queue, BullMQ worker, Lambda, backfill). Each tagger's result or failure is recorded on
 * its own; a failure of one never discards another's result.
 */
export class TaggingRunner {
  private readonly byName: Map<string, Tagger>;

  constructor(private readonly deps: TaggingRunnerDeps) {
    this.byName = new Map(deps.taggers.map((t) => [t.name, t]));
  }

  get taggers(): readonly Tagger[] {
    return this.deps.taggers;
  }

  /**
   * @throws TaggingError INVALID_JOB (not retryable) for a tagger that is not enabled here.
   * @throws TaggingError TAGGER_FAILED (retryable unless `attempt.final`) when a tagger failed; the
   *   failures are already recorded (pending with the error, or failed on the final attempt).
   */
  async run(job: TaggingJob, attempt: Attempt = { number: 1, final: true }): Promise<RunReport> {
    const unknown = job.taggers.filter((name) => !this.byName.has(name));
    if (unknown.length > 0) {
      throw new TaggingError('INVALID_JOB', `Tagger not enabled here: ${unknown.join(', ')}`, false);
    }
    const { db, logger } = this.deps;
    const image = await db.images.findById(job.imageId);
    const report: RunReport = { imageId: job.imageId, done: [], skipped: [], failed: [], missing: !image };
    if (!image) return report;

    const states = (await db.tagging.states([image.id])).get(image.id) ?? [];
    const todo = job.taggers
      .map((name) => this.byName.get(name)!)
      .filter((tagger) => {
        const state = states.find((s) => s.tagger === tagger.name);
        const current = state?.status === 'done' && state.version === tagger.version;
        if (current && !job.force) report.skipped.push(tagger.name);
        return !current || job.force;
      });
    if (todo.length === 0) return report;

    let bytes: Buffer;
    try {
      bytes = await readAll(await this.deps.store.get(image.storageKey));
    } catch (err) {
      const error =
        err instanceof BlobNotFoundError
          ? new TaggingError(
              'BLOB_NOT_FOUND',
              `The original of image ${image.id} is missing from storage`,
              true,
              {
                cause: err,
              },
            )
          : err;
      await this.recordFailures(image, todo, error, attempt, report);
      throw this.failure(report, error);
    }

    let changed = false;
    for (const tagger of todo) {
      const stop = this.deps.metrics?.taggingDuration.startTimer({ tagger: tagger.name });
      try {
        const outcome = await tagger.tag({ image, bytes });
        const stored = await db.tagging.recordResult(image.id, tagger, outcome);
        stop?.({ outcome: 'ok' });
        if (!stored) return { ...report, missing: true };
        changed = true;
        report.done.push(tagger.name);
        if (stored.held) logger.warn({ imageId: image.id }, 'image held for moderation');
      } catch (err) {
        stop?.({ outcome: 'error' });
        await this.recordFailures(image, [tagger], err, attempt, report);
      }
    }
    if (changed) await this.deps.onImageChanged?.(image.id);
    if (report.failed.length > 0) throw this.failure(report);
    return report;
  }

  private async recordFailures(
    image: ImageRecord,
    taggers: readonly Tagger[],
    err: unknown,
    attempt: Attempt,
    report: RunReport,
  ): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    for (const tagger of taggers) {
      report.failed.push({ tagger: tagger.name, error: message });
      this.deps.logger.warn(
        { err, imageId: image.id, tagger: tagger.name, attempt: attempt.number, final: attempt.final },
        'tagger failed',
      );
      await this.deps.db.tagging.recordFailure(image.id, tagger, message, { final: attempt.final });
    }
  }

  private failure(report: RunReport, cause?: unknown): TaggingError {
    const list = report.failed.map((f) => `${f.tagger}: ${f.error}`).join('; ');
    return new TaggingError('TAGGER_FAILED', `Tagging image ${report.imageId} failed (${list})`, true, {
      cause,
    });
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
