import type { ImageRecord, TaggerOutcome } from '../db';

/** What a tagger gets: the stored record and the original's bytes. */
export interface TaggerInput {
  readonly image: ImageRecord;
  readonly bytes: Buffer;
}

/**
 * One kind of automatic tags. `name` is the tag source written with its tags; `version` changes
 * whenever its output would change for the same image (new model, new rules), which is what the
 * backfill command looks for.
 */
export interface Tagger {
  readonly name: TaggerName;
  readonly version: number;
  /** Tags with confidences in 0…1, plus non-tag findings. Throws when the image cannot be analysed. */
  tag(input: TaggerInput): Promise<TaggerOutcome>;
}

export const TAGGER_NAMES = ['basic', 'exif', 'colour', 'hashes', 'labels', 'moderation'] as const;
export type TaggerName = (typeof TAGGER_NAMES)[number];

/** A unit of work on any backend: run these taggers on this image. */
export interface TaggingJob {
  readonly imageId: string;
  readonly taggers: readonly TaggerName[];
  /** Run even when the tagger is already done at its current version. */
  readonly force?: boolean;
}

/** Where tagging jobs wait. Enqueueing never waits for the job to run. */
export interface TaggingQueue {
  readonly kind: 'inline' | 'queue';
  enqueue(job: TaggingJob): Promise<void>;
  /** Resolves when every job enqueued so far has finished, retries included (inline; tests). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export type TaggingMode = 'inline' | 'queue' | 'lambda' | 'off';
export type ModerationPolicy = 'tag' | 'hold';

/** Tagging settings from the server configuration. */
export interface TaggingConfig {
  readonly mode: TaggingMode;
  readonly taggers: readonly TaggerName[];
  /** Jobs run at once per process (inline queue or worker). */
  readonly concurrency: number;
  /** Tries per job before the image is marked failed. */
  readonly attempts: number;
  /** First retry delay; doubles on each retry. */
  readonly backoffMs: number;
  /** BullMQ queue name (queue mode). */
  readonly queueName: string;
  readonly moderationPolicy: ModerationPolicy;
  /** Probability of explicit content from which an image is flagged. */
  readonly moderationThreshold: number;
}
