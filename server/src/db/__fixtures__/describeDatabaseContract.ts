import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors';
import { DuplicateImageError } from '../DuplicateImageError';
import { migrations } from '../migrations';
import { openDatabase } from '../openDatabase';
import type { Database, ImageRecord, ListImagesQuery, OpenDatabaseOptions } from '../types';
import { newImage } from './newImage';
import type { TestDatabase } from './postgresTestDatabase';

const HOUR = 3_600_000;

/** Everything but Date keeps running for real, so drivers and pools behave normally. */
const REAL_APIS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Runs `work` with the wall clock stopped at `time`: how tests choose createdAt/updatedAt exactly. */
async function at<T>(time: Date | number, work: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ now: time, doNotFake: [...REAL_APIS] });
  try {
    return await work();
  } finally {
    jest.useRealTimers();
  }
}

/** The rejection of `promise`; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** Every page of a listing, following nextCursor. */
async function listAll(db: Database, query: Omit<ListImagesQuery, 'cursor'>): Promise<ImageRecord[][]> {
  const pages: ImageRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await db.images.list({ ...query, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

/** Expected listing order: createdAt desc, then id desc. */
function newestFirst(records: ImageRecord[]): string[] {
  return [...records]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

/**
 * The metadata contract every dialect must honour. `createTestDatabase` returns a new, empty
 * database each time it is called; the suite drops every one it made.
 */
export function describeDatabaseContract(
  name: string,
  createTestDatabase: () => Promise<TestDatabase>,
): void {
  describe(`${name} metadata database`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    let db: Database;
    let sharedUrl: string;

    async function open(url: string, options?: OpenDatabaseOptions): Promise<Database> {
      const opened = await openDatabase(url, options);
      cleanups.push(() => opened.close());
      return opened;
    }

    async function fresh(options?: OpenDatabaseOptions): Promise<{ db: Database; url: string }> {
      const test = await createTestDatabase();
      cleanups.push(() => test.drop());
      const opened = await open(test.url, options);
      await opened.migrate();
      return { db: opened, url: test.url };
    }

    beforeAll(async () => {
      ({ db, url: sharedUrl } = await fresh());
    });

    afterAll(async () => {
      // Close connections before dropping their databases.
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    describe('migrate', () => {
      it('applies the schema once; running it again, from this or another instance, is a no-op', async () => {
        const test = await createTestDatabase();
        cleanups.push(() => test.drop());
        const logs: string[] = [];
        const first = await open(test.url, { logger: (msg) => logs.push(msg) });
        // Two calls at once on one instance must not both try to create the tables.
        await Promise.all([first.migrate(), first.migrate()]);
        expect(logs).toEqual(migrations.map((m) => `database: applied migration ${m.name}`));

        const image = await first.images.create(newImage());
        await first.migrate();
        const second = await open(test.url, { logger: (msg) => logs.push(msg) });
        await second.migrate();
        expect(logs).toHaveLength(migrations.length);
        expect(await second.images.findById(image.id)).toEqual(image);
      });
    });

    describe('images', () => {
      it('creates an image and finds it by id and by sha256, exactly as created', async () => {
        const input = newImage({
          orientation: null,
          hasAlpha: true,
          bytes: 5_000_000_000, // beyond 32 bits
          deliveryBytes: 4_999_999_000,
          tags: [
            { name: ' Sunset ', source: 'user' },
            { name: 'beach', source: 'rekognition', confidence: 0.875 },
            { name: 'SUNSET', source: 'user' },
          ],
        });
        const created = await db.images.create(input);
        const { tags: _tags, ...fields } = input;
        expect(created).toEqual({
          ...fields,
          createdAt: expect.any(Date),
          updatedAt: created.createdAt,
          tags: [
            { name: 'beach', source: 'rekognition', confidence: 0.875 },
            { name: 'sunset', source: 'user', confidence: null },
          ],
        });
        // Equal dates prove millisecond precision survives the round trip.
        expect(await db.images.findById(input.id)).toEqual(created);
        expect(await db.images.findBySha256(input.sha256)).toEqual(created);
        expect(await db.images.findById('missing')).toBeUndefined();
        expect(await db.images.findBySha256('0'.repeat(64))).toBeUndefined();
      });

      it('refuses a second image with the same sha256, naming the existing one', async () => {
        const first = await db.images.create(newImage());
        const copy = newImage({ sha256: first.sha256 });
        const err = await rejectionOf(db.images.create(copy));
        expect(err).toBeInstanceOf(DuplicateImageError);
        expect(err).toMatchObject({ existingId: first.id });
        expect(await db.images.findById(copy.id)).toBeUndefined();
      });

      it('lets exactly one of several concurrent creates with the same sha256 win', async () => {
        const sha256 = newImage().sha256;
        const contenders = [1, 2, 3, 4].map(() =>
          newImage({ sha256, tags: [{ name: 'race', source: 'user' }] }),
        );
        const results = await Promise.allSettled(contenders.map((c) => db.images.create(c)));
        const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(winners).toHaveLength(1);
        const winner = winners[0]!;
        for (const [i, result] of results.entries()) {
          if (result.status === 'fulfilled') continue;
          expect(result.reason).toBeInstanceOf(DuplicateImageError);
          expect(result.reason).toMatchObject({ existingId: winner.id });
          expect(await db.images.findById(contenders[i]!.id)).toBeUndefined();
        }
        expect(await db.images.findBySha256(sha256)).toEqual(winner);
      });

      it('accepts many concurrent writers', async () => {
        // More writers than libuv has threads: on SQLite they must queue, not wait inside SQLite.
        const images = Array.from({ length: 40 }, (_, i) =>
          newImage({ tags: [{ name: `w${i}`, source: 'user' }] }),
        );
        const created = await Promise.all(images.map((image) => db.images.create(image)));
        const updated = await Promise.all(
          created.map((image) => db.images.update(image.id, { userTags: ['x'] })),
        );
        expect(updated.map((image) => image?.tags)).toEqual(
          created.map(() => [{ name: 'x', source: 'user', confidence: null }]),
        );
        expect(await Promise.all(created.map((image) => db.images.delete(image.id)))).toEqual(updated);
      });

      it('refuses a second image with the same id as a conflict', async () => {
        const first = await db.images.create(newImage());
        const err = await rejectionOf(db.images.create(newImage({ id: first.id })));
        expect(err).toBeInstanceOf(AppError);
        expect(err).toMatchObject({ code: 'CONFLICT' });
      });

      it('refuses malformed input with INVALID_PARAMETER and writes nothing', async () => {
        const bad = newImage({
          tags: [
            { name: 'fine', source: 'user' },
            { name: '  ', source: 'user' },
          ],
        });
        expect(await rejectionOf(db.images.create(bad))).toMatchObject({ code: 'INVALID_PARAMETER' });
        expect(await db.images.findById(bad.id)).toBeUndefined();
        expect(await rejectionOf(db.images.create(newImage({ sha256: 'nothex' })))).toMatchObject({
          code: 'INVALID_PARAMETER',
          extensions: { parameter: 'sha256' },
        });
      });

      it('pages newest first through equal timestamps without losing or repeating an item', async () => {
        const { db: empty } = await fresh();
        const t1 = new Date('2026-01-01T00:00:00.000Z');
        const created: ImageRecord[] = [];
        // Four images in one millisecond, three in the next, one a second later.
        for (const [time, ids] of [
          [t1.getTime(), ['p-00', 'p-01', 'p-02', 'p-03']],
          [t1.getTime() + 1, ['p-04', 'p-05', 'p-06']],
          [t1.getTime() + 1001, ['p-07']],
        ] as const) {
          for (const id of ids) {
            created.push(
              await at(time, () =>
                empty.images.create(newImage({ id, visibility: id === 'p-07' ? 'private' : 'public' })),
              ),
            );
          }
        }
        const expected = ['p-07', 'p-06', 'p-05', 'p-04', 'p-03', 'p-02', 'p-01', 'p-00'];
        expect(newestFirst(created)).toEqual(expected);

        for (const limit of [1, 2, 3, 8, 9]) {
          const pages = await listAll(empty, { limit });
          expect(pages.flat().map((r) => r.id)).toEqual(expected);
          expect(pages).toHaveLength(Math.max(1, Math.ceil(expected.length / limit)));
        }
        expect((await empty.images.list({ limit: 8 })).nextCursor).toBeNull();
        expect((await listAll(empty, { limit: 2, visibility: 'private' })).flat().map((r) => r.id)).toEqual([
          'p-07',
        ]);
        expect((await listAll(empty, { limit: 2, visibility: 'public' })).flat().map((r) => r.id)).toEqual(
          expected.slice(1),
        );
        // Records in a page are complete, tags included.
        expect((await empty.images.list({ limit: 1 })).items[0]).toEqual(
          created.find((r) => r.id === 'p-07'),
        );
      });

      it('filters by one or several tags (ANDed, any source, normalised) across pages', async () => {
        const s = randomBytes(4).toString('hex');
        const [a, b, c] = [`a-${s}`, `b-${s}`, `c-${s}`];
        const make = (tags: Array<[string, string]>, visibility: 'public' | 'private' = 'public') =>
          db.images.create(newImage({ visibility, tags: tags.map(([name, source]) => ({ name, source })) }));
        const i1 = await make([[a, 'user']]);
        const i2 = await make([
          [a, 'user'],
          [b, 'ml'],
        ]);
        const i3 = await make([[b, 'user']]);
        const i4 = await make([
          [a.toUpperCase(), 'user'],
          [b, 'user'],
          [c, 'ml'],
        ]);
        const i5 = await make([
          [a, 'user'],
          [a, 'ml'],
        ]); // `a` twice is still not `a` and `b`
        const i6 = await make(
          [
            [a, 'exif'],
            [b, 'user'],
          ],
          'private',
        );

        const ids = async (tags: string[], limit = 2, visibility?: 'public' | 'private') =>
          (await listAll(db, { tags, limit, visibility })).flat().map((r) => r.id);
        expect(await ids([a])).toEqual(newestFirst([i1, i2, i4, i5, i6]));
        expect(await ids([b], 1)).toEqual(newestFirst([i2, i3, i4, i6]));
        expect(await ids([a, b])).toEqual(newestFirst([i2, i4, i6]));
        expect(await ids([` ${a.toUpperCase()} `, b, a])).toEqual(newestFirst([i2, i4, i6]));
        expect(await ids([a, b, c])).toEqual([i4.id]);
        expect(await ids([a, `missing-${s}`])).toEqual([]);
        expect(await ids([a, b], 10, 'private')).toEqual([i6.id]);
        const [page] = await listAll(db, { tags: [c], limit: 5 });
        expect(page).toEqual([i4]);
      });

      it('refuses an invalid or altered cursor with INVALID_CURSOR, and a bad limit with INVALID_PARAMETER', async () => {
        await db.images.create(newImage());
        await db.images.create(newImage());
        const { nextCursor } = await db.images.list({ limit: 1 });
        expect(nextCursor).toEqual(expect.any(String));
        const altered = `${nextCursor!.slice(0, 3)}${nextCursor![3] === 'x' ? 'y' : 'x'}${nextCursor!.slice(4)}`;
        for (const cursor of ['garbage', '', altered, `${nextCursor}x`]) {
          expect(await rejectionOf(db.images.list({ limit: 1, cursor }))).toMatchObject({
            code: 'INVALID_CURSOR',
          });
        }
        for (const limit of [0, -1, 1.5, 1001]) {
          expect(await rejectionOf(db.images.list({ limit }))).toMatchObject({
            code: 'INVALID_PARAMETER',
            extensions: { parameter: 'limit' },
          });
        }
        expect(await rejectionOf(db.images.list({ limit: 1, tags: [''] }))).toMatchObject({
          code: 'INVALID_PARAMETER',
        });
      });

      it('updates visibility and replaces user tags while automatic tags stay', async () => {
        const t0 = new Date('2026-03-01T12:00:00.000Z');
        const image = await at(t0, () =>
          db.images.create(
            newImage({
              tags: [
                { name: 'cat', source: 'rekognition', confidence: 0.9 },
                { name: 'old', source: 'user' },
                { name: 'cat', source: 'user' },
              ],
            }),
          ),
        );
        const updated = await at(t0.getTime() + 5000, () =>
          db.images.update(image.id, { visibility: 'private', userTags: ['Dog', 'cat', 'dog '] }),
        );
        expect(updated).toEqual({
          ...image,
          visibility: 'private',
          updatedAt: new Date(t0.getTime() + 5000),
          tags: [
            { name: 'cat', source: 'rekognition', confidence: 0.9 },
            { name: 'cat', source: 'user', confidence: null },
            { name: 'dog', source: 'user', confidence: null },
          ],
        });
        expect(await db.images.findById(image.id)).toEqual(updated);

        const untagged = await db.images.update(image.id, { userTags: [] });
        expect(untagged).toMatchObject({
          visibility: 'private',
          tags: [{ name: 'cat', source: 'rekognition', confidence: 0.9 }],
        });
        const republished = await db.images.update(image.id, { visibility: 'public' });
        expect(republished).toMatchObject({ visibility: 'public', tags: untagged!.tags });

        expect(
          await rejectionOf(db.images.update(image.id, { visibility: 'hidden' as 'public' })),
        ).toMatchObject({
          code: 'INVALID_PARAMETER',
          extensions: { parameter: 'visibility' },
        });
        expect(
          await rejectionOf(db.images.update(image.id, { userTags: ['ok', 'x'.repeat(65)] })),
        ).toMatchObject({
          code: 'INVALID_PARAMETER',
        });
        expect(await db.images.findById(image.id)).toEqual(republished);
        expect(await db.images.update('missing', { visibility: 'public' })).toBeUndefined();
      });

      it('deletes an image with its tags, once', async () => {
        const tag = `gone-${randomBytes(4).toString('hex')}`;
        const image = await db.images.create(newImage({ tags: [{ name: tag, source: 'user' }] }));
        const [first, second] = await Promise.all([db.images.delete(image.id), db.images.delete(image.id)]);
        expect([first, second].filter(Boolean)).toEqual([image]);
        expect(await db.images.delete(image.id)).toBeUndefined();
        expect(await db.images.findById(image.id)).toBeUndefined();
        expect((await db.images.list({ tags: [tag], limit: 10 })).items).toEqual([]);
        // A new image under the same id inherits no leftover tag rows: the cascade removed them.
        const reborn = await db.images.create(newImage({ id: image.id }));
        expect((await db.images.findById(reborn.id))!.tags).toEqual([]);
      });

      it('counts the rows that reference a blob key', async () => {
        const k = (n: number) => `blobs/${randomBytes(4).toString('hex')}-${n}`;
        const [k1, k2, k3, k4] = [k(1), k(2), k(3), k(4)];
        await db.images.create(newImage({ storageKey: k1, deliveryKey: k2 }));
        await db.images.create(newImage({ storageKey: k3, deliveryKey: k3 }));
        const third = await db.images.create(newImage({ storageKey: k4, deliveryKey: k2 }));
        expect(await db.images.countBlobReferences(k1)).toBe(1);
        expect(await db.images.countBlobReferences(k2)).toBe(2);
        expect(await db.images.countBlobReferences(k3)).toBe(1);
        expect(await db.images.countBlobReferences('blobs/none')).toBe(0);
        await db.images.delete(third.id);
        expect(await db.images.countBlobReferences(k2)).toBe(1);
        expect(await db.images.countBlobReferences(k4)).toBe(0);
      });

      it('reports totals and the uploads of the last 24 hours before `now`', async () => {
        const { db: empty } = await fresh();
        const now = new Date('2026-06-10T12:00:00.000Z').getTime();
        expect(await empty.images.stats(new Date(now))).toEqual({ images: 0, bytes: 0, uploadsLast24h: 0 });
        const offsets: Array<[number, number]> = [
          [-25 * HOUR, 100],
          [-24 * HOUR, 200], // exactly 24 h ago: outside the window
          [-23 * HOUR, 300],
          [-1, 400],
          [0, 500],
          [HOUR, 3_000_000_000], // after `now`: counted in totals only
        ];
        for (const [offset, bytes] of offsets) {
          await at(now + offset, () => empty.images.create(newImage({ bytes })));
        }
        expect(await empty.images.stats(new Date(now))).toEqual({
          images: 6,
          bytes: 3_000_001_500,
          uploadsLast24h: 3,
        });
      });
    });

    describe('api keys', () => {
      it('creates, finds and lists keys oldest first', async () => {
        const s = randomBytes(4).toString('hex');
        const expiresAt = new Date('2027-01-01T00:00:00.000Z');
        const first = await at(Date.parse('2026-02-01T00:00:00.000Z'), () =>
          db.apiKeys.create({
            id: `k1-${s}`,
            name: ' CI deploy ',
            scopes: ['images:read', 'images:write', 'images:read'],
            secretHash: 'scrypt$abc',
            expiresAt,
          }),
        );
        expect(first).toEqual({
          id: `k1-${s}`,
          name: 'CI deploy',
          scopes: ['images:read', 'images:write'],
          secretHash: 'scrypt$abc',
          createdAt: new Date('2026-02-01T00:00:00.000Z'),
          expiresAt,
          revokedAt: null,
          lastUsedAt: null,
        });
        const second = await at(Date.parse('2026-02-02T00:00:00.000Z'), () =>
          db.apiKeys.create({ id: `k2-${s}`, name: 'admin', scopes: ['admin'], secretHash: 'h2' }),
        );
        expect(await db.apiKeys.findById(first.id)).toEqual(first);
        expect(await db.apiKeys.findById('missing')).toBeUndefined();
        const listed = (await db.apiKeys.list()).filter((k) => k.id.endsWith(s));
        expect(listed).toEqual([first, second]);
      });

      it('refuses a taken id and malformed keys', async () => {
        const id = `dup-${randomBytes(4).toString('hex')}`;
        await db.apiKeys.create({ id, name: 'one', scopes: [], secretHash: 'h' });
        expect(
          await rejectionOf(db.apiKeys.create({ id, name: 'two', scopes: [], secretHash: 'h' })),
        ).toMatchObject({
          code: 'CONFLICT',
        });
        expect(
          await rejectionOf(
            db.apiKeys.create({ id: `${id}x`, name: 'x', scopes: ['root' as 'admin'], secretHash: 'h' }),
          ),
        ).toMatchObject({ code: 'INVALID_PARAMETER', extensions: { parameter: 'scopes' } });
        expect(
          await rejectionOf(db.apiKeys.create({ id: 'a b', name: 'x', scopes: [], secretHash: 'h' })),
        ).toMatchObject({
          code: 'INVALID_PARAMETER',
          extensions: { parameter: 'id' },
        });
        expect(await db.apiKeys.findById(`${id}x`)).toBeUndefined();
      });

      it('revokes once, keeping the first revocation time', async () => {
        const id = `rev-${randomBytes(4).toString('hex')}`;
        await db.apiKeys.create({ id, name: 'r', scopes: ['images:read'], secretHash: 'h' });
        const t = new Date('2026-04-01T00:00:00.000Z');
        expect(await db.apiKeys.revoke(id, t)).toBe(true);
        expect(await db.apiKeys.revoke(id, new Date(t.getTime() + HOUR))).toBe(true);
        expect((await db.apiKeys.findById(id))!.revokedAt).toEqual(t);
        expect(await db.apiKeys.revoke('missing', t)).toBe(false);
      });

      it('records use at most once a minute per key, across instances, never backwards', async () => {
        const id = `touch-${randomBytes(4).toString('hex')}`;
        await db.apiKeys.create({ id, name: 't', scopes: ['images:read'], secretHash: 'h' });
        const t0 = Date.parse('2026-05-01T00:00:00.000Z');
        const lastUsed = async () => (await db.apiKeys.findById(id))!.lastUsedAt?.getTime();

        await db.apiKeys.touch(id, new Date(t0));
        expect(await lastUsed()).toBe(t0);
        await db.apiKeys.touch(id, new Date(t0 + 30_000));
        expect(await lastUsed()).toBe(t0);
        await db.apiKeys.touch(id, new Date(t0 + 60_000));
        expect(await lastUsed()).toBe(t0 + 60_000);
        await db.apiKeys.touch(id, new Date(t0));
        expect(await lastUsed()).toBe(t0 + 60_000);

        // Another replica has no memory of these touches; the database keeps the rhythm.
        const replica = await open(sharedUrl);
        await replica.apiKeys.touch(id, new Date(t0 + 90_000));
        expect(await lastUsed()).toBe(t0 + 60_000);
        // Each instance asks the database at most once a minute too, whatever the answer was.
        await replica.apiKeys.touch(id, new Date(t0 + 140_000));
        expect(await lastUsed()).toBe(t0 + 60_000);
        await replica.apiKeys.touch(id, new Date(t0 + 150_000));
        expect(await lastUsed()).toBe(t0 + 150_000);
        await replica.apiKeys.touch('missing', new Date(t0));
      });
    });

    describe('health', () => {
      it('answers ping and reports each query to onQuery', async () => {
        const seen: Array<[number, boolean]> = [];
        const observed = await open(sharedUrl, { onQuery: (seconds, ok) => seen.push([seconds, ok]) });
        await observed.ping();
        await observed.images.findById('missing');
        expect(seen.length).toBeGreaterThanOrEqual(2);
        for (const [seconds, ok] of seen) {
          expect(ok).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(0);
        }
      });
    });
  });
}
