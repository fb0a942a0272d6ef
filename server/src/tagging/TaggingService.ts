import type { Logger } from 'pino';
import {
  MAX_SIMILAR_DISTANCE,
  type Database,
  type ImageAnalysis,
  type ImageRecord,
  type TagCount,
  type TaggerState,
  type Visibility,
} from '../db';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Tagger, TaggerName, TaggingMode, TaggingQueue } from './types';

/** What an image's JSON says about tagging, moderation and placeholders. */
export interface TaggingView {
  tagging: {
    /** `failed` when any tagger failed, `pending` while any is pending, `done` when all are; `none` before any ran. */
    status: 'pending' | 'done' | 'failed' | 'none';
    taggers: {
      name: string;
      version: number;
      status: TaggerState['status'];
      attempts: number;
      error: string | null;
      updatedAt: string;
    }[];
  };
  moderation: ImageAnalysis['moderation'];
  placeholder: { blurhash: string } | null;
  palette: string[] | null;
}

export interface TaggingServiceDeps {
  readonly mode: TaggingMode;
  readonly db: Database;
  readonly taggers: readonly Tagger[];
  /** Absent in `lambda` and `off` modes: nothing is run from this process. */
  readonly queue?: TaggingQueue;
  readonly logger: Logger;
  /** Drops cached copies of an image whose visibility or tags changed here. */
  readonly onImageChanged: (imageId: string) => Promise<void>;
}

/**
 * The server's side of tagging: marks new images pending and queues them (never in the request
 * path: it listens to `image.uploaded`), re-tags on request, and reads tagging data for the API.
 */
export class TaggingService {
  constructor(private readonly deps: TaggingServiceDeps) {}

  get mode(): TaggingMode {
    return this.deps.mode;
  }

  /** Subscribes to uploads; returns the unsubscribe function. */
  listen(events: EventBus): () => void {
    return events.subscribe('image.uploaded', ({ image }) => this.onUploaded(image));
  }

  private async onUploaded(image: ImageRecord): Promise<void> {
    const { taggers, db, queue, mode } = this.deps;
    if (mode === 'off' || taggers.length === 0) return;
    // Pending first, so the image's JSON shows the work to come; never overwrites a fast Lambda's result.
    if (!(await db.tagging.markPending(image.id, taggers))) return;
    await queue?.enqueue({ imageId: image.id, taggers: taggers.map((t) => t.name) });
  }

  /**
   * Runs taggers again on one image (all enabled ones by default), even at the same version.
   * @throws AppError INVALID_PARAMETER for a tagger that is not enabled, NOT_FOUND, CONFLICT when
   *   this server does not run taggers itself (`lambda` or `off` mode).
   */
  async retag(imageId: string, names?: readonly string[]): Promise<void> {
    const { taggers, db, queue } = this.deps;
    const enabled = taggers.map((t) => t.name as string);
    for (const name of names ?? []) {
      if (!enabled.includes(name)) {
        throw new AppError(
          'INVALID_PARAMETER',
          `Expected tagger names among ${enabled.join(', ') || '(none enabled)'} for taggers but received ${JSON.stringify(name)}`,
          { extensions: { parameter: 'taggers' } },
        );
      }
    }
    if (!queue) {
      throw new AppError(
        'CONFLICT',
        `This server does not run taggers (TAGGING_MODE=${this.deps.mode}); use the retag command.`,
      );
    }
    const chosen = taggers.filter((t) => !names || names.includes(t.name));
    if (!(await db.tagging.markPending(imageId, chosen, { reset: true }))) {
      throw new AppError('NOT_FOUND', 'No image has this id.');
    }
    await queue.enqueue({ imageId, taggers: chosen.map((t) => t.name as TaggerName), force: true });
  }

  /** Tagging, moderation and placeholder data for each image, keyed by id. */
  async views(images: readonly ImageRecord[]): Promise<Map<string, TaggingView>> {
    const ids = images.map((i) => i.id);
    const [states, analyses] = await Promise.all([
      this.deps.db.tagging.states(ids),
      this.deps.db.tagging.analyses(ids),
    ]);
    return new Map(ids.map((id) => [id, toView(states.get(id) ?? [], analyses.get(id))]));
  }

  /** @throws AppError NOT_FOUND when the image has no such automatic tag. */
  async removeAutomaticTag(imageId: string, name: string, source?: string): Promise<void> {
    const removed = await this.deps.db.tagging.removeAutomaticTag(imageId, name, source);
    if (removed === 0) throw new AppError('NOT_FOUND', 'The image has no automatic tag with this name.');
    await this.deps.onImageChanged(imageId);
  }

  /** @throws AppError CONFLICT when the image is not held for moderation. */
  async approve(imageId: string): Promise<void> {
    if (!(await this.deps.db.tagging.approve(imageId))) {
      throw new AppError('CONFLICT', 'The image is not held for moderation.');
    }
    await this.deps.onImageChanged(imageId);
  }

  /**
   * Tag names with exact image counts, most used first. Read from counts the database keeps up to
   * date in the transactions that change tags and visibility (an index range, milliseconds at
   * 100,000 images), so nothing is cached here and a change shows at once.
   */
  tagCounts(query: {
    prefix?: string;
    source?: string;
    visibility?: Visibility;
    limit: number;
  }): Promise<TagCount[]> {
    return this.deps.db.tagging.tagCounts(query);
  }

  similar(imageId: string, options: { maxDistance: number; limit: number; visibility?: Visibility }) {
    return this.deps.db.tagging.similar(imageId, {
      ...options,
      maxDistance: Math.min(options.maxDistance, MAX_SIMILAR_DISTANCE),
    });
  }

  /** Waits for every job queued in this process (inline mode) to finish, retries included. */
  drain(): Promise<void> {
    return this.deps.queue?.drain() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.deps.queue?.close() ?? Promise.resolve();
  }
}

/** Pure: combines per-tagger states and analysis into the API shape. */
export function toView(states: readonly TaggerState[], analysis: ImageAnalysis | undefined): TaggingView {
  const status = states.some((s) => s.status === 'failed')
    ? 'failed'
    : states.some((s) => s.status === 'pending')
      ? 'pending'
      : states.length > 0
        ? 'done'
        : 'none';
  return {
    tagging: {
      status,
      taggers: states.map((s) => ({
        name: s.tagger,
        version: s.version,
        status: s.status,
        attempts: s.attempts,
        error: s.error,
        updatedAt: s.updatedAt.toISOString(),
      })),
    },
    moderation: analysis?.moderation ?? null,
    placeholder: analysis?.placeholder ? { blurhash: analysis.placeholder } : null,
    palette: analysis?.palette ?? null,
  };
}
