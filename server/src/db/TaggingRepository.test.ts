import { newImage } from './__fixtures__/newImage';
import { createPostgresTestDatabase, type TestDatabase } from './__fixtures__/postgresTestDatabase';
import { createSqliteTestDatabase } from './__fixtures__/sqliteTestDatabase';
import { openDatabase } from './openDatabase';
import { hammingDistance } from './SequelizeTaggingRepository';
import type { Database } from './types';

const LABELS = { name: 'labels', version: 2 };
const COLOUR = { name: 'colour', version: 1 };

describe.each([
  ['SQLite', createSqliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('%s tagging repository', (_name, create: () => Promise<TestDatabase>) => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await create();
    db = await openDatabase(test.url);
    await db.migrate();
  });
  afterAll(async () => {
    await db.close();
    await test.drop();
  });

  it('tracks pending, done and failed per tagger version, and never lets markPending overwrite a result', async () => {
    const image = await db.images.create(newImage());
    expect(await db.tagging.markPending(image.id, [LABELS, COLOUR])).toBe(true);
    expect(await db.tagging.markPending('missing', [LABELS])).toBe(false);

    await db.tagging.recordResult(image.id, LABELS, { tags: [{ name: 'Person', confidence: 0.9 }] });
    await db.tagging.recordFailure(image.id, COLOUR, 'boom 1', { final: false });
    await db.tagging.recordFailure(image.id, COLOUR, 'boom 2', { final: true });
    // A late "pending" (the upload hook racing a fast worker) keeps the result.
    await db.tagging.markPending(image.id, [LABELS, COLOUR]);

    const states = (await db.tagging.states([image.id, 'missing'])).get(image.id)!;
    expect(states.map(({ updatedAt: _u, ...s }) => s)).toEqual([
      { tagger: 'colour', version: 1, status: 'failed', attempts: 2, error: 'boom 2' },
      { tagger: 'labels', version: 2, status: 'done', attempts: 0, error: null },
    ]);
    expect(states[0]!.updatedAt).toBeInstanceOf(Date);
    expect((await db.images.findById(image.id))!.tags).toEqual([
      { name: 'person', source: 'labels', confidence: 0.9 },
    ]);

    await db.tagging.markPending(image.id, [COLOUR], { reset: true });
    const reset = (await db.tagging.states([image.id])).get(image.id)!;
    expect(reset.find((s) => s.tagger === 'colour')).toMatchObject({
      status: 'pending',
      attempts: 0,
      error: null,
    });
  });

  it('replaces only its own tags, keeps user tags and keeps removed automatic tags out after re-tagging', async () => {
    const image = await db.images.create(newImage({ tags: [{ name: 'holiday', source: 'user' }] }));
    await db.tagging.recordResult(image.id, LABELS, {
      tags: [
        { name: 'dog', confidence: 0.8 },
        { name: 'frisbee', confidence: 0.6 },
      ],
    });
    await db.tagging.recordResult(image.id, COLOUR, { tags: [{ name: 'green', confidence: 0.5 }] });
    expect(await db.tagging.removeAutomaticTag(image.id, 'Frisbee')).toBe(1);
    expect(await db.tagging.removeAutomaticTag(image.id, 'holiday')).toBe(0); // user tags are not automatic
    await db.tagging.recordResult(image.id, LABELS, {
      tags: [
        { name: 'dog', confidence: 0.85 },
        { name: 'frisbee', confidence: 0.7 },
        { name: 'grass', confidence: 0.4 },
      ],
    });
    expect((await db.images.findById(image.id))!.tags).toEqual([
      { name: 'dog', source: 'labels', confidence: 0.85 },
      { name: 'grass', source: 'labels', confidence: 0.4 },
      { name: 'green', source: 'colour', confidence: 0.5 },
      { name: 'holiday', source: 'user', confidence: null },
    ]);
  });

  it('refuses malformed tagger output and writes nothing', async () => {
    const image = await db.images.create(newImage());
    await expect(
      db.tagging.recordResult(image.id, LABELS, {
        tags: [
          { name: 'ok', confidence: 0.5 },
          { name: 'bad', confidence: 42 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
    expect((await db.images.findById(image.id))!.tags).toEqual([]);
    expect((await db.tagging.states([image.id])).get(image.id)).toEqual([]);
  });

  it('searches by tags with a minimum confidence and by free text over labels and colours', async () => {
    const cat = await db.images.create(newImage());
    const car = await db.images.create(newImage({ tags: [{ name: 'car', source: 'user' }] }));
    await db.tagging.recordResult(cat.id, LABELS, {
      tags: [
        { name: 'cat', confidence: 0.9 },
        { name: 'traffic light', confidence: 0.3 },
      ],
    });
    await db.tagging.recordResult(cat.id, COLOUR, { tags: [{ name: 'orange', confidence: 0.7 }] });
    await db.tagging.recordResult(car.id, LABELS, { tags: [{ name: 'traffic light', confidence: 0.8 }] });

    const ids = async (query: Parameters<Database['images']['list']>[0]) =>
      (await db.images.list(query)).items.map((i) => i.id).sort();
    expect(await ids({ limit: 50, tags: ['traffic light'] })).toEqual([cat.id, car.id].sort());
    expect(await ids({ limit: 50, tags: ['traffic light'], minConfidence: 0.5 })).toEqual([car.id]);
    // User tags have no confidence and always count.
    expect(await ids({ limit: 50, tags: ['car'], minConfidence: 0.99 })).toEqual([car.id]);
    expect(await ids({ limit: 50, text: 'Orange CAT' })).toEqual([cat.id]);
    expect(await ids({ limit: 50, text: 'light' })).toEqual([cat.id, car.id].sort());
    expect(await ids({ limit: 50, text: 'light', tags: ['car'] })).toEqual([car.id]);
    expect(await ids({ limit: 50, text: 'giraffe' })).toEqual([]);
    await expect(db.images.list({ limit: 5, tags: ['cat'], minConfidence: 2 })).rejects.toMatchObject({
      code: 'INVALID_PARAMETER',
      extensions: { parameter: 'min_confidence' },
    });

    const counts = await db.tagging.tagCounts({ limit: 100 });
    expect(counts).toEqual(
      expect.arrayContaining([
        { name: 'traffic light', count: 2 },
        { name: 'cat', count: 1 },
      ]),
    );
    expect(counts.findIndex((c) => c.name === 'traffic light')).toBeLessThan(
      counts.findIndex((c) => c.name === 'cat'),
    );
    expect(await db.tagging.tagCounts({ limit: 10, prefix: 'traf', source: 'labels' })).toEqual([
      { name: 'traffic light', count: 2 },
    ]);
    expect(await db.tagging.tagCounts({ limit: 10, prefix: '%' })).toEqual([]);
  });

  it('finds near duplicates through the perceptual hash bands, nearest first', async () => {
    const base = 'f0e1d2c3b4a59687';
    const flip = (hex: string, bits: number[]) => {
      let v = BigInt(`0x${hex}`);
      for (const b of bits) v ^= 1n << BigInt(b);
      return v.toString(16).padStart(16, '0');
    };
    const images = await Promise.all([0, 1, 2, 3, 4].map(() => db.images.create(newImage())));
    const hashes = [
      base,
      flip(base, [0]),
      flip(base, [1, 9, 17, 25, 33, 41, 49]), // distance 7, one bit in seven bands
      flip(base, [0, 8, 16, 24, 32, 40, 48, 56]), // distance 8: every band differs
      '0123456789abcdef',
    ];
    for (const [i, image] of images.entries()) {
      await db.tagging.recordResult(
        image.id,
        { name: 'hashes', version: 1 },
        {
          tags: [],
          analysis: { phash: hashes[i]!, placeholder: `ph${i}` },
        },
      );
    }
    expect(hammingDistance(hashes[0]!, hashes[3]!)).toBe(8);
    expect(await db.tagging.similar(images[0]!.id, { maxDistance: 7, limit: 10 })).toEqual([
      { id: images[1]!.id, distance: 1 },
      { id: images[2]!.id, distance: 7 },
    ]);
    expect(await db.tagging.similar(images[0]!.id, { maxDistance: 2, limit: 10 })).toEqual([
      { id: images[1]!.id, distance: 1 },
    ]);
    const analysis = (await db.tagging.analyses([images[0]!.id])).get(images[0]!.id);
    expect(analysis).toEqual({
      placeholder: 'ph0',
      phash: base,
      palette: null,
      moderation: null,
      text: null,
    });
  });

  it('holds a flagged image as private until approved, and approval outlives re-tagging', async () => {
    const image = await db.images.create(newImage({ visibility: 'public' }));
    const moderation = { name: 'moderation', version: 1 };
    const scores = { porn: 0.95, neutral: 0.05 };
    expect(
      await db.tagging.recordResult(image.id, moderation, {
        tags: [{ name: 'nsfw', confidence: 0.95 }],
        analysis: { moderation: { flagged: true, hold: true, scores } },
      }),
    ).toEqual({ held: true });
    expect((await db.images.findById(image.id))!.visibility).toBe('private');
    expect((await db.tagging.analyses([image.id])).get(image.id)!.moderation).toEqual({
      status: 'held',
      scores,
    });

    expect(await db.tagging.approve(image.id)).toBe(true);
    expect(await db.tagging.approve(image.id)).toBe(false);
    expect((await db.images.findById(image.id))!.visibility).toBe('public');
    await db.tagging.recordResult(image.id, moderation, {
      tags: [{ name: 'nsfw', confidence: 0.95 }],
      analysis: { moderation: { flagged: true, hold: true, scores } },
    });
    expect((await db.images.findById(image.id))!.visibility).toBe('public');
    expect((await db.tagging.analyses([image.id])).get(image.id)!.moderation!.status).toBe('approved');
  });

  it('lists outdated images for a backfill in id order and can invalidate a tagger', async () => {
    const { db: fresh, drop } = await freshDatabase(create);
    try {
      const ids = ['a1', 'a2', 'a3', 'a4'];
      for (const id of ids) await fresh.images.create(newImage({ id }));
      await fresh.tagging.recordResult('a1', LABELS, { tags: [] });
      await fresh.tagging.recordResult('a2', { name: 'labels', version: 1 }, { tags: [] });
      await fresh.tagging.recordFailure('a3', LABELS, 'x', { final: true });
      expect(await fresh.tagging.countOutdated(LABELS)).toBe(3);
      expect(await fresh.tagging.outdated(LABELS, { limit: 2 })).toEqual(['a2', 'a3']);
      expect(await fresh.tagging.outdated(LABELS, { limit: 2, afterId: 'a3' })).toEqual(['a4']);
      expect(await fresh.tagging.invalidate('labels')).toBe(3);
      expect(await fresh.tagging.countOutdated(LABELS)).toBe(4);
    } finally {
      await fresh.close();
      await drop();
    }
  });
});

async function freshDatabase(
  create: () => Promise<TestDatabase>,
): Promise<{ db: Database; drop: () => Promise<void> }> {
  const test = await create();
  const db = await openDatabase(test.url);
  await db.migrate();
  return { db, drop: () => test.drop() };
}
