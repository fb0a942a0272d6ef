import http from 'node:http';
import { AppError } from '../errors';
import { overridingStore } from '../storage/__fixtures__/overridingStore';
import {
  ADMIN_KEY,
  eventually,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../test-support/http/startTestServer';
import {
  makeAnimatedGif,
  makeBombPng,
  makeJpeg,
  makeNotAnImage,
  makeSvg,
  makeTruncatedJpeg,
  SAMPLE_EXIF,
} from '../../test-support/images/makeImages';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

/** Nothing half-written: no row, no blob, no temp file. */
async function expectNothingStored(server: TestServer): Promise<void> {
  await eventually(async () => (await server.tempFiles()).length === 0);
  expect(await server.blobKeys()).toEqual([]);
  expect((await server.db.images.stats()).images).toBe(0);
}

async function withServer(
  options: TestServerOptions,
  run: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = await startTestServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('bad uploads are refused and leave nothing behind', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { MAX_UPLOAD_BYTES: '300000', MAX_PIXELS: '4000000', MAX_FRAMES: '10' },
    });
  });
  afterAll(() => server.close());
  afterEach(() => expectNothingStored(server));

  const cases: [string, () => Promise<Buffer> | Buffer, number, string][] = [
    ['non-image bytes named .jpg', makeNotAnImage, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['SVG', makeSvg, 415, 'SVG_NOT_ALLOWED'],
    ['truncated JPEG', () => makeTruncatedJpeg({ width: 256, height: 256 }), 422, 'UNDECODABLE_IMAGE'],
    ['decompression bomb PNG', () => makeBombPng(30000, 30000), 422, 'PIXEL_LIMIT_EXCEEDED'],
    ['too many frames', () => makeAnimatedGif(12, { width: 8, height: 8 }), 422, 'FRAME_LIMIT_EXCEEDED'],
  ];

  it.each(cases)('%s', async (_name, make, status, code) => {
    const res = await server.request
      .post('/v1/images')
      .set(admin)
      .attach('file', await make(), 'photo.jpg');
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({
      status,
      code,
      type: expect.stringContaining(code.toLowerCase().replace(/_/g, '-')),
    });
    expect(res.body.detail).toEqual(expect.any(String));
  });

  it('a body over the limit, declared by Content-Length', async () => {
    const big = Buffer.alloc(400_000, 1);
    const res = await server.request
      .post('/v1/images')
      .set(admin)
      .set('Content-Type', 'image/jpeg')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 300000 });
  });

  it('a body over the limit, streamed without Content-Length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/v1/images`, {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'image/jpeg', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 2);
      let sent = 0;
      const pump = () => {
        while (sent < 20) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('a multipart file over the limit', async () => {
    const res = await server.request
      .post('/v1/images')
      .set(admin)
      .attach('file', Buffer.alloc(310_000, 3), 'big.jpg');
    expect(res.status).toBe(413);
  });

  it('malformed multipart', async () => {
    const res = await server.request
      .post('/v1/images')
      .set(admin)
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_MULTIPART');
    const noBoundary = await server.request
      .post('/v1/images')
      .set(admin)
      .set('Content-Type', 'multipart/form-data')
      .send('x');
    expect(noBoundary.status).toBe(400);
  });

  it('multipart without a file, or with unexpected fields', async () => {
    const noFile = await server.request.post('/v1/images').set(admin).field('tags', 'a');
    expect(noFile.body).toMatchObject({ status: 400, code: 'MISSING_FILE' });
    const other = await server.request
      .post('/v1/images')
      .set(admin)
      .attach('picture', await makeJpeg({ width: 4, height: 4 }), 'a.jpg');
    expect(other.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const extra = await server.request
      .post('/v1/images')
      .set(admin)
      .field('owner', 'me')
      .attach('file', await makeJpeg({ width: 4, height: 4 }), 'a.jpg');
    expect(extra.status).toBe(400);
  });

  it('invalid options with a valid image', async () => {
    const jpeg = await makeJpeg({ width: 4, height: 4 });
    const vis = await server.request
      .post('/v1/images')
      .set(admin)
      .field('visibility', 'everyone')
      .attach('file', jpeg, 'a.jpg');
    expect(vis.body).toMatchObject({ status: 400, parameter: 'visibility' });
    const tags = await server.request
      .post('/v1/images')
      .set(admin)
      .field('tags', '["ok", 5]')
      .attach('file', jpeg, 'a.jpg');
    expect(tags.body).toMatchObject({ status: 400, parameter: 'tags' });
  });

  it('a content type that is neither multipart nor an image', async () => {
    const res = await server.request
      .post('/v1/images')
      .set(admin)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('a client that disconnects mid-upload', async () => {
    const jpeg = await makeJpeg({ width: 200, height: 200 });
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.url}/v1/images`, {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'image/jpeg', 'Content-Length': String(jpeg.length) },
      });
      req.on('error', () => resolve());
      req.write(jpeg.subarray(0, jpeg.length >> 1), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    // The server notices the disconnect, refuses the upload and cleans up.
    await eventually(async () =>
      (await server.request.get('/metrics')).text.includes(
        'imageserver_errors_total{code="CLIENT_CLOSED_REQUEST"} 1',
      ),
    );
  });
});

describe('faults while storing leave nothing behind', () => {
  const failing = () => Promise.reject(new AppError('STORAGE_UNAVAILABLE', 'injected'));

  it('storage failing during upload', async () => {
    await withServer(
      { wrapStore: (store) => overridingStore(store, { putFile: failing }) },
      async (server) => {
        const res = await server.request
          .post('/v1/images')
          .set(admin)
          .attach('file', await makeJpeg({ width: 8, height: 8 }), 'a.jpg');
        expect(res.body).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' });
        expect(res.headers['retry-after']).toBe('5');
        await expectNothingStored(server);
      },
    );
  });

  it('storage failing on the second object (the stripped copy) removes the first', async () => {
    let calls = 0;
    await withServer(
      {
        wrapStore: (store) =>
          overridingStore(store, {
            putFile: (...args) => (++calls === 2 ? failing() : store.putFile(...args)),
          }),
      },
      async (server) => {
        const res = await server.request
          .post('/v1/images')
          .set(admin)
          .attach('file', await makeJpeg({ width: 8, height: 8, exif: SAMPLE_EXIF }), 'a.jpg');
        expect(res.status).toBe(503);
        expect(calls).toBe(2);
        await expectNothingStored(server);
      },
    );
  });

  it('the database failing after the blob is written', async () => {
    await withServer(
      {
        wrapDb: (db) => {
          const images = Object.assign(Object.create(db.images), {
            create: () => Promise.reject(new AppError('DATABASE_UNAVAILABLE', 'injected')),
          });
          return Object.assign(Object.create(db), { images });
        },
      },
      async (server) => {
        const res = await server.request
          .post('/v1/images')
          .set(admin)
          .attach('file', await makeJpeg({ width: 8, height: 8 }), 'a.jpg');
        expect(res.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
        await expectNothingStored(server);
      },
    );
  });
});
