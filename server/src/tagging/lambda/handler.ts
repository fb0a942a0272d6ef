import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from 'pino';
import { createLogger } from '../../logging/logger';
import { Metrics } from '../../metrics';
import { createS3Client, type BlobStore } from '../../storage';
import { createTaggers } from '../createTaggers';
import { openTaggingDeps } from '../openTaggingDeps';
import { TaggingError } from '../TaggingError';
import type { RunReport } from '../TaggingRunner';
import { loadLambdaConfig } from './loadLambdaConfig';
import { originalSha256, parseS3Event, type S3ObjectRef } from './parseS3Event';
import { parseServerKey } from './parseServerKey';
import { PlatformServers } from './PlatformServers';
import { readDatabaseSecret } from './readDatabaseSecret';
import type { LambdaResult, LambdaRuntime, Route } from './types';

/**
 * Builds the S3 `ObjectCreated` handler. It runs the same taggers and runner as the server and
 * writes through the server's database layer (one owner of the metadata schema and its rules).
 *
 * Each record is handled on its own; when any fails, the others are still tagged and the first
 * failure is thrown once all are done, so that Lambda's asynchronous retries and then the
 * dead-letter queue keep the event (tagging is idempotent: a retry skips what is done). An
 * original whose row is not there yet (blobs are written before rows) fails with IMAGE_NOT_FOUND
 * so that a retry comes back later.
 */
export function createLambdaHandler(open: () => Promise<LambdaRuntime>) {
  let opened: Promise<LambdaRuntime> | undefined;
  return async (event: unknown): Promise<LambdaResult> => {
    const objects = parseS3Event(event);
    opened ??= open();
    opened.catch(() => {
      opened = undefined;
    });
    const runtime = await opened;
    const result: LambdaResult = { tagged: [], ignored: [] };
    const failures: unknown[] = [];
    for (const object of objects) {
      try {
        const route = await runtime.route(object);
        if (route) result.tagged.push(await tagOriginal(route, object, runtime.logger));
        else result.ignored.push(`${object.bucket}/${object.key}`);
      } catch (err) {
        runtime.logger.error({ err, bucket: object.bucket, key: object.key }, 'tagging failed');
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
    return result;
  };
}

async function tagOriginal(route: Route, object: S3ObjectRef, logger: Logger): Promise<RunReport> {
  const { deps, sha256 } = route;
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
    { imageId: image.id, taggers: deps.runner.taggers.map((t) => t.name) },
    { number: 1, final: true },
  );
  logger.info({ imageId: image.id, done: report.done, skipped: report.skipped }, 'tagged');
  return report;
}

/**
 * Opens the runtime from the function's environment (see `loadLambdaConfig` for the two modes).
 * The platform mode reads the database secret once per container (again only after a refused
 * login) and opens each server's database on first use.
 * @throws ConfigError naming missing variables.
 */
export function fromEnvironment(env: NodeJS.ProcessEnv = process.env, options: { store?: BlobStore } = {}) {
  return async (): Promise<LambdaRuntime> => {
    const lambda = loadLambdaConfig(env);
    if (lambda.mode === 'single') {
      const { config } = lambda;
      const logger = createLogger(config);
      const deps = await openTaggingDeps(config, { logger, store: options.store });
      const s3 = config.s3!;
      return {
        logger,
        async route(object) {
          const sha256 = object.bucket === s3.bucket ? originalSha256(object.key, s3.prefix) : undefined;
          return sha256 ? { deps, sha256 } : undefined;
        },
        close: () => deps.close(),
      };
    }
    const { base, bucket, prefixRoot, databaseSecretArn } = lambda;
    const logger = createLogger(base);
    const secrets = new SecretsManagerClient({});
    const servers = new PlatformServers({
      config: lambda,
      s3Client: createS3Client(base.s3!),
      readSecret: () => readDatabaseSecret(secrets, databaseSecretArn),
      taggers: createTaggers(base.tagging, logger),
      logger,
      metrics: new Metrics({ defaultMetrics: false }),
    });
    return {
      logger,
      async route(object) {
        if (object.bucket !== bucket) {
          throw new TaggingError(
            'INVALID_EVENT',
            `Invalid S3 event: bucket ${object.bucket} is not the images bucket ${bucket}`,
            false,
          );
        }
        const located = parseServerKey(object.key, prefixRoot);
        if (located.kind !== 'original') return undefined;
        return { deps: await servers.get(located), sha256: located.sha256 };
      },
      close: () => servers.close(),
    };
  };
}

/**
 * Exported so that the deployed bundle itself can be checked to load and run the models (infra's
 * synthesis test runs it from outside the repository).
 */
export { createTaggers };

/** The Lambda entry point (`tagging/lambda/handler.handler`) for S3 ObjectCreated notifications. */
export const handler = createLambdaHandler(fromEnvironment());
