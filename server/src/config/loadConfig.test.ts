import path from 'node:path';
import { ConfigError, loadConfig } from './loadConfig';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 7070,
      dataDir: path.resolve('.data'),
      databaseUrl: `sqlite:${path.resolve('.data', 'imageserver.sqlite')}`,
      s3: undefined,
      redisUrl: undefined,
      limits: { maxUploadBytes: 50_000_000, maxPixels: 50_000_000, maxFrames: 300 },
      stripMetadata: 'location',
      defaultVisibility: 'public',
      signingKeys: [],
    });
  });

  it('reads production settings', () => {
    const secret = Buffer.alloc(32, 1).toString('base64url');
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/images',
      S3_BUCKET: 'my-images',
      S3_PREFIX: 'team-a/',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      REDIS_URL: 'redis://cache:6379',
      MAX_UPLOAD_BYTES: '10MiB',
      SIGNING_KEYS: `new:${secret}, old:${secret}`,
      STRIP_METADATA: 'all',
    });
    expect(config.s3).toEqual({
      bucket: 'my-images',
      prefix: 'team-a/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(config.limits.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(config.signingKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(config.stripMetadata).toBe('all');
  });

  it('names every bad setting at once', () => {
    expect(
      problems({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        MAX_UPLOAD_BYTES: 'lots',
        STRIP_METADATA: 'gps',
        REDIS_URL: 'http://x',
      }),
    ).toEqual([
      'PORT: expected a positive integer',
      'DATABASE_URL: expected sqlite:<path> or postgres://…',
      'REDIS_URL: expected redis://… or rediss://…',
      'MAX_UPLOAD_BYTES: expected a size such as 52428800 or 50MB, got "lots"',
      expect.stringMatching(/^STRIP_METADATA: /),
    ]);
  });

  it('refuses weak or malformed signing keys and a short admin key', () => {
    expect(problems({ SIGNING_KEYS: 'k1:c2hvcnQ' })).toEqual([
      'SIGNING_KEYS: key "k1" must have a secret of at least 32 bytes',
    ]);
    expect(problems({ SIGNING_KEYS: 'nocolon' })[0]).toMatch(/^SIGNING_KEYS: each key must look like/);
    expect(problems({ ADMIN_API_KEY: 'short' })).toEqual(['ADMIN_API_KEY: must be at least 24 characters']);
  });

  it('requires a bucket when other S3 settings are given', () => {
    expect(problems({ S3_ENDPOINT: 'http://localhost:9000' })).toEqual([
      'S3_BUCKET: required when other S3_* settings are given',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).port).toBe(7070);
  });

  it('reads transformation settings and validates presets at start-up', () => {
    const config = loadConfig({
      TRANSFORM_WIDTHS: '640, 320,1280',
      PRESETS: '{"thumb":"w_64,h_64,f_png","hero":"w_1280,f_auto"}',
      TRANSFORM_CONCURRENCY: '3',
    });
    expect(config.transform).toMatchObject({
      concurrency: 3,
      widths: [320, 640, 1280],
      requireSignature: true,
      presetsOnly: false,
      maxDimension: 4096,
    });
    expect(config.transform.presets).toMatchObject({
      thumb: { width: 64, height: 64, format: 'png' },
      hero: { width: 1280, format: 'auto' },
      small: { width: 400, format: 'auto' },
    });
    expect(problems({ PRESETS: '{"thumb":"w_0","Bad Name":"w_1"}', TRANSFORM_WIDTHS: '100,abc' })).toEqual([
      'TRANSFORM_WIDTHS: expected a comma-separated list of positive integers, got "100,abc"',
    ]);
    expect(problems({ PRESETS: '{"thumb":"w_0","Bad Name":"w_1","big":"w_5000"}' })).toEqual([
      'PRESETS: preset "thumb": Expected an integer from 1 to 4096 for width but received "0".',
      'PRESETS: preset name "Bad Name" must be 1 to 32 characters of a-z, 0-9 and -',
      'PRESETS: preset "big": Expected an integer from 1 to 4096 for width but received "5000".',
    ]);
    expect(problems({ PRESETS: '[1]' })).toEqual([
      'PRESETS: expected a JSON object such as {"thumb":"w_200,h_200,f_auto"}',
    ]);
    expect(problems({ TRANSFORM_WIDTHS: '8000' })).toEqual([
      'TRANSFORM_WIDTHS: 8000 exceeds TRANSFORM_MAX_DIMENSION (4096)',
    ]);
  });
});
