import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PRESETS, parsePresets } from '../transform/presets';
import { TAGGER_NAMES } from '../tagging/types';
import type { Config, SigningKey } from './types';

/** Thrown when the environment does not describe a valid configuration; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce
  .number({ error: 'expected a positive integer' })
  .int('expected a positive integer')
  .positive('expected a positive integer');

/** Sizes accept plain bytes or a unit: `50MB`, `512KiB`. */
const byteSize = z.string().transform((raw, ctx) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(raw);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 52428800 or 50MB, got "${raw}"` });
    return z.NEVER;
  }
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
  };
  return Math.floor(Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!);
});

/** `kid:secret` pairs separated by commas; the secret is base64 (or base64url) and at least 32 bytes. */
const signingKeys = z.string().transform((raw, ctx): SigningKey[] => {
  const keys: SigningKey[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = part.indexOf(':');
    const id = sep > 0 ? part.slice(0, sep) : '';
    const secret = Buffer.from(sep > 0 ? part.slice(sep + 1) : '', 'base64url');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      ctx.addIssue({
        code: 'custom',
        message: 'each key must look like "<id>:<base64 secret>" with an id of [A-Za-z0-9_-]',
      });
    } else if (secret.length < 32) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" must have a secret of at least 32 bytes` });
    } else if (keys.some((k) => k.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` });
    } else {
      keys.push({ id, secret });
    }
  }
  return keys;
});

/** A comma-separated list of positive integers, e.g. `320,640,1280`. */
const integerList = z.string().transform((raw, ctx) => {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length || !items.every((s) => /^[1-9]\d{0,5}$/.test(s))) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a comma-separated list of positive integers, got "${raw}"`,
    });
    return z.NEVER;
  }
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
});

/** A JSON object of preset name to options segment; parsed with the URL grammar after the schema. */
const presetJson = z.string().transform((raw, ctx) => {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, string>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'expected a JSON object such as {"thumb":"w_200,h_200,f_auto"}' });
  return z.NEVER;
});

const env = z.object({
  PORT: positiveInt.max(65535).default(7070),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'expected sqlite:<path> or postgres://…')
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
    .optional(),
  S3_PREFIX: z
    .string()
    .regex(/^(?!\/)[A-Za-z0-9!_.*'()/-]*$/, 'expected a key prefix without a leading slash')
    .default(''),
  S3_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: bool.default(false),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected redis://… or rediss://…')
    .optional(),
  MAX_UPLOAD_BYTES: byteSize.default(50_000_000),
  MAX_PIXELS: positiveInt.default(50_000_000),
  MAX_FRAMES: positiveInt.default(300),
  STRIP_METADATA: z.enum(['location', 'all', 'none']).default('location'),
  DEFAULT_VISIBILITY: z.enum(['public', 'private']).default('public'),
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  SIGNING_KEYS: signingKeys.optional(),
  SIGNED_URL_MAX_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  PUBLIC_BASE_URL: z.url({ error: 'expected a URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(25_000),
  TAGGING_MODE: z.enum(['inline', 'queue', 'lambda', 'off']).default('inline'),
  TAGGERS: z
    .string()
    .transform((raw) => [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(TAGGER_NAMES, { error: `expected tagger names among ${TAGGER_NAMES.join(', ')}` })))
    .default(['basic', 'exif', 'colour', 'hashes']),
  TAGGING_CONCURRENCY: positiveInt.max(64).default(1),
  TAGGING_ATTEMPTS: positiveInt.max(20).default(3),
  TAGGING_BACKOFF_MS: positiveInt.default(2_000),
  TAGGING_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1 to 64 characters of A-Z a-z 0-9 _ . -')
    .default('tagging'),
  MODERATION_POLICY: z.enum(['tag', 'hold']).default('tag'),
  MODERATION_THRESHOLD: z.coerce
    .number({ error: 'expected a number from 0 to 1' })
    .min(0)
    .max(1)
    .default(0.7),
  TRANSFORM_CONCURRENCY: positiveInt.max(64).optional(),
  TRANSFORM_QUEUE_SIZE: z.coerce
    .number({ error: 'expected an integer' })
    .int()
    .min(0)
    .max(10_000)
    .default(16),
  TRANSFORM_QUEUE_TIMEOUT_MS: positiveInt.default(2_000),
  TRANSFORM_TIMEOUT_SECONDS: positiveInt.max(600).default(20),
  TRANSFORM_MAX_DIMENSION: positiveInt.max(16_383).default(4_096),
  TRANSFORM_REQUIRE_SIGNATURE: bool.default(true),
  TRANSFORM_PRESETS_ONLY: bool.default(false),
  TRANSFORM_WIDTHS: integerList.optional(),
  PRESETS: presetJson.optional(),
  VARIANT_L1_MAX_BYTES: byteSize.default(64 * 1024 * 1024),
  VARIANT_CACHE_MAX_ITEM_BYTES: byteSize.default(512 * 1024),
  VARIANT_L2_TTL_SECONDS: positiveInt.default(86_400),
  TRANSFORM_SOURCE_CACHE_BYTES: byteSize.default(128 * 1024 * 1024),
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1 to 64 characters of A-Z a-z 0-9 _ . -')
    .default('imageserver'),
  CLOUDFRONT_DISTRIBUTION_ID: z
    .string()
    .regex(/^[A-Z0-9]{1,64}$/, 'expected a distribution id such as E2QWRUHAPOMQZL')
    .optional(),
});

/** The environment variables the server reads, for documentation and for the operator. */
export const CONFIG_VARIABLES = Object.keys(env.shape) as readonly (keyof typeof env.shape)[];

/**
 * Builds the configuration from environment variables.
 * Empty strings count as unset, so `FOO=` in a `.env` file falls back to the default.
 * @throws {ConfigError} naming every bad setting.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => k in env.shape && v !== undefined && v !== ''),
  );
  const parsed = env.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const problems: string[] = [];
  if ((e.S3_ENDPOINT || e.S3_PREFIX || source.S3_FORCE_PATH_STYLE) && !e.S3_BUCKET) {
    problems.push('S3_BUCKET: required when other S3_* settings are given');
  }
  const maxDimension = e.TRANSFORM_MAX_DIMENSION;
  const presets = parsePresets({ ...DEFAULT_PRESETS, ...e.PRESETS }, { maxDimension });
  problems.push(...presets.problems.map((p) => `PRESETS: ${p}`));
  for (const width of e.TRANSFORM_WIDTHS ?? [])
    if (width > maxDimension)
      problems.push(`TRANSFORM_WIDTHS: ${width} exceeds TRANSFORM_MAX_DIMENSION (${maxDimension})`);
  if (e.TAGGING_MODE === 'queue' && !e.REDIS_URL)
    problems.push('REDIS_URL: required when TAGGING_MODE is queue');
  if (problems.length) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'imageserver.sqlite')}`,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          prefix: e.S3_PREFIX,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : undefined,
    redisUrl: e.REDIS_URL,
    limits: { maxUploadBytes: e.MAX_UPLOAD_BYTES, maxPixels: e.MAX_PIXELS, maxFrames: e.MAX_FRAMES },
    allowSvg: false,
    stripMetadata: e.STRIP_METADATA,
    defaultVisibility: e.DEFAULT_VISIBILITY,
    adminApiKey: e.ADMIN_API_KEY,
    signingKeys: e.SIGNING_KEYS ?? [],
    maxSignedUrlTtlSeconds: e.SIGNED_URL_MAX_TTL_SECONDS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    tagging: {
      mode: e.TAGGING_MODE,
      taggers: e.TAGGERS,
      concurrency: e.TAGGING_CONCURRENCY,
      attempts: e.TAGGING_ATTEMPTS,
      backoffMs: e.TAGGING_BACKOFF_MS,
      queueName: e.TAGGING_QUEUE,
      moderationPolicy: e.MODERATION_POLICY,
      moderationThreshold: e.MODERATION_THRESHOLD,
    },
    redisNamespace: e.REDIS_NAMESPACE,
    transform: {
      // Two per core: JPEG decoding is sequential within a render, so one render per core leaves
      // cores idle (npm run bench: about 10% more cold renders/s at concurrency 4 on 2 cores).
      concurrency: e.TRANSFORM_CONCURRENCY ?? 2 * availableParallelism(),
      queueSize: e.TRANSFORM_QUEUE_SIZE,
      queueTimeoutMs: e.TRANSFORM_QUEUE_TIMEOUT_MS,
      timeoutSeconds: e.TRANSFORM_TIMEOUT_SECONDS,
      maxDimension,
      requireSignature: e.TRANSFORM_REQUIRE_SIGNATURE,
      presetsOnly: e.TRANSFORM_PRESETS_ONLY,
      widths: e.TRANSFORM_WIDTHS,
      presets: presets.presets,
    },
    variantCache: {
      l1MaxBytes: e.VARIANT_L1_MAX_BYTES,
      maxItemBytes: e.VARIANT_CACHE_MAX_ITEM_BYTES,
      l2TtlSeconds: e.VARIANT_L2_TTL_SECONDS,
      sourceCacheBytes: e.TRANSFORM_SOURCE_CACHE_BYTES,
    },
    cloudfrontDistributionId: e.CLOUDFRONT_DISTRIBUTION_ID,
  };
}
