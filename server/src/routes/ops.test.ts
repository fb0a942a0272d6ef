import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';
import { CONFIG_VARIABLES } from '../config';
import { renderApiReference, renderErrorTable } from '../docs/reference';
import { AppError } from '../errors';
import { OPENAPI_PATH } from './ops';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
const openapi = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('operations endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('reports liveness and readiness with per-dependency checks', async () => {
    expect((await server.request.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await server.request.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { database: { status: 'ok' }, storage: { status: 'ok' }, cache: { status: 'ok' } },
    });
  });

  it('counts uploads, bytes, requests by route and cache look-ups in Prometheus metrics', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer();
    const up = await server.request
      .post('/v1/images')
      .set(admin)
      .set('Content-Type', 'image/jpeg')
      .send(jpeg);
    expect(up.status).toBe(201);
    await server.request.get(`/v1/images/${up.body.id}`);
    await server.request.get(`/v1/images/${up.body.id}`);
    await server.request.get('/v1/images/AAAAAAAAAAAAAAAAAAAAAA');
    const text = (await server.request.get('/metrics')).text;
    expect(text).toContain('imageserver_uploads_total{result="created"} 1');
    expect(text).toContain(`imageserver_upload_bytes_total ${jpeg.length}`);
    expect(text).toMatch(
      /imageserver_http_request_duration_seconds_count\{method="POST",route="\/v1\/images",status="201"\} 1/,
    );
    expect(text).toMatch(
      /imageserver_http_request_duration_seconds_count\{method="GET",route="\/v1\/images\/:id",status="200"\} 2/,
    );
    expect(text).toContain('imageserver_errors_total{code="NOT_FOUND"} 1');
    expect(text).toContain('imageserver_cache_requests_total{layer="l1",result="hit"}');
    expect(text).toMatch(
      /imageserver_storage_operation_duration_seconds_count\{backend="fs",operation="putFile",outcome="ok"\} 1/,
    );

    const stats = await server.request.get('/v1/stats').set(admin);
    expect(stats.body).toMatchObject({ images: 1, storedBytes: jpeg.length, uploadsLast24h: 1 });
    expect(stats.body.cacheHitRatio).toBeGreaterThan(0);
    expect((await server.request.get('/v1/stats')).status).toBe(401);
  });

  it('echoes a valid request id and generates one otherwise', async () => {
    const given = await server.request.get('/healthz').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await server.request.get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await server.request.get('/nope').set('X-Request-Id', 'req-42');
    expect(problem.status).toBe(404);
    expect(problem.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-42', instance: '/nope' });
  });

  it('answers 405 with Allow for a known path and an unsupported method', async () => {
    const res = await server.request.put('/v1/images').set(admin);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });

  it('serves the OpenAPI document, and every documented operation exists', async () => {
    const served = await server.request.get('/openapi.json');
    expect(served.body).toEqual(openapi);
    for (const [template, item] of Object.entries<Record<string, unknown>>(openapi.paths)) {
      const url = template.replace(
        '{id}',
        template.startsWith('/v1/keys') ? 'AAAAAAAAAAAAAAAA' : 'AAAAAAAAAAAAAAAAAAAAAA',
      );
      for (const method of ['get', 'post', 'patch', 'delete', 'head'].filter((m) => m in item)) {
        const res = await (
          server.request as unknown as Record<
            string,
            (u: string) => Promise<{ status: number; body: { detail?: string } }>
          >
        )[method]!(url);
        // HEAD answers carry no body; the GET of the same path proves the route exists.
        const noRoute =
          method !== 'head' && res.status === 404 && Boolean(res.body.detail?.startsWith('No route'));
        expect([template, method, noRoute]).toEqual([template, method, false]);
        expect([template, method, res.status]).not.toEqual([template, method, 405]);
      }
    }
  });
});

describe('readiness when a dependency fails', () => {
  it('answers 503 and names the failing dependency', async () => {
    const server = await startTestServer({
      wrapDb: (db) =>
        Object.assign(Object.create(db), {
          ping: () => Promise.reject(new AppError('DATABASE_UNAVAILABLE')),
        }),
    });
    try {
      const res = await server.request.get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks.database).toEqual({ status: 'error', error: 'The database is unavailable.' });
      expect(res.body.checks.storage).toEqual({ status: 'ok' });
      expect((await server.request.get('/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('documentation stays true', () => {
  it('README lists the API reference generated from openapi.json', () => {
    expect(readme).toContain(renderApiReference(openapi));
  });
  it('README lists every error code', () => {
    expect(readme).toContain(renderErrorTable());
  });
  it('README documents every configuration variable', () => {
    for (const name of CONFIG_VARIABLES)
      expect([name, readme.includes(`| \`${name}\` |`)]).toEqual([name, true]);
  });
});
