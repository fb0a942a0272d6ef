import type { ClusterSettings } from '../config/types';
import type { ImageServer } from '../crd/types';
import { contentHash } from '../hash';
import { publicUrl } from './publicUrl';
import { storageLayout } from './storageLayout';

/** Port the image server listens on (its `PORT`). */
export const SERVER_PORT = 7070;
/** Writable emptyDir for temp files; the root filesystem is read-only. */
export const DATA_DIR = '/data';
/** Seconds the pod waits before SIGTERM so that the ALB deregisters it first. */
export const PRE_STOP_SECONDS = 5;
export const TERMINATION_GRACE_SECONDS = 30;

/**
 * The server's non-secret settings, by the names `server/src/config/loadConfig.ts` reads.
 * Secrets (ADMIN_API_KEY, SIGNING_KEYS, DATABASE_URL, REDIS_URL) never appear here.
 */
export function buildServerSettings(server: ImageServer, settings: ClusterSettings): Record<string, string> {
  const { spec } = server;
  const storage = storageLayout(server, settings);
  const env: Record<string, string> = {
    PORT: String(SERVER_PORT),
    DATA_DIR,
    S3_BUCKET: storage.bucket,
    S3_PREFIX: storage.prefix,
    S3_REGION: storage.region,
    MAX_UPLOAD_BYTES: String(spec.limits?.maxUploadBytes ?? 52_428_800),
    MAX_PIXELS: String(spec.limits?.maxPixels ?? 50_000_000),
    MAX_FRAMES: String(spec.limits?.maxFrames ?? 300),
    DEFAULT_VISIBILITY: spec.defaultVisibility ?? 'public',
    LOG_LEVEL: spec.logLevel ?? 'info',
    // The pod gets TERMINATION_GRACE_SECONDS in all; the preStop sleep spends part of it.
    SHUTDOWN_TIMEOUT_MS: String((TERMINATION_GRACE_SECONDS - PRE_STOP_SECONDS - 3) * 1000),
    TAGGING_MODE: spec.tagging?.mode ?? 'inline',
    TAGGERS: (spec.tagging?.taggers ?? []).join(','),
  };
  // Servers share one ElastiCache: each keeps its keys and queue under its own namespace.
  if (spec.cache) env.REDIS_NAMESPACE = redisNamespace(server);
  if (settings.serverS3Endpoint) {
    env.S3_ENDPOINT = settings.serverS3Endpoint;
    env.S3_FORCE_PATH_STYLE = String(settings.serverS3ForcePathStyle);
  }
  const url = publicUrl(server);
  if (url) env.PUBLIC_BASE_URL = url;
  // The platform's distribution fronts every server (wildcard alias); a spec may name its own.
  const distribution = spec.cdn?.distributionId ?? settings.cloudfrontDistributionId;
  if (distribution) env.CLOUDFRONT_DISTRIBUTION_ID = distribution;
  return env;
}

/** `<namespace>.<name>`, or shortened with a hash to fit the server's 64-character limit. */
export function redisNamespace(server: ImageServer): string {
  const plain = `${server.metadata.namespace}.${server.metadata.name}`;
  return plain.length <= 64 ? plain : `${plain.slice(0, 47)}.${contentHash(plain)}`;
}
