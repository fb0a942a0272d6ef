import { createHash } from 'node:crypto';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';
import {
  makeAnimatedGif,
  makeJpeg,
  makePng,
  makeWebp,
  SAMPLE_EXIF,
} from '../../test-support/images/makeImages';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

function upload(bytes: Buffer, fields: Record<string, string> = {}, filename = 'photo.bin') {
  const req = server.request.post('/v1/images').set(admin).attach('file', bytes, filename);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req;
}

describe('upload', () => {
  it('stores a multipart upload and describes it', async () => {
    const jpeg = await makeJpeg({ width: 64, height: 48, exif: SAMPLE_EXIF, orientation: 6 });
    const res = await upload(jpeg, { tags: 'Cat, garden', visibility: 'private' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/images/${res.body.id}`);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      sha256: createHash('sha256').update(jpeg).digest('hex'),
      contentType: 'image/jpeg',
      format: 'jpeg',
      width: 64,
      height: 48,
      orientation: 6,
      hasAlpha: false,
      animated: false,
      frames: 1,
      bytes: jpeg.length,
      visibility: 'private',
      duplicate: false,
      exif: {
        make: 'Acme',
        model: 'Falcon 9',
        lens: 'Acme 35mm f/1.4',
        gps: { latitude: expect.closeTo(48.8567, 3) },
      },
      url: expect.stringMatching(new RegExp(`/i/${res.body.id}$`)),
    });
    expect(res.body.tags).toEqual(
      expect.arrayContaining([
        { name: 'cat', source: 'user', confidence: null },
        { name: 'garden', source: 'user', confidence: null },
      ]),
    );
    const keys = await server.blobKeys();
    expect(keys).toContain(`originals/${res.body.sha256.slice(0, 2)}/${res.body.sha256}`);
    expect(await server.tempFiles()).toEqual([]);
  });

  it('stores a raw upload with options in the query', async () => {
    const png = await makePng({ width: 10, height: 20, alpha: true });
    const res = await server.request
      .post('/v1/images?visibility=public&tags=logo')
      .set(admin)
      .set('Content-Type', 'image/png')
      .send(png);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      format: 'png',
      hasAlpha: true,
      width: 10,
      height: 20,
      visibility: 'public',
    });
    expect(res.body.tags).toEqual([{ name: 'logo', source: 'user', confidence: null }]);
  });

  it('describes animations', async () => {
    const res = await upload(await makeAnimatedGif(5, { width: 12, height: 12 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'gif', contentType: 'image/gif', animated: true, frames: 5 });
  });

  it('returns the existing image for identical bytes and stores nothing new', async () => {
    const webp = await makeWebp({ width: 30, height: 30 });
    const first = await upload(webp);
    const blobsAfterFirst = await server.blobKeys();
    const second = await upload(webp, { tags: 'other' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, duplicate: true });
    expect(await server.blobKeys()).toEqual(blobsAfterFirst);
    expect((await server.db.images.stats()).images).toBe(1);
  });

  it('stores one image when the same bytes arrive concurrently', async () => {
    const jpeg = await makeJpeg({ width: 40, height: 40 });
    const results = await Promise.all(Array.from({ length: 4 }, () => upload(jpeg)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await server.db.images.stats()).images).toBe(1);
  });

  it('announces each new image on the event bus', async () => {
    const seen: string[] = [];
    server.parts.events.subscribe('image.uploaded', ({ image }) => void seen.push(image.id));
    const res = await upload(await makePng({ width: 3, height: 3 }));
    await server.parts.events.drain();
    expect(seen).toEqual([res.body.id]);
  });
});

describe('reading, listing, changing and deleting', () => {
  async function seed() {
    const a = await upload(await makePng({ width: 5, height: 5 }), { tags: 'cat,red' });
    const b = await upload(await makePng({ width: 6, height: 6 }), { tags: 'cat' });
    const c = await upload(await makePng({ width: 7, height: 7 }), {
      tags: 'cat,red',
      visibility: 'private',
    });
    return [a.body.id, b.body.id, c.body.id] as string[];
  }

  it('lists newest first with keyset pagination and ANDed tag filters', async () => {
    const [a, b, c] = await seed();
    const page1 = await server.request.get('/v1/images?limit=2').set(admin);
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([c, b]);
    const page2 = await server.request.get(`/v1/images?limit=2&cursor=${page1.body.nextCursor}`).set(admin);
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect(page2.body.nextCursor).toBeNull();

    const both = await server.request.get('/v1/images?tag=cat&tag=red').set(admin);
    expect(both.body.items.map((i: { id: string }) => i.id)).toEqual([c, a]);
    const comma = await server.request.get('/v1/images?tag=red,cat').set(admin);
    expect(comma.body.items.map((i: { id: string }) => i.id)).toEqual([c, a]);
  });

  it('shows anonymous callers public images only, without location', async () => {
    const [a, b, c] = await seed();
    const list = await server.request.get('/v1/images');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([b, a]);
    expect((await server.request.get(`/v1/images/${c}`)).status).toBe(401);
    expect((await server.request.get('/v1/images?visibility=private')).status).toBe(401);

    const gps = await upload(await makeJpeg({ width: 8, height: 8, exif: SAMPLE_EXIF }));
    const anonymous = await server.request.get(`/v1/images/${gps.body.id}`);
    expect(anonymous.body.exif).toEqual({
      make: 'Acme',
      model: 'Falcon 9',
      lens: 'Acme 35mm f/1.4',
      takenAt: expect.any(String),
    });
    expect(JSON.stringify((await server.request.get('/v1/images')).body)).not.toContain('latitude');
    expect((await server.request.get(`/v1/images/${gps.body.id}`).set(admin)).body.exif.gps).toBeDefined();
  });

  it('validates list parameters', async () => {
    expect((await server.request.get('/v1/images?limit=0')).body).toMatchObject({
      status: 400,
      parameter: 'limit',
    });
    expect((await server.request.get('/v1/images?limit=abc')).body.detail).toBe(
      'Expected an integer from 1 to 100 for limit but received "abc" of type string.',
    );
    expect((await server.request.get('/v1/images?cursor=garbage')).body).toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
    });
    expect((await server.request.get('/v1/images?tag=%3Cscript%3E')).body).toMatchObject({
      status: 400,
      parameter: 'tag',
    });
  });

  it('changes user tags and visibility', async () => {
    const [a] = await seed();
    const res = await server.request
      .patch(`/v1/images/${a}`)
      .set(admin)
      .send({ tags: ['Dog'], visibility: 'private' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      visibility: 'private',
      tags: [{ name: 'dog', source: 'user', confidence: null }],
    });
    expect((await server.request.get(`/v1/images/${a}`)).status).toBe(401);
    expect((await server.request.get(`/v1/images/${a}`).set(admin)).body.visibility).toBe('private');
    const bad = await server.request.patch(`/v1/images/${a}`).set(admin).send({ visibility: 'secret' });
    expect(bad.body).toMatchObject({ status: 400, parameter: 'visibility' });
    const unknown = await server.request.patch(`/v1/images/${a}`).set(admin).send({ width: 3 });
    expect(unknown.body).toMatchObject({ status: 400, parameter: 'width' });
    expect(
      (await server.request.patch('/v1/images/AAAAAAAAAAAAAAAAAAAAAA').set(admin).send({ tags: [] })).status,
    ).toBe(404);
  });

  it('deletes the row, the blobs and anything derived, idempotently', async () => {
    const gps = await upload(await makeJpeg({ width: 8, height: 8, exif: SAMPLE_EXIF }));
    const id = gps.body.id as string;
    await server.store.put(
      `variants/${gps.body.sha256.slice(0, 2)}/${gps.body.sha256}/w_10`,
      Buffer.from('x'),
      { contentType: 'image/jpeg' },
    );
    expect((await server.blobKeys()).length).toBe(3); // original, location-stripped copy, variant
    expect((await server.request.get(`/i/${id}`)).status).toBe(200);

    expect((await server.request.delete(`/v1/images/${id}`).set(admin)).status).toBe(204);
    expect(await server.blobKeys()).toEqual([]);
    expect(await server.db.images.findById(id)).toBeUndefined();
    expect((await server.request.get(`/v1/images/${id}`)).status).toBe(404);
    expect((await server.request.get(`/i/${id}`)).status).toBe(404);
    expect((await server.request.delete(`/v1/images/${id}`).set(admin)).status).toBe(204);
  });
});

describe('signed URLs', () => {
  it('issues a URL that reads a private image without a key until it expires', async () => {
    const res = await upload(await makePng({ width: 4, height: 4 }), { visibility: 'private' });
    const id = res.body.id as string;
    expect((await server.request.get(`/i/${id}`)).status).toBe(401);

    const signed = await server.request
      .post(`/v1/images/${id}/signed-url`)
      .set(admin)
      .send({ expiresIn: 60 });
    expect(signed.status).toBe(201);
    const url = new URL(signed.body.url);
    expect(url.pathname).toBe(`/i/${id}`);
    const ok = await server.request.get(`${url.pathname}${url.search}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toMatch(/^private, max-age=(59|60)$/);

    const tampered = `${url.pathname}${url.search.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A'))}`;
    expect((await server.request.get(tampered)).body).toMatchObject({
      status: 403,
      code: 'INVALID_SIGNATURE',
    });
    const otherImage = await upload(await makePng({ width: 9, height: 9 }), { visibility: 'private' });
    expect((await server.request.get(`/i/${otherImage.body.id}${url.search}`)).body.code).toBe(
      'INVALID_SIGNATURE',
    );
    const unknownKid = url.search.replace('kid=k1', 'kid=k9');
    expect((await server.request.get(`${url.pathname}${unknownKid}`)).body.code).toBe('INVALID_SIGNATURE');

    const short = await server.request.post(`/v1/images/${id}/signed-url`).set(admin).send({ expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const expired = new URL(short.body.url);
    expect((await server.request.get(`${expired.pathname}${expired.search}`)).body).toMatchObject({
      status: 403,
      code: 'EXPIRED_SIGNATURE',
    });
  });

  it('validates the requested lifetime', async () => {
    const res = await upload(await makePng({ width: 4, height: 4 }));
    const tooLong = await server.request
      .post(`/v1/images/${res.body.id}/signed-url`)
      .set(admin)
      .send({ expiresIn: 10 ** 9 });
    expect(tooLong.body).toMatchObject({ status: 400, parameter: 'expiresIn' });
    const anonymous = await server.request.post(`/v1/images/${res.body.id}/signed-url`).send({});
    expect(anonymous.status).toBe(401);
  });
});
