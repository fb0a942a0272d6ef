import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makePng } from './__fixtures__/makePng';
import { freePort, startImageServer, type TestImageServer } from './__fixtures__/startImageServer';
import { startPortal } from './__fixtures__/startPortal';

/** Upload proxy, image reads and metrics against a real image server on embedded defaults. */
const MAX_UPLOAD = 200_000;
let imageServer: TestImageServer;
let portal: Awaited<ReturnType<typeof startPortal>>;
const base = '/api/image-server/servers/static/default/local';
let goneUrl: string;

beforeAll(async () => {
  imageServer = await startImageServer({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
  goneUrl = `http://127.0.0.1:${await freePort()}`;
  portal = await startPortal({
    static: [
      {
        name: 'local',
        url: imageServer.url,
        adminKey: imageServer.adminKey,
        maxUploadBytes: MAX_UPLOAD,
        owner: 'group:default/platform',
      },
      { name: 'gone', url: goneUrl },
    ],
  });
}, 120_000);

afterAll(async () => {
  await portal?.backend.stop();
  await imageServer?.stop();
});

describe('static servers', () => {
  it('lists the configured servers with their health, and says no cluster is configured', async () => {
    const res = await request(portal.server).get('/api/image-server/servers');
    expect(res.status).toBe(200);
    expect(res.body.clustersConfigured).toBe(false);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        ref: { cluster: 'static', namespace: 'default', name: 'local' },
        source: 'static',
        owner: 'group:default/platform',
        url: imageServer.url,
        health: 'healthy',
      }),
      expect.objectContaining({
        ref: { cluster: 'static', namespace: 'default', name: 'gone' },
        health: 'degraded',
        healthReason: `Unreachable at ${goneUrl} (ECONNREFUSED)`,
      }),
    ]);
  });

  it('answers 404 for a server that is not configured and 502 when a configured one is down', async () => {
    const missing = await request(portal.server).get('/api/image-server/servers/static/default/nope/images');
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    const down = await request(portal.server).get('/api/image-server/servers/static/default/gone/images');
    expect(down.status).toBe(502);
    expect(down.body.error.message).toBe(`Image server ${goneUrl} is unreachable (ECONNREFUSED)`);
  });

  it('refuses to create or delete static servers', async () => {
    const del = await request(portal.server).delete(base);
    expect(del.status).toBe(400);
    expect(del.body.error.message).toContain('not deleted');
  });
});

describe('upload proxy', () => {
  it('streams a multipart upload through, then lists, reads, serves and deletes the image', async () => {
    const png = makePng(64, 48, 1);
    const up = await request(portal.server)
      .post(`${base}/images`)
      .field('tags', 'cats,portal')
      .attach('file', png, { filename: 'cat.png', contentType: 'image/png' });
    expect(up.status).toBe(201);
    const id = up.body.id as string;
    expect(up.body).toMatchObject({ width: 64, height: 48, format: 'png' });

    const again = await request(portal.server).post(`${base}/images`).attach('file', png, 'cat.png');
    expect(again.status).toBe(200); // the server's duplicate answer, passed through

    const list = await request(portal.server).get(`${base}/images`).query({ tag: 'cats', limit: 10 });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(list.body).toHaveProperty('nextCursor');

    const one = await request(portal.server).get(`${base}/images/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.tags.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['cats', 'portal']),
    );

    const bytes = await request(portal.server).get(`${base}/images/${id}/content`).buffer(true);
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/png');
    expect(bytes.headers.etag).toBeDefined();
    expect(Buffer.compare(bytes.body as Buffer, png)).toBe(0);

    const cached = await request(portal.server)
      .get(`${base}/images/${id}/content`)
      .set('If-None-Match', bytes.headers.etag!);
    expect(cached.status).toBe(304);

    const del = await request(portal.server).delete(`${base}/images/${id}`);
    expect(del.status).toBe(204);
    expect((await request(portal.server).get(`${base}/images/${id}`)).status).toBe(404);
  });

  it("passes the list query on: tag, limit and cursor page through the server's results", async () => {
    for (const seed of [21, 22]) {
      const up = await request(portal.server)
        .post(`${base}/images`)
        .field('tags', 'paging')
        .attach('file', makePng(16, 16, seed), 'p.png');
      expect(up.status).toBe(201);
    }
    const first = await request(portal.server).get(`${base}/images`).query({ tag: 'paging', limit: 1 });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(portal.server)
      .get(`${base}/images`)
      .query({ tag: 'paging', limit: 1, cursor: first.body.nextCursor, ignored: 'x' });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('passes on a raw image body with tags from the query string', async () => {
    const png = makePng(20, 20, 2);
    const up = await request(portal.server)
      .post(`${base}/images`)
      .query({ tags: 'raw', visibility: 'private' })
      .set('Content-Type', 'image/png')
      .send(png);
    expect(up.status).toBe(201);
    expect(up.body.visibility).toBe('private');
  });

  it("passes the server's refusal of a file that is not an image through, with its status and problem JSON", async () => {
    const res = await request(portal.server)
      .post(`${base}/images`)
      .attach('file', Buffer.from('just some text, not an image'), {
        filename: 'notes.txt',
        contentType: 'text/plain',
      });
    expect([415, 422]).toContain(res.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.status).toBe(res.status);
  });

  it("refuses a body over the server's limit with 413 before sending it on", async () => {
    const big = Buffer.alloc(MAX_UPLOAD + 100 * 1024, 1);
    const res = await request(portal.server)
      .post(`${base}/images`)
      .set('Content-Type', 'image/png')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain(`limit of ${MAX_UPLOAD} bytes`);
  });

  it('cuts off a streamed body without Content-Length once it passes the limit', async () => {
    const { port } = portal.server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${base}/images`,
        headers: { 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 3);
      let sent = 0;
      const pump = () => {
        // Stops writing once answered; a few chunks past the limit at most.
        while (sent < MAX_UPLOAD * 3 && req.write(chunk)) sent += chunk.length;
        if (sent < MAX_UPLOAD * 3) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('lets the server refuse a file just over its own limit (within the multipart allowance)', async () => {
    const res = await request(portal.server)
      .post(`${base}/images`)
      .attach('file', Buffer.alloc(MAX_UPLOAD + 10, 7), { filename: 'big.png', contentType: 'image/png' });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('validates the variant preset and the image id', async () => {
    const variant = await request(portal.server)
      .get(`${base}/images/abc/content`)
      .query({ variant: '../v1/keys' });
    expect(variant.status).toBe(400);
    expect(variant.body.error.message).toContain('Expected a variant preset like p_thumb');
    const id = await request(portal.server).get(`${base}/images/a.b`);
    expect(id.status).toBe(400);
  });
});

describe('monitoring', () => {
  it('passes /v1/stats through and computes figures from the Prometheus metrics', async () => {
    const up = await request(portal.server)
      .post(`${base}/images`)
      .attach('file', makePng(30, 30, 9), 'm.png');
    expect(up.status).toBe(201);
    const stats = await request(portal.server).get(`${base}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual(
      expect.objectContaining({ images: expect.any(Number), storedBytes: expect.any(Number) }),
    );

    const first = await request(portal.server).get(`${base}/metrics`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(
      expect.objectContaining({
        scrapedAt: expect.any(String),
        requestsTotal: expect.any(Number),
        uploadsTotal: expect.any(Number),
        storedBytes: stats.body.storedBytes,
      }),
    );
    expect(first.body.requestsTotal).toBeGreaterThan(0);
    expect(first.body.uploadsTotal).toBeGreaterThanOrEqual(1);
    expect(first.body.p95LatencySeconds).toBeGreaterThan(0);
    const second = await request(portal.server).get(`${base}/metrics`);
    expect(second.body.requestsTotal).toBeGreaterThan(first.body.requestsTotal);
    expect(second.body.requestRate).toBeGreaterThan(0);
  });
});
