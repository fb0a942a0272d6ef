import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { humanModelsDir } from '../tagging/taggers';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';
import { makeJpeg, SAMPLE_EXIF } from '../../test-support/images/makeImages';

const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

async function upload(server: TestServer, bytes: Buffer, query = ''): Promise<string> {
  const res = await server.request.post(`/v1/images${query}`).set(auth).attach('file', bytes, 'x.png');
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function drain(server: TestServer): Promise<void> {
  await server.parts.events.drain();
  await server.parts.context.tagging!.drain();
}

async function taggedImage(server: TestServer, id: string) {
  await drain(server);
  const res = await server.request.get(`/v1/images/${id}`).set(auth);
  expect(res.status).toBe(200);
  return res.body;
}

describe('tagging through the API (inline backend)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { TAGGING_MODE: 'inline', TAGGERS: 'basic,exif,colour,hashes', TAGGING_BACKOFF_MS: '10' },
    });
  });
  afterAll(() => server.close());

  it('tags an upload out of the request path and shows tags, state, placeholder and palette in its JSON', async () => {
    const id = await upload(server, await makeJpeg({ width: 300, height: 200, exif: SAMPLE_EXIF }));
    const image = await taggedImage(server, id);
    expect(image.tagging.status).toBe('done');
    expect(
      image.tagging.taggers.map((t: { name: string; status: string; version: number }) => [
        t.name,
        t.status,
        t.version,
      ]),
    ).toEqual([
      ['basic', 'done', 1],
      ['colour', 'done', 1],
      ['exif', 'done', 1],
      ['hashes', 'done', 1],
    ]);
    expect(image.tags).toEqual(
      expect.arrayContaining([
        { name: 'landscape', source: 'basic', confidence: 1 },
        { name: 'make:acme', source: 'exif', confidence: 1 },
        { name: 'has-location', source: 'exif', confidence: 1 },
      ]),
    );
    expect(image.placeholder.blurhash).toEqual(expect.any(String));
    expect(image.palette).toEqual(expect.arrayContaining([expect.stringMatching(/^#[0-9a-f]{6}$/)]));
    expect(image.moderation).toBeNull();
  });

  it('searches by tags (ANDed), min_confidence and free text, and counts tags', async () => {
    const red = await upload(server, await solid(200, 100, '#e02020'));
    const blue = await upload(server, await solid(100, 200, '#2040e0'));
    await drain(server);
    const ids = async (query: string) =>
      ((await server.request.get(`/v1/images?${query}`).set(auth)).body.items as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids('tag=red&tag=landscape')).toEqual([red]);
    expect(await ids('tag=red&tag=portrait')).toEqual([]);
    expect(await ids('q=blue')).toEqual([blue]);
    expect(await ids('tag=blue&min_confidence=0.5')).toEqual([blue]);

    const tags = await server.request.get('/v1/tags?prefix=re').set(auth);
    expect(tags.status).toBe(200);
    expect(tags.body.items).toContainEqual({ name: 'red', count: 1 });

    const bad = await server.request.get('/v1/images?tag=red&min_confidence=2').set(auth);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'min_confidence' });
    expect((await server.request.get('/v1/images?q=%20%20').set(auth)).status).toBe(400);
    expect((await server.request.get('/v1/tags?limit=0').set(auth)).status).toBe(400);
  });

  it('finds near duplicates with their distance', async () => {
    const photo = await readFile(path.join(humanModelsDir(), '..', 'assets', 'samples.jpg'));
    const original = await upload(server, photo);
    const copy = await upload(server, await sharp(photo).resize(300).jpeg({ quality: 60 }).toBuffer());
    await drain(server);
    const res = await server.request.get(`/v1/images/${original}/similar`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { image: { id: string } }) => i.image.id)).toContain(copy);
    expect((await server.request.get(`/v1/images/${original}/similar?max_distance=9`).set(auth)).status).toBe(
      400,
    );
  });

  it('keeps a removed automatic tag removed after re-tagging, and refuses bad retag input', async () => {
    const id = await upload(server, await solid(300, 100, '#20c040'));
    await taggedImage(server, id);
    expect((await server.request.delete(`/v1/images/${id}/tags/green?source=colour`).set(auth)).status).toBe(
      204,
    );
    expect((await server.request.delete(`/v1/images/${id}/tags/green`).set(auth)).status).toBe(404);
    expect((await server.request.delete(`/v1/images/${id}/tags/x?source=user`).set(auth)).status).toBe(400);

    const retag = await server.request
      .post(`/v1/images/${id}/retag`)
      .set(auth)
      .send({ taggers: ['colour'] });
    expect(retag.status).toBe(202);
    expect(retag.body.tagging.taggers.find((t: { name: string }) => t.name === 'colour').status).toBe(
      'pending',
    );
    const after = await taggedImage(server, id);
    expect(after.tagging.status).toBe('done');
    expect(after.tags.map((t: { name: string }) => t.name)).not.toContain('green');
    expect(after.tags.map((t: { name: string }) => t.name)).toContain('landscape');

    for (const body of [{ taggers: ['labels'] }, { taggers: [] }, { taggers: 'colour' }, { other: 1 }]) {
      const res = await server.request.post(`/v1/images/${id}/retag`).set(auth).send(body);
      expect(res.status).toBe(400);
    }
    expect(
      (await server.request.post('/v1/images/AAAAAAAAAAAAAAAAAAAAAA/retag').set(auth).send({})).status,
    ).toBe(404);
    expect((await server.request.post(`/v1/images/${id}/retag`).send({})).status).toBe(401);
  });

  it('marks an image that crashes a tagger failed after its retries without blocking the others', async () => {
    const good = await upload(server, await solid(64, 64, '#123456'));
    // Corrupt the stored original behind the server's back: every tagger that decodes it fails.
    const poison = await upload(server, await solid(80, 64, '#654321'));
    await drain(server);
    const record = (await server.db.images.findById(poison))!;
    await server.store.put(record.storageKey, Buffer.from('not an image any more'), {
      contentType: 'image/png',
    });
    await server.request
      .post(`/v1/images/${poison}/retag`)
      .set(auth)
      .send({ taggers: ['colour'] });
    await server.request
      .post(`/v1/images/${good}/retag`)
      .set(auth)
      .send({ taggers: ['colour'] });
    const failed = await taggedImage(server, poison);
    const colour = failed.tagging.taggers.find((t: { name: string }) => t.name === 'colour');
    expect(failed.tagging.status).toBe('failed');
    expect(colour).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: expect.stringMatching(/unsupported image format|Input buffer/i),
    });
    expect((await taggedImage(server, good)).tagging.status).toBe('done');
  });
});

describe('moderation hold (inline backend)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Threshold 0 flags everything: the real model runs, the policy decides.
    server = await startTestServer({
      env: {
        TAGGING_MODE: 'inline',
        TAGGERS: 'moderation',
        MODERATION_POLICY: 'hold',
        MODERATION_THRESHOLD: '0',
      },
    });
  });
  afterAll(() => server.close());

  it('makes a flagged image private until an admin approves it', async () => {
    const id = await upload(server, await solid(64, 64, '#888888'), '?visibility=public');
    const held = await taggedImage(server, id);
    expect(held.visibility).toBe('private');
    expect(held.moderation.status).toBe('held');
    expect(Object.keys(held.moderation.scores).sort()).toEqual([
      'drawing',
      'hentai',
      'neutral',
      'porn',
      'sexy',
    ]);
    expect((await server.request.get(`/v1/images/${id}`)).status).toBe(401);
    // The owner's key cannot publish it around the hold.
    const republished = await server.request
      .patch(`/v1/images/${id}`)
      .set(auth)
      .send({ visibility: 'public' });
    expect([republished.status, republished.type]).toEqual([409, 'application/problem+json']);
    expect(republished.body.detail).toMatch(/held for moderation/);

    const approved = await server.request.post(`/v1/images/${id}/approve`).set(auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ visibility: 'public', moderation: { status: 'approved' } });
    expect((await server.request.get(`/v1/images/${id}`)).status).toBe(200);
    expect((await server.request.post(`/v1/images/${id}/approve`).set(auth)).status).toBe(409);
  });
});

describe('moderation hold before moderation runs (lambda backend)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The server runs no tagger here, so the image stays where upload put it until an admin acts.
    server = await startTestServer({
      env: { TAGGING_MODE: 'lambda', TAGGERS: 'basic,moderation', MODERATION_POLICY: 'hold' },
    });
  });
  afterAll(() => server.close());

  it('keeps a new image private, pending, until moderation passes or an admin approves it', async () => {
    const id = await upload(server, await solid(64, 64, '#336699'), '?visibility=public');
    const pending = await server.request.get(`/v1/images/${id}`).set(auth);
    expect(pending.body).toMatchObject({ visibility: 'private', moderation: { status: 'pending' } });
    expect((await server.request.get(`/i/${id}`)).status).toBe(401);

    const approved = await server.request.post(`/v1/images/${id}/approve`).set(auth);
    expect(approved.body).toMatchObject({ visibility: 'public', moderation: { status: 'approved' } });
    expect((await server.request.get(`/i/${id}`)).status).toBe(200);
  });
});
