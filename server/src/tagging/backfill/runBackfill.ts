import type { Database } from '../../db';
import type { TaggingRunner } from '../TaggingRunner';
import { TaggingError } from '../TaggingError';
import type { Tagger } from '../types';
import type { RetagArgs } from './parseRetagArgs';

export interface BackfillProgress {
  start(total: number): void;
  increment(): void;
  stop(): void;
}

export interface BackfillResult {
  readonly processed: number;
  readonly failed: number;
}

/**
 * Re-runs taggers over the images that need it, one batch at a time in id order. Progress lives in
 * the database (an image done at the current version is not selected again), so an interrupted run
 * resumes where it stopped by running the same command. `--force` first marks every state of the
 * tagger pending, which is equally resumable.
 */
export async function runBackfill(
  args: RetagArgs,
  deps: { db: Database; runner: TaggingRunner; progress?: BackfillProgress },
): Promise<BackfillResult> {
  const { db, runner } = deps;
  const taggers: Tagger[] = args.taggers.map((name) => {
    const tagger = runner.taggers.find((t) => t.name === name);
    if (!tagger)
      throw new TaggingError('INVALID_ARGUMENTS', `Tagger ${name} is not enabled (TAGGERS)`, false);
    return tagger;
  });
  let processed = 0;
  let failed = 0;
  const runOne = async (imageId: string, tagger: Tagger) => {
    try {
      const report = await runner.run({ imageId, taggers: [tagger.name], force: args.force && !args.all });
      if (report.missing && !args.all)
        throw new TaggingError('IMAGE_NOT_FOUND', `No image has id ${imageId}`, false);
    } catch (err) {
      if (err instanceof TaggingError && err.code !== 'TAGGER_FAILED') throw err;
      failed++;
    } finally {
      processed++;
      deps.progress?.increment();
    }
  };

  if (!args.all) {
    deps.progress?.start(args.ids.length * taggers.length);
    for (const id of args.ids) for (const tagger of taggers) await runOne(id, tagger);
    deps.progress?.stop();
    return { processed, failed };
  }

  if (args.force) for (const tagger of taggers) await db.tagging.invalidate(tagger.name);
  let total = 0;
  for (const tagger of taggers) total += await db.tagging.countOutdated(tagger);
  deps.progress?.start(total);
  for (const tagger of taggers) {
    let afterId: string | undefined;
    for (;;) {
      const batch = await db.tagging.outdated(tagger, { afterId, limit: args.batchSize });
      if (batch.length === 0) break;
      let next = 0;
      const lanes = Array.from({ length: Math.min(args.concurrency, batch.length) }, async () => {
        while (next < batch.length) await runOne(batch[next++]!, tagger);
      });
      await Promise.all(lanes);
      afterId = batch.at(-1);
    }
  }
  deps.progress?.stop();
  return { processed, failed };
}
