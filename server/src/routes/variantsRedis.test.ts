import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectRedis } from '../cache';
import type { Metrics } from '../metrics';
import {
  ADMIN_KEY,
  eventually,
  startTestServer,
  type TestServer,
} from '../../test-support/http/startTestServer';
import { makeJpeg } from '../../test-support/images/makeImages';
import { startRedisServer } from './__fixtures__/startRedisServer';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

async function upload(server: TestServer): Promise<string> {
  const res = await server.request
    .post('/v1/images')
    .set(admin)
    .set('Content-Type', 'image/jpeg')
    .send(await makeJpeg({ width: 320, height: 240 }));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function renders(metrics: Metrics): Promise<number> {
  return (await metrics.transforms.get()).values.reduce((sum, v) => sum + v.value, 0);
}

async function l1Bytes(server: TestServer): Promise<number> {
  const values = (await server.parts.context.metrics.variantCacheSize.get()).values;
  return values.find((v) => v.labels.layer === 'l1')?.value ?? 0;
}

describe('variants in Redis', () => {
  it('are shared by two servers on one Redis and one store, and invalidated on both', async () => {
    const shared = await mkdtemp(path.join(tmpdir(), 'imageserver-shared-'));
    // The machine's Redis is shared with other suites: this run's keys live under their own namespace.
    const env = {
      DATA_DIR: shared,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: `test-${randomUUID()}`,
    };
    const a = await startTestServer({ env });
    const b = await startTestServer({ env });
    try {
      const id = await upload(a);
      const first = await a.request.get(`/i/${id}/p_small`).set('Accept', 'image/webp');
      expect([first.status, first.headers['x-variant-source']]).toEqual([200, 'render']);
      await a.settled();

      const fromB = await b.request.get(`/i/${id}/p_small`).set('Accept', 'image/webp');
      expect([fromB.status, fromB.headers['x-variant-source'], fromB.headers.etag]).toEqual([
        200,
        'l2',
        first.headers.etag,
      ]);
      expect(await renders(b.parts.context.metrics)).toBe(0);
      expect(
        (await b.request.get(`/i/${id}/p_small`).set('Accept', 'image/webp')).headers['x-variant-source'],
      ).toBe('l1');
      expect(await l1Bytes(b)).toBeGreaterThan(0);

      // A's delete reaches B's in-process layer through pub/sub.
      expect((await a.request.delete(`/v1/images/${id}`).set(admin)).status).toBe(204);
      await eventually(async () => (await l1Bytes(b)) === 0);
    } finally {
      await a.close();
      await b.close();
      await rm(shared, { recursive: true, force: true });
    }
  });

  it('keep being served when Redis stops mid-test, and readiness reports the cache degraded', async () => {
    const redisServer = await startRedisServer();
    const server = await startTestServer({ env: { REDIS_URL: redisServer.url } });
    const probe = connectRedis(redisServer.url);
    probe.client.on('error', () => undefined);
    probe.subscriber.on('error', () => undefined);
    await new Promise((resolve) => probe.client.once('ready', resolve));
    try {
      const id = await upload(server);
      expect((await server.request.get(`/i/${id}/p_small`)).status).toBe(200);
      await server.settled();
      expect(await probe.client.keys('imageserver:variant:*')).toHaveLength(1);
      expect((await server.request.get('/readyz')).body.checks.cache.status).toBe('ok');

      await redisServer.kill();

      for (const preset of ['p_small', 'p_medium', 'p_thumb']) {
        const res = await server.request.get(`/i/${id}/${preset}`);
        expect([preset, res.status]).toEqual([preset, 200]);
      }
      const second = await upload(server);
      expect((await server.request.get(`/i/${second}/p_small`)).status).toBe(200);
      expect((await server.request.get(`/i/${second}`)).status).toBe(200);

      await eventually(
        async () => (await server.request.get('/readyz')).body.checks.cache.status === 'degraded',
      );
      const ready = await server.request.get('/readyz');
      expect(ready.status).toBe(200);
      const up = (await server.parts.context.metrics.cacheUp.get()).values.find(
        (v) => v.labels.layer === 'l2',
      );
      expect(up?.value).toBe(0);
    } finally {
      await probe.close();
      await server.close();
      await redisServer.kill();
    }
  });
});
