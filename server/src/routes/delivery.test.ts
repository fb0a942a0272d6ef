import exifr from 'exifr';
import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';
import { makeJpeg, makePng, SAMPLE_EXIF } from '../../test-support/images/makeImages';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

/** supertest buffers binary bodies only when asked. */
function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('GET /i/:id', () => {
  let server: TestServer;
  let png: Buffer;
  let id: string;
  let sha256: string;

  beforeAll(async () => {
    server = await startTestServer();
    png = await makePng({ width: 50, height: 40 });
    const res = await server.request.post('/v1/images').set(admin).set('Content-Type', 'image/png').send(png);
    id = res.body.id;
    sha256 = res.body.sha256;
  });
  afterAll(() => server.close());

  it('serves the exact bytes with caching and safety headers', async () => {
    const res = await server.request.get(`/i/${id}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, png)).toBe(0);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      etag: `"${sha256}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'surrogate-key': id,
    });
    expect(new Date(res.headers['last-modified']!).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers conditional requests with 304 and no body', async () => {
    const byTag = await server.request.get(`/i/${id}`).set('If-None-Match', `"${sha256}"`);
    expect(byTag.status).toBe(304);
    expect(byTag.headers.etag).toBe(`"${sha256}"`);
    expect(byTag.text ?? '').toBe('');
    const lastModified = (await server.request.head(`/i/${id}`)).headers['last-modified']!;
    expect((await server.request.get(`/i/${id}`).set('If-Modified-Since', lastModified)).status).toBe(304);
    expect((await server.request.get(`/i/${id}`).set('If-None-Match', '"stale"')).status).toBe(200);
    expect((await server.request.get(`/i/${id}`).set('If-Match', '"stale"')).status).toBe(412);
  });

  it('serves byte ranges', async () => {
    const res = await server.request.get(`/i/${id}`).set('Range', 'bytes=10-19').buffer(true).parse(binary);
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 10-19/${png.length}`);
    expect(Buffer.compare(res.body as Buffer, png.subarray(10, 20))).toBe(0);
    const suffix = await server.request.get(`/i/${id}`).set('Range', 'bytes=-5').buffer(true).parse(binary);
    expect(Buffer.compare(suffix.body as Buffer, png.subarray(-5))).toBe(0);
    const outside = await server.request.get(`/i/${id}`).set('Range', `bytes=${png.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${png.length}`);
    const staleIfRange = await server.request
      .get(`/i/${id}`)
      .set('Range', 'bytes=0-1')
      .set('If-Range', '"stale"');
    expect(staleIfRange.status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await server.request.head(`/i/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(png.length));
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('answers 404 for unknown ids and for path traversal attempts', async () => {
    for (const path of [
      '/i/AAAAAAAAAAAAAAAAAAAAAA',
      '/i/..%2F..%2Fetc%2Fpasswd',
      '/i/%2e%2e',
      '/i/originals%2F00',
    ]) {
      const res = await server.request.get(path);
      expect([path, res.status, res.headers['content-type']]).toEqual([
        path,
        404,
        'application/problem+json; charset=utf-8',
      ]);
    }
  });

  it('keeps private images out of shared caches', async () => {
    const res = await server.request
      .post('/v1/images?visibility=private')
      .set(admin)
      .set('Content-Type', 'image/png')
      .send(await makePng({ width: 3, height: 3 }));
    expect((await server.request.get(`/i/${res.body.id}`)).status).toBe(401);
    const withKey = await server.request.get(`/i/${res.body.id}`).set(admin);
    expect(withKey.status).toBe(200);
    expect(withKey.headers['cache-control']).toBe('private, no-cache');
  });
});

describe('location metadata in served originals', () => {
  it.each([
    ['location', true],
    ['all', false],
    ['none', true],
  ])('STRIP_METADATA=%s', async (mode, keepsCamera) => {
    const server = await startTestServer({ env: { STRIP_METADATA: mode } });
    try {
      const jpeg = await makeJpeg({ width: 32, height: 32, exif: SAMPLE_EXIF });
      expect(await exifr.gps(jpeg)).toBeDefined();
      const up = await server.request
        .post('/v1/images')
        .set(admin)
        .set('Content-Type', 'image/jpeg')
        .send(jpeg);
      const served = (await server.request.get(`/i/${up.body.id}`).buffer(true).parse(binary)).body as Buffer;
      const gps = await exifr.gps(served).catch(() => undefined);
      if (mode === 'none') {
        expect(Buffer.compare(served, jpeg)).toBe(0);
      } else {
        expect(gps).toBeUndefined();
        // Pixels untouched: the copy is edited losslessly.
        const [a, b] = await Promise.all([sharp(jpeg).raw().toBuffer(), sharp(served).raw().toBuffer()]);
        expect(Buffer.compare(a, b)).toBe(0);
      }
      const tags = await exifr.parse(served, { tiff: true, ifd0: {} }).catch(() => undefined);
      expect(tags?.Make === 'Acme').toBe(keepsCamera);
      // The stored original is never modified.
      const original = await server.store.get(`originals/${up.body.sha256.slice(0, 2)}/${up.body.sha256}`);
      const chunks: Buffer[] = [];
      for await (const c of original) chunks.push(c as Buffer);
      expect(Buffer.compare(Buffer.concat(chunks), jpeg)).toBe(0);
    } finally {
      await server.close();
    }
  });
});
