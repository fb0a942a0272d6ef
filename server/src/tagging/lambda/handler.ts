import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../logging/logger';
import type { BlobStore } from '../../storage';
import { openTaggingDeps, type TaggingDeps } from '../openTaggingDeps';
import { TaggingError } from '../TaggingError';
import type { RunReport } from '../TaggingRunner';
import { originalSha256, parseS3Event } from './parseS3Event';

export interface LambdaResult {
  readonly tagged: RunReport[];
  /** Objects that are not originals (delivery copies, variants) or belong to another bucket. */
  readonly ignored: string[];
}

/**
 * Builds the S3 `ObjectCreated` handler. It runs the same taggers and runner as the server and
 * writes through the server's database layer (one owner of the metadata schema and its rules).
 * An original whose row is not there yet (blobs are written before rows) throws IMAGE_NOT_FOUND
 * so that Lambda's retry comes back later.
 */
export function createLambdaHandler(
  open: () => Promise<{ config: Config; deps: TaggingDeps; logger: Logger }>,
) {
  let opened: ReturnType<typeof open> | undefined;
  return async (event: unknown): Promise<LambdaResult> => {
    const objects = parseS3Event(event);
    opened ??= open();
    opened.catch(() => {
      opened = undefined;
    });
    const { config, deps, logger } = await opened;
    const result: LambdaResult = { tagged: [], ignored: [] };
    const enabled = deps.runner.taggers.map((t) => t.name);
    for (const object of objects) {
      const sha256 =
        config.s3 && object.bucket === config.s3.bucket
          ? originalSha256(object.key, config.s3.prefix)
          : undefined;
      if (!sha256) {
        result.ignored.push(`${object.bucket}/${object.key}`);
        continue;
      }
      const image = await deps.db.images.findBySha256(sha256);
      if (!image) {
        throw new TaggingError(
          'IMAGE_NOT_FOUND',
          `No image row for s3://${object.bucket}/${object.key} yet`,
          true,
        );
      }
      if ((await deps.store.head(image.storageKey)) === undefined) {
        throw new TaggingError('BLOB_NOT_FOUND', `s3://${object.bucket}/${object.key} does not exist`, false);
      }
      await deps.db.tagging.markPending(image.id, deps.runner.taggers);
      const report = await deps.runner.run(
        { imageId: image.id, taggers: enabled },
        { number: 1, final: true },
      );
      logger.info({ imageId: image.id, done: report.done, skipped: report.skipped }, 'tagged');
      result.tagged.push(report);
    }
    return result;
  };
}

/** Opens the dependencies from the function's environment (the server's variables: DATABASE_URL, S3_*, TAGGERS…). */
export function fromEnvironment(env: NodeJS.ProcessEnv = process.env, store?: BlobStore) {
  return async () => {
    const config = loadConfig(env);
    if (!config.s3) throw new Error('The tagging Lambda needs S3_BUCKET');
    const logger = createLogger(config);
    const deps = await openTaggingDeps(config, { logger, store });
    return { config, deps, logger };
  };
}

/** The Lambda entry point (`tagging/lambda/handler.handler`) for S3 ObjectCreated notifications. */
export const handler = createLambdaHandler(fromEnvironment());
