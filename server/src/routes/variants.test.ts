import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { signPath, toQueryString } from '../auth';
import { connectRedis } from '../cache';
import type { Metrics } from '../metrics';
import type { PutOptions } from '../storage';
import { overridingStore } from '../storage/__fixtures__/overridingStore';
import {
  ADMIN_KEY,
  eventually,
  startTestServer,
  type TestServer,
} from '../../test-support/http/startTestServer';
import { makeJpeg, makePng } from '../../test-support/images/makeImages';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
const CHROME = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const SAFARI_13 = 'image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5';

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function upload(server: TestServer, body: Buffer, type = 'image/jpeg', visibility = 'public') {
  const res = await server.request
    .post(`/v1/images?visibility=${visibility}`)
    .set(admin)
    .set('Content-Type', type)
    .send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; sha256: string };
}

function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  return server.request.get(path).set(headers).buffer(true).parse(binary);
}

function signed(server: TestServer, path: string): string {
  return `${path}?${toQueryString(signPath(path, new Date(Date.now() + 600_000), server.config.signingKeys))}`;
}

async function counter(metrics: Metrics, name: 'transforms'): Promise<number> {
  return (await metrics[name].get()).values.reduce((sum, v) => sum + v.value, 0);
}

async function variantBlobs(server: TestServer): Promise<string[]> {
  return (await server.blobKeys()).filter((k) => k.startsWith('variants/'));
}

describe('GET /i/:id/:options', () => {
  let server: TestServer;
  let photo: { id: string; sha256: string };

  beforeAll(async () => {
    server = await startTestServer();
    photo = await upload(server, await makeJpeg({ width: 640, height: 480 }));
  });
  afterAll(() => server.close());

  it('serves a preset with negotiated format, strong ETag, CDN headers and Vary: Accept', async () => {
    const res = await get(server, `/i/${photo.id}/p_thumb`, { Accept: CHROME });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'image/avif',
      vary: 'Accept',
      'cache-control': 'public, max-age=31536000, immutable',
      'surrogate-key': photo.id,
      'cache-tag': photo.id,
      'content-length': String((res.body as Buffer).length),
    });
    expect(res.headers.etag).toMatch(/^"v-[0-9a-f]{40}"$/);
    const meta = await sharp(res.body as Buffer).metadata();
    expect([meta.width, meta.height, meta.compression]).toEqual([200, 200, 'av1']);

    const old = await get(server, `/i/${photo.id}/p_thumb`, { Accept: SAFARI_13 });
    expect(old.headers['content-type']).toBe('image/jpeg');
    expect(old.headers.etag).not.toBe(res.headers.etag);

    const revalidated = await server.request
      .get(`/i/${photo.id}/p_thumb`)
      .set({ Accept: CHROME, 'If-None-Match': res.headers.etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.vary).toBe('Accept');
  });

  it('does not vary explicit formats', async () => {
    const res = await get(server, `/i/${photo.id}/p_small,f_webp`, admin);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers.vary).toBeUndefined();
  });

  it('renders a variant once: equivalent URLs share one stored variant and later requests skip rendering', async () => {
    const before = await counter(server.parts.context.metrics, 'transforms');
    await server.settled();
    const blobsBefore = (await variantBlobs(server)).length;
    const urls = [
      'w_300,f_webp',
      'f_webp,width_300',
      'w_150,dpr_2,f_webp',
      'w_300,q_80,fit_cover,f_webp',
      'w_300,h_900,fit_inside,f_webp',
    ];
    const responses = await Promise.all(urls.map((u) => get(server, signed(server, `/i/${photo.id}/${u}`))));
    expect(responses.map((r) => r.status)).toEqual(urls.map(() => 200));
    expect(new Set(responses.map((r) => r.headers.etag)).size).toBe(1);
    expect(await counter(server.parts.context.metrics, 'transforms')).toBe(before + 1);
    await server.settled();
    expect((await variantBlobs(server)).length).toBe(blobsBefore + 1);
    expect((await sharp(responses[0]!.body as Buffer).metadata()).width).toBe(300);

    const again = await get(server, signed(server, `/i/${photo.id}/w_300,f_webp`));
    expect(again.headers['x-variant-source']).toBe('l1');
    expect(await counter(server.parts.context.metrics, 'transforms')).toBe(before + 1);
  });

  it('requires a signature or an API key for options other than presets', async () => {
    const path = `/i/${photo.id}/w_123`;
    const unsigned = await server.request.get(path);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.code).toBe('SIGNATURE_REQUIRED');
    expect((await get(server, signed(server, path))).status).toBe(200);
    expect((await get(server, path, admin)).status).toBe(200);
    // The signature covers the options: reusing it for other options fails.
    const other = signed(server, path).replace('w_123', 'w_124');
    expect((await server.request.get(other)).body.code).toBe('INVALID_SIGNATURE');

    // The API issues signed variant URLs, checking the options first.
    const issued = await server.request
      .post(`/v1/images/${photo.id}/signed-url`)
      .set(admin)
      .send({ options: 'w_99,f_png' });
    expect(issued.status).toBe(201);
    const url = new URL(issued.body.url as string);
    expect(url.pathname).toBe(`/i/${photo.id}/w_99,f_png`);
    const viaIssued = await get(server, `${url.pathname}${url.search}`);
    expect([viaIssued.status, viaIssued.headers['content-type']]).toEqual([200, 'image/png']);
    const bad = await server.request
      .post(`/v1/images/${photo.id}/signed-url`)
      .set(admin)
      .send({ options: 'w_0' });
    expect([bad.status, bad.body.code, bad.body.option]).toEqual([400, 'INVALID_TRANSFORM', 'width']);
  });

  it('takes options in the query too, canonicalised and signed as the path form', async () => {
    const path = await get(server, signed(server, `/i/${photo.id}/w_210,f_webp`));
    expect(path.status).toBe(200);
    const query = await get(server, `/i/${photo.id}?width=210&f=webp&q=80`, admin);
    expect([query.status, query.headers.etag, query.headers['x-variant-source']]).toEqual([
      200,
      path.headers.etag,
      'l1',
    ]);
    // A signature issued for the path form is valid for the same options in the query.
    const signedPath = new URL(signed(server, `/i/${photo.id}/w_211,f_webp`), 'http://x');
    const viaQuery = await get(server, `/i/${photo.id}?w=211&f=webp&${signedPath.searchParams}`);
    expect([viaQuery.status, (await sharp(viaQuery.body as Buffer).metadata()).width]).toEqual([200, 211]);
    const reordered = await server.request.get(`/i/${photo.id}?f=webp&w=211&${signedPath.searchParams}`);
    expect(reordered.body.code).toBe('INVALID_SIGNATURE');
    expect((await server.request.get(`/i/${photo.id}?w=212`)).body.code).toBe('SIGNATURE_REQUIRED');

    // Parameters that are not options leave the original alone, but not a variant.
    const original = await get(server, `/i/${photo.id}?v=3`);
    expect([original.status, original.headers.etag]).toEqual([200, `"${photo.sha256}"`]);
    for (const [url, option] of [
      [`/i/${photo.id}?w=200&v=3`, 'options'],
      [`/i/${photo.id}?w=200&w=300`, 'width'],
      [`/i/${photo.id}/w_200?h=100`, 'options'],
    ] as const) {
      const res = await server.request.get(url).set(admin);
      expect([url, res.status, res.body.code, res.body.option]).toEqual([
        url,
        400,
        'INVALID_TRANSFORM',
        option,
      ]);
    }
  });

  it('answers byte ranges of a variant', async () => {
    const url = `/i/${photo.id}/p_small,f_png`;
    const full = await get(server, url, admin);
    const body = full.body as Buffer;
    expect(full.headers['accept-ranges']).toBe('bytes');
    const part = await get(server, url, { ...admin, Range: 'bytes=10-19' });
    expect([part.status, part.headers['content-range']]).toEqual([206, `bytes 10-19/${body.length}`]);
    expect(part.body).toEqual(body.subarray(10, 20));
    const stale = await get(server, url, { ...admin, Range: 'bytes=10-19', 'If-Range': '"stale"' });
    expect([stale.status, (stale.body as Buffer).length]).toEqual([200, body.length]);
    const beyond = await server.request.get(url).set({ ...admin, Range: `bytes=${body.length}-` });
    expect([beyond.status, beyond.headers['content-range']]).toEqual([416, `bytes */${body.length}`]);
  });

  it('answers 400 problems that name the option', async () => {
    for (const [options, option] of [
      ['w_0', 'width'],
      ['w_100000', 'width'],
      ['w_3000,dpr_2', 'width'],
      ['q_0', 'quality'],
      ['f_bmp', 'format'],
      ['w_10,w_20', 'width'],
      ['w_10,h_10,fit_contain,g_attention', 'gravity'],
      ['c_600-0-100-100', 'crop'],
      ['p_nope', 'preset'],
      ['bogus_1', 'options'],
    ]) {
      const res = await server.request.get(`/i/${photo.id}/${options}`).set(admin);
      expect([options, res.status, res.body.code, res.body.option]).toEqual([
        options,
        400,
        'INVALID_TRANSFORM',
        option,
      ]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const huge = await server.request.get(`/i/${photo.id}/w_100000`).set(admin);
    expect(huge.body.detail).toBe('Expected an integer from 1 to 4096 for width but received "100000".');
  });

  it('keeps private images private: key or signature, never shared caches', async () => {
    const secret = await upload(
      server,
      await makePng({ width: 64, height: 64, alpha: true }),
      'image/png',
      'private',
    );
    expect((await server.request.get(`/i/${secret.id}/p_thumb`)).status).toBe(401);
    const withKey = await get(server, `/i/${secret.id}/p_thumb`, { ...admin, Accept: SAFARI_13 });
    expect(withKey.status).toBe(200);
    expect(withKey.headers['cache-control']).toBe('private, no-cache');
    expect(withKey.headers['content-type']).toBe('image/png'); // alpha kept when nothing better is accepted
    expect((await sharp(withKey.body as Buffer).metadata()).hasAlpha).toBe(true);
    const bySignature = await get(server, signed(server, `/i/${secret.id}/p_thumb`));
    expect(bySignature.status).toBe(200);
    expect(bySignature.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await server.request.head(`/i/${photo.id}/p_medium`);
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect((await server.request.post(`/i/${photo.id}/p_medium`)).status).toBe(405);
  });
});

describe('abuse protection settings', () => {
  it('accepts only presets when TRANSFORM_PRESETS_ONLY is set, and only allowed widths', async () => {
    const server = await startTestServer({
      env: {
        TRANSFORM_PRESETS_ONLY: 'true',
        PRESETS: JSON.stringify({ thumb: 'w_64,h_64,f_png', hero: 'w_320,f_webp' }),
      },
    });
    try {
      const { id } = await upload(server, await makeJpeg({ width: 400, height: 300 }));
      const hero = await get(server, `/i/${id}/p_hero`);
      expect([hero.status, hero.headers['content-type']]).toEqual([200, 'image/webp']);
      expect((await sharp(hero.body as Buffer).metadata()).width).toBe(320);
      expect((await sharp((await get(server, `/i/${id}/p_thumb`)).body as Buffer).metadata()).width).toBe(64);
      const custom = await server.request.get(signed(server, `/i/${id}/w_100`));
      expect([custom.status, custom.body.code]).toEqual([403, 'TRANSFORM_NOT_ALLOWED']);
    } finally {
      await server.close();
    }

    const widths = await startTestServer({
      env: { TRANSFORM_WIDTHS: '100,200', TRANSFORM_REQUIRE_SIGNATURE: 'false' },
    });
    try {
      const { id } = await upload(widths, await makeJpeg({ width: 400, height: 300 }));
      expect((await widths.request.get(`/i/${id}/w_200`)).status).toBe(200);
      expect((await widths.request.get(`/i/${id}/w_100,dpr_2`)).status).toBe(200);
      const refused = await widths.request.get(`/i/${id}/w_201`);
      expect([refused.status, refused.body.option, refused.body.detail]).toEqual([
        403,
        'width',
        'Expected one of 100, 200 for width but received 201.',
      ]);
    } finally {
      await widths.close();
    }
  });
});

describe('limits', () => {
  it('answers 503 with Retry-After when renders are saturated, and recovers', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const server = await startTestServer({
      env: { TRANSFORM_CONCURRENCY: '1', TRANSFORM_QUEUE_SIZE: '0' },
      // Holds the render's read of the original until released, so the one slot stays busy.
      wrapStore: (store) =>
        overridingStore(store, {
          async get(key, range) {
            if (key.startsWith('originals/')) {
              holding++;
              await blocked;
            }
            return store.get(key, range);
          },
        }),
    });
    try {
      const { id } = await upload(server, await makeJpeg({ width: 200, height: 100 }));
      // supertest sends on then(): start the first request now, then wait until it holds the slot.
      const first = get(server, `/i/${id}/w_50`, admin).then((r) => r);
      await eventually(async () => holding > 0);
      const refused = await server.request.get(`/i/${id}/w_60`).set(admin);
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('OVERLOADED');
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      release();
      expect((await first).status).toBe(200);
      expect((await get(server, `/i/${id}/w_60`, admin)).status).toBe(200);
      const rejections = (await server.parts.context.metrics.transformRejections.get()).values;
      expect(rejections).toEqual([expect.objectContaining({ labels: { reason: 'queue_full' }, value: 1 })]);
    } finally {
      release();
      await server.close();
    }
  });
});

describe('render timeout and store faults', () => {
  it('abandons a render that outlasts TRANSFORM_TIMEOUT_SECONDS: 503, nothing stored, slot free at once', async () => {
    const server = await startTestServer({
      env: { TRANSFORM_TIMEOUT_SECONDS: '1', TRANSFORM_CONCURRENCY: '1', TRANSFORM_QUEUE_TIMEOUT_MS: '2000' },
    });
    try {
      const noise = await sharp({
        create: {
          width: 4000,
          height: 3000,
          channels: 3,
          background: '#808080',
          noise: { type: 'gaussian', mean: 128, sigma: 40 },
        },
      })
        .jpeg()
        .toBuffer();
      const { id } = await upload(server, noise);
      // About 6 s of work on this machine's kind if left to finish.
      const slow = await get(server, `/i/${id}/sharpen_10,f_webp,q_100`, admin);
      const problem = JSON.parse((slow.body as Buffer).toString()) as { code: string };
      expect([slow.status, problem.code]).toEqual([503, 'TRANSFORM_TIMEOUT']);
      expect(slow.headers['retry-after']).toMatch(/^\d+$/);
      // The only slot is free well within the 2 s queue timeout: libvips stopped the render.
      expect((await get(server, `/i/${id}/w_100`, admin)).status).toBe(200);
      await server.settled();
      expect(await variantBlobs(server)).toHaveLength(1);
      const outcomes = (await server.parts.context.metrics.transforms.get()).values;
      expect(outcomes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ labels: { format: 'webp', outcome: 'error' }, value: 1 }),
          expect.objectContaining({ labels: { format: 'jpeg', outcome: 'ok' }, value: 1 }),
        ]),
      );
    } finally {
      await server.close();
    }
  });

  it('answers before the variant is stored (as rebuildable), and serves it from memory until the write ends', async () => {
    let release!: () => void;
    const writesHeld = new Promise<void>((resolve) => (release = resolve));
    const variantPuts: PutOptions[] = [];
    const server = await startTestServer({
      // Variants above this size skip L1, so only the write in progress can answer the second request.
      env: { VARIANT_CACHE_MAX_ITEM_BYTES: '1' },
      wrapStore: (store) =>
        overridingStore(store, {
          async put(key, body, options) {
            if (key.startsWith('variants/')) {
              variantPuts.push(options);
              await writesHeld;
            }
            return store.put(key, body, options);
          },
        }),
    });
    try {
      const { id } = await upload(server, await makeJpeg({ width: 300, height: 200 }));
      const first = await get(server, `/i/${id}/w_130`, admin);
      expect([first.status, first.headers['x-variant-source']]).toEqual([200, 'render']);
      const second = await get(server, `/i/${id}/w_130`, admin);
      expect([second.status, second.headers['x-variant-source']]).toEqual([200, 'l1']);
      expect(second.body).toEqual(first.body);
      expect(await counter(server.parts.context.metrics, 'transforms')).toBe(1);
      expect(await variantBlobs(server)).toEqual([]);

      release();
      await server.settled();
      expect(await variantBlobs(server)).toHaveLength(1);
      // A lost variant costs a render, so the store may skip its durability work.
      expect(variantPuts).toEqual([{ contentType: 'image/jpeg', rebuildable: true }]);
      const third = await get(server, `/i/${id}/w_130`, admin);
      expect([
        third.headers['x-variant-source'],
        await counter(server.parts.context.metrics, 'transforms'),
      ]).toEqual(['l3', 1]);
    } finally {
      release();
      await server.close();
    }
  });

  it('answers a render even when storing it fails, and renders it again next time', async () => {
    let failPuts = true;
    const server = await startTestServer({
      wrapStore: (store) =>
        overridingStore(store, {
          async put(key, body, options) {
            if (failPuts && key.startsWith('variants/')) throw new Error('disk full');
            return store.put(key, body, options);
          },
        }),
    });
    try {
      const { id } = await upload(server, await makeJpeg({ width: 300, height: 200 }));
      const first = await get(server, `/i/${id}/w_120`, admin);
      expect([first.status, first.headers['x-variant-source']]).toEqual([200, 'render']);
      expect((await sharp(first.body as Buffer).metadata()).width).toBe(120);
      await server.settled();
      expect(await variantBlobs(server)).toEqual([]);
      const errors = (await server.parts.context.metrics.cacheErrors.get()).values;
      expect(errors).toEqual([expect.objectContaining({ labels: { layer: 'l3' }, value: 1 })]);

      failPuts = false;
      const second = await get(server, `/i/${id}/w_120`, admin);
      expect([second.status, second.headers['x-variant-source']]).toEqual([200, 'render']);
      await server.settled();
      expect(await variantBlobs(server)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('invalidation', () => {
  it('removes variants from the blob store, L1, Redis and CloudFront on delete and on visibility change', async () => {
    const cloudfront = mockClient(CloudFrontClient);
    cloudfront.on(CreateInvalidationCommand).resolves({});
    const namespace = `test-${randomUUID()}`;
    const server = await startTestServer({
      env: {
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_NAMESPACE: namespace,
        CLOUDFRONT_DISTRIBUTION_ID: 'E2QWRUHAPOMQZL',
      },
    });
    const redis = connectRedis('redis://127.0.0.1:6379');
    const redisKeys = async () => (await redis.client.keys(`${namespace}:variant*`)).sort();
    const l1Bytes = async () =>
      (await server.parts.context.metrics.variantCacheSize.get()).values.find((v) => v.labels.layer === 'l1')!
        .value;
    try {
      const { id } = await upload(server, await makeJpeg({ width: 300, height: 200 }));
      for (const p of ['p_thumb', 'p_small', 'w_77'])
        expect((await get(server, `/i/${id}/${p}`, admin)).status).toBe(200);
      await server.settled();
      expect(await variantBlobs(server)).toHaveLength(3);
      expect(await redisKeys()).toHaveLength(4); // three variants and their index
      expect(await l1Bytes()).toBeGreaterThan(0);

      expect(
        (await server.request.patch(`/v1/images/${id}`).set(admin).send({ visibility: 'private' })).status,
      ).toBe(200);
      expect(await variantBlobs(server)).toEqual([]);
      expect(await redisKeys()).toEqual([]);
      expect(await l1Bytes()).toBe(0);
      expect(
        cloudfront.commandCalls(CreateInvalidationCommand)[0]!.args[0].input.InvalidationBatch!.Paths!.Items,
      ).toEqual([`/i/${id}`, `/i/${id}/*`]);

      // Deleting straight after a render waits for its write, so nothing is stored after the delete.
      expect((await get(server, `/i/${id}/p_small`, admin)).status).toBe(200);
      expect((await server.request.delete(`/v1/images/${id}`).set(admin)).status).toBe(204);
      await server.settled();
      expect(await variantBlobs(server)).toEqual([]);
      expect(await redisKeys()).toEqual([]);
      expect(await l1Bytes()).toBe(0);
      expect(cloudfront.commandCalls(CreateInvalidationCommand)).toHaveLength(2);
    } finally {
      cloudfront.restore();
      await redis.close();
      await server.close();
    }
  });
});
