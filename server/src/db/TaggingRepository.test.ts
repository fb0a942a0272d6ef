import { QueryTypes, type Sequelize } from 'sequelize';
import { aggregateTagCounts } from './__fixtures__/aggregateTagCounts';
import { newImage } from './__fixtures__/newImage';
import { createPostgresTestDatabase, type TestDatabase } from './__fixtures__/postgresTestDatabase';
import { createSqliteTestDatabase } from './__fixtures__/sqliteTestDatabase';
import { createSequelize } from './createSequelize';
import { migrations, runMigrations } from './migrations';
import { openDatabase } from './openDatabase';
import { parseDatabaseUrl } from './parseDatabaseUrl';
import { runTransaction } from './runTransaction';
import { hammingDistance } from './SequelizeTaggingRepository';
import { prefixRange } from './tagCounts';
import type { Database, TagCount, TagInput, Visibility } from './types';

const LABELS = { name: 'labels', version: 2 };
const COLOUR = { name: 'colour', version: 1 };
const MODERATION = { name: 'moderation', version: 1 };

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

  it('keeps a held image private until approval: no publishing it around the hold', async () => {
    const image = await db.images.create(newImage({ visibility: 'public' }));
    await db.tagging.recordResult(
      image.id,
      { name: 'moderation', version: 1 },
      {
        tags: [],
        analysis: { moderation: { flagged: true, hold: true, scores: { porn: 0.9 } } },
      },
    );
    await expect(db.images.update(image.id, { visibility: 'public' })).rejects.toMatchObject({
      code: 'CONFLICT',
      status: 409,
    });
    expect((await db.images.findById(image.id))!.visibility).toBe('private');
    // Tags may still change; asking for private is remembered for the approval.
    await db.images.update(image.id, { visibility: 'private', userTags: ['draft'] });
    expect(await db.tagging.approve(image.id)).toBe(true);
    const approved = (await db.images.findById(image.id))!;
    expect([approved.visibility, approved.tags.map((t) => t.name)]).toEqual(['private', ['draft']]);
    // Once approved, the owner decides again.
    expect((await db.images.update(image.id, { visibility: 'public' }))!.visibility).toBe('public');
  });

  it('keeps an image held for moderation private until moderation passes, then gives it the visibility asked', async () => {
    const moderation = { name: 'moderation', version: 1 };
    const result = (flagged: boolean) => ({
      tags: [],
      analysis: { moderation: { flagged, hold: true, scores: { porn: flagged ? 0.9 : 0.01 } } },
    });
    const status = async (id: string) => (await db.tagging.analyses([id])).get(id)!.moderation!.status;

    const clean = await db.images.create(newImage({ visibility: 'public' }), { holdForModeration: true });
    expect(clean.visibility).toBe('private');
    expect(await status(clean.id)).toBe('pending');
    expect(await db.tagging.recordResult(clean.id, moderation, result(false))).toEqual({ held: false });
    expect([(await db.images.findById(clean.id))!.visibility, await status(clean.id)]).toEqual([
      'public',
      'clean',
    ]);

    // Asked private at upload, then public while waiting: the last wish wins, once moderation passes.
    const changed = await db.images.create(newImage({ visibility: 'private' }), { holdForModeration: true });
    expect((await db.images.update(changed.id, { visibility: 'public' }))!.visibility).toBe('private');
    expect(await db.tagging.recordResult(changed.id, moderation, result(true))).toEqual({ held: true });
    expect([(await db.images.findById(changed.id))!.visibility, await status(changed.id)]).toEqual([
      'private',
      'held',
    ]);
    expect(await db.tagging.approve(changed.id)).toBe(true);
    expect((await db.images.findById(changed.id))!.visibility).toBe('public');

    // An admin may release an image whose moderation never ran.
    const stuck = await db.images.create(newImage({ visibility: 'public' }), { holdForModeration: true });
    expect(await db.tagging.approve(stuck.id)).toBe(true);
    expect([(await db.images.findById(stuck.id))!.visibility, await status(stuck.id)]).toEqual([
      'public',
      'approved',
    ]);
  });

  it('lists outdated images for a backfill in id order and can invalidate a tagger', async () => {
    const { db: fresh, raw, drop } = await freshDatabase(create);
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
      await raw.close();
      await fresh.close();
      await drop();
    }
  });

  describe('tag counts', () => {
    let fresh: Database;
    let raw: Sequelize;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      ({ db: fresh, raw, drop } = await freshDatabase(create));
    });
    afterEach(async () => {
      await raw.close();
      await fresh.close();
      await drop();
    });

    it('stay equal to counting image_tags after every kind of write', async () => {
      const exact = (step: string) => expectExactCounts(fresh, raw, step);
      const count = async (
        name: string,
        query: Partial<Parameters<Database['tagging']['tagCounts']>[0]> = {},
      ) => (await fresh.tagging.tagCounts({ limit: 100, ...query })).find((c) => c.name === name)?.count ?? 0;
      const label = (id: string, ...tags: [name: string, confidence: number][]) =>
        fresh.tagging.recordResult(id, LABELS, {
          tags: tags.map(([name, confidence]) => ({ name, confidence })),
        });

      const a = await fresh.images.create(
        newImage({
          tags: [
            { name: 'Cat', source: 'user' },
            { name: 'holiday', source: 'user' },
          ],
        }),
      );
      const b = await fresh.images.create(
        newImage({ visibility: 'private', tags: [{ name: 'cat', source: 'user' }] }),
      );
      await exact('create');
      expect([await count('cat'), await count('cat', { visibility: 'public' })]).toEqual([2, 1]);

      await label(a.id, ['cat', 0.9], ['dog', 0.5]);
      await fresh.tagging.recordResult(a.id, COLOUR, { tags: [{ name: 'red', confidence: 0.7 }] });
      await exact('two sources on one image');
      // a carries cat from user and labels: counted once without a source, once per source with one.
      expect([
        await count('cat'),
        await count('cat', { source: 'labels' }),
        await count('cat', { source: 'user' }),
      ]).toEqual([2, 1, 2]);

      await label(a.id, ['dog', 0.6], ['car', 0.4]);
      await exact('tagger replaces its tags');
      expect([await count('cat'), await count('cat', { source: 'labels' })]).toEqual([2, 0]);

      await fresh.images.update(a.id, { userTags: ['dog'] });
      await exact('user tags replaced');
      expect([await count('cat'), await count('dog'), await count('holiday')]).toEqual([1, 1, 0]);

      expect(await fresh.tagging.removeAutomaticTag(a.id, 'dog')).toBe(1);
      await exact('automatic tag suppressed');
      expect([await count('dog'), await count('dog', { source: 'labels' })]).toEqual([1, 0]);
      await label(a.id, ['dog', 0.6], ['car', 0.4]);
      await exact('retag keeps the suppression');

      await fresh.images.update(b.id, { visibility: 'public' });
      await exact('private to public');
      expect(await count('cat', { visibility: 'public' })).toBe(1);
      expect(await count('cat', { visibility: 'private' })).toBe(0);
      await fresh.images.update(b.id, { visibility: 'private', userTags: ['cat', 'red'] });
      await exact('public to private with new user tags');

      const hold = {
        tags: [{ name: 'nsfw', confidence: 0.9 }],
        analysis: { moderation: { flagged: true, hold: true, scores: {} } },
      };
      expect(await fresh.tagging.recordResult(a.id, MODERATION, hold)).toEqual({ held: true });
      await exact('held by moderation');
      expect(await count('car', { visibility: 'public' })).toBe(0);
      expect(await fresh.tagging.approve(a.id)).toBe(true);
      await exact('approved');
      expect(await count('car', { visibility: 'public' })).toBe(1);

      await fresh.tagging.markPending(a.id, [LABELS], { reset: true });
      await label(a.id, ['car', 0.9], ['dog', 0.1]);
      await exact('forced retag, same names');

      expect(await fresh.images.delete(a.id)).toBeDefined();
      await exact('image deleted');
      expect([await count('car'), await count('red'), await count('cat')]).toEqual([0, 1, 1]);
      expect(await fresh.tagging.removeAutomaticTag(a.id, 'car')).toBe(0);
      expect(await fresh.tagging.approve(a.id)).toBe(false);
      await fresh.images.delete(b.id);
      await exact('all deleted');
      expect(await fresh.tagging.tagCounts({ limit: 100 })).toEqual([]);
    });

    it('stay equal to counting image_tags after a random sequence of writes', async () => {
      const random = mulberry32(20260512);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const names = () => NAMES.filter(() => random() < 0.3);
      const visibility = (): Visibility => (random() < 0.5 ? 'public' : 'private');
      const ids: string[] = [];
      const log: string[] = [];
      for (let step = 0; step < 120; step++) {
        const id = pick(ids.length > 0 ? ids : ['missing']);
        const op = ids.length < 3 ? 'create' : pick(OPERATIONS);
        log.push(`${op} ${id}`);
        switch (op) {
          case 'create': {
            const tags: TagInput[] = names().map((name) => ({ name, source: pick(['user', 'import']) }));
            ids.push((await fresh.images.create(newImage({ visibility: visibility(), tags }))).id);
            break;
          }
          case 'user tags':
            await fresh.images.update(id, { userTags: names() });
            break;
          case 'visibility':
            await fresh.images.update(id, { visibility: visibility() });
            break;
          case 'visibility and user tags':
            await fresh.images.update(id, { visibility: visibility(), userTags: names() });
            break;
          case 'tagger':
            await fresh.tagging.recordResult(id, pick([LABELS, COLOUR]), {
              tags: names().map((name) => ({ name, confidence: random() })),
            });
            break;
          case 'moderation':
            await fresh.tagging.recordResult(id, MODERATION, {
              tags: random() < 0.5 ? [{ name: 'nsfw', confidence: 0.9 }] : [],
              analysis: { moderation: { flagged: random() < 0.6, hold: true, scores: {} } },
            });
            break;
          case 'approve':
            await fresh.tagging.approve(id);
            break;
          case 'suppress':
            await fresh.tagging.removeAutomaticTag(id, pick(NAMES), pick([undefined, 'labels', 'colour']));
            break;
          case 'delete':
            await fresh.images.delete(id);
            ids.splice(ids.indexOf(id), 1);
            break;
        }
        await expectExactCounts(fresh, raw, log.join(', '));
      }
    });

    it('are filled by the migration from the tags already there, and dropped by its down', async () => {
      // A database at the schema before tag_counts, with tags written then.
      await raw.query('DROP TABLE tag_counts');
      await raw.query(`DELETE FROM schema_migrations WHERE name = '0003-tag-counts'`);
      for (const [id, visibility] of [
        ['m1', 'public'],
        ['m2', 'private'],
        ['m3', 'public'],
      ] as const) {
        const image = newImage({ id, visibility });
        await raw.query(
          `INSERT INTO images (id, sha256, content_type, format, width, height, has_alpha, animated, frames, bytes,
                               visibility, storage_key, delivery_key, delivery_bytes, created_at, updated_at)
           VALUES (:id, :sha256, 'image/jpeg', 'jpeg', 1, 1, false, false, 1, 1, :visibility, :key, :key, 1, :now, :now)`,
          { replacements: { id, sha256: image.sha256, visibility, key: image.storageKey, now: new Date() } },
        );
      }
      const tags = [
        ['m1', 'cat', 'user'],
        ['m1', 'cat', 'labels'],
        ['m1', 'red', 'colour'],
        ['m2', 'cat', 'labels'],
        ['m2', 'dog', 'user'],
        ['m3', 'dog', 'labels'],
        ['m3', 'red', 'colour'],
      ];
      for (const [imageId, name, source] of tags) {
        await raw.query('INSERT INTO image_tags (image_id, name, source) VALUES (:imageId, :name, :source)', {
          replacements: { imageId, name, source },
        });
      }
      expect(await runMigrations(raw)).toEqual(['0003-tag-counts']);
      await expectExactCounts(fresh, raw, 'backfilled');
      expect(await fresh.tagging.tagCounts({ limit: 10 })).toEqual([
        { name: 'cat', count: 2 },
        { name: 'dog', count: 2 },
        { name: 'red', count: 2 },
      ]);
      expect(await fresh.tagging.tagCounts({ limit: 10, source: 'labels', visibility: 'public' })).toEqual([
        { name: 'cat', count: 1 },
        { name: 'dog', count: 1 },
      ]);

      const migration = migrations.find((m) => m.name === '0003-tag-counts')!;
      const context = { queryInterface: raw.getQueryInterface(), sequelize: raw, dialect: fresh.dialect };
      await runTransaction(raw, (transaction) => migration.down({ ...context, transaction }));
      expect(await raw.getQueryInterface().showAllTables()).not.toContain('tag_counts');
      await runTransaction(raw, (transaction) => migration.up({ ...context, transaction }));
      await expectExactCounts(fresh, raw, 'migrated again');
    });
  });
});

const NAMES = ['cat', 'dog', 'car', 'red', 'traffic light', 'tree', 'nsfw'];
const OPERATIONS = [
  'create',
  'user tags',
  'visibility',
  'visibility and user tags',
  'tagger',
  'tagger',
  'moderation',
  'approve',
  'suppress',
  'delete',
] as const;

/** Queries of every kind: each source and visibility, prefixes, and limits that cut through ties. */
const COUNT_QUERIES: Parameters<Database['tagging']['tagCounts']>[0][] = [
  ...[undefined, 'user', 'import', 'labels', 'colour', 'moderation'].flatMap((source) =>
    [undefined, 'public', 'private'].map((visibility) => ({
      source,
      visibility: visibility as Visibility,
      limit: 1000,
    })),
  ),
  { limit: 2 },
  { limit: 3, visibility: 'public' },
  { prefix: 'c', limit: 1000 },
  { prefix: 'tr', source: 'labels', limit: 1000 },
  { prefix: 'ca', visibility: 'private', limit: 1 },
  { prefix: 'traffic light', limit: 1000 },
  { prefix: 'x', limit: 1000 },
];

/** tag_counts answers every query exactly as the aggregate over image_tags does, and holds no empty row. */
async function expectExactCounts(db: Database, raw: Sequelize, after: string): Promise<void> {
  const results = async (read: (query: (typeof COUNT_QUERIES)[number]) => Promise<TagCount[]>) => {
    const all = [];
    for (const query of COUNT_QUERIES) all.push({ query, counts: await read(query) });
    return { after, results: all };
  };
  expect(await results((q) => db.tagging.tagCounts(q))).toEqual(
    await results((q) => aggregateTagCounts(raw, q)),
  );
  const [empty] = await raw.query<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM tag_counts WHERE images <= 0',
    {
      type: QueryTypes.SELECT,
    },
  );
  expect({ after, empty: Number(empty!.n) }).toEqual({ after, empty: 0 });
}

/** A small seeded generator: the same sequence of writes on every run and both dialects. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('prefixRange', () => {
  it('bounds the names that start with a prefix in code-point order', () => {
    expect(prefixRange('ca')).toEqual({ from: 'ca', to: 'cb' });
    expect(prefixRange('z\u{10ffff}')).toEqual({ from: 'z\u{10ffff}', to: '{' });
    expect(prefixRange('\u{d7ff}')).toEqual({ from: '\u{d7ff}', to: '\u{e000}' });
    expect(prefixRange('\u{10ffff}')).toEqual({ from: '\u{10ffff}' });
  });
});

async function freshDatabase(
  create: () => Promise<TestDatabase>,
): Promise<{ db: Database; raw: Sequelize; drop: () => Promise<void> }> {
  const test = await create();
  const db = await openDatabase(test.url);
  await db.migrate();
  return { db, raw: createSequelize(parseDatabaseUrl(test.url)), drop: () => test.drop() };
}
