/**
 * The behaviour every BlobStore must have, as one jest suite that each backend's test file runs
 * against a real instance (FsBlobStore in a temp folder, S3BlobStore against a real S3-protocol
 * server). Backend-specific checks (temp files, multipart requests, S3_PREFIX) stay in those files.
 *
 * Lives in __fixtures__ rather than __tests__ because jest runs every file under __tests__ as a suite.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { types } from 'node:util';
import { BlobNotFoundError } from '../BlobNotFoundError';
import { InvalidBlobKeyError } from '../InvalidBlobKeyError';
import type { BlobStore } from '../types';

export interface ContractSubject {
  readonly store: BlobStore;
  /** The store's multipart part size, so tests can cross it; stores without parts leave it out. */
  readonly partSize?: number;
  /** Called after each test. */
  readonly cleanup?: () => Promise<void>;
}

const MiB = 1024 * 1024;
const PNG = { contentType: 'image/png' };

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function listAll(store: BlobStore, prefix: string): Promise<{ key: string; size: number }[]> {
  const found: { key: string; size: number }[] = [];
  for await (const entry of store.list(prefix)) found.push(entry);
  return found;
}

/** Splits bytes into uneven chunks, as a network stream of unknown length would deliver them. */
function chunked(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7 + 65_537) % (3 * MiB)) {
        yield bytes.subarray(at, at + step);
      }
    })(),
  );
}

/** A body that delivers `bytes` and then fails with `error`, like an upload cut short or over the size cap. */
function failingAfter(bytes: Buffer, error: Error): Readable {
  return Readable.from(
    (async function* () {
      yield bytes;
      throw error;
    })(),
  );
}

/** Waits (one event-loop turn at a time) until `condition` holds; the jest timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

export function describeBlobStoreContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`${name} fulfils the BlobStore contract`, () => {
    let subject: ContractSubject;
    let store: BlobStore;
    let partSize: number;
    let scratch: string;

    beforeEach(async () => {
      subject = await setup();
      store = subject.store;
      partSize = subject.partSize ?? 5 * MiB;
      scratch = await mkdtemp(path.join(os.tmpdir(), 'blob-contract-'));
    });

    afterEach(async () => {
      await subject.cleanup?.();
      await rm(scratch, { recursive: true, force: true });
    });

    it('round-trips a multi-MB buffer byte for byte', async () => {
      const bytes = randomBytes(3 * MiB + 7);
      await store.put('originals/big.bin', bytes, PNG);
      const back = await readAll(await store.get('originals/big.bin'));
      expect(back.length).toBe(bytes.length);
      expect(sha256(back)).toBe(sha256(bytes));
    });

    it('round-trips a stream of unknown length longer than one part', async () => {
      const bytes = randomBytes(partSize + 123_457);
      await store.put('streams/one', chunked(bytes), { contentType: 'image/webp' });
      expect(sha256(await readAll(await store.get('streams/one')))).toBe(sha256(bytes));
      expect(await store.head('streams/one')).toMatchObject({
        size: bytes.length,
        contentType: 'image/webp',
      });
    });

    it('putFile stores a file larger than one multipart part', async () => {
      const bytes = randomBytes(2 * partSize + 12_345);
      const file = path.join(scratch, 'upload.bin');
      await writeFile(file, bytes);
      await store.putFile('files/large.jpg', file, { contentType: 'image/jpeg' });
      expect(sha256(await readAll(await store.get('files/large.jpg')))).toBe(sha256(bytes));
      expect(await store.head('files/large.jpg')).toMatchObject({
        size: bytes.length,
        contentType: 'image/jpeg',
      });
    });

    it('serves inclusive byte ranges: first byte, middle, last byte, and an end past the size', async () => {
      const bytes = randomBytes(100_000);
      await store.put('ranges/r', bytes, PNG);
      const range = async (start: number, end: number) =>
        readAll(await store.get('ranges/r', { start, end }));
      expect(await range(0, 0)).toEqual(bytes.subarray(0, 1));
      expect(await range(40_000, 59_999)).toEqual(bytes.subarray(40_000, 60_000));
      expect(await range(99_999, 99_999)).toEqual(bytes.subarray(99_999));
      expect(await range(0, 99_999)).toEqual(bytes);
      // S3 clamps an end past the size; so must every store.
      expect(await range(99_990, 200_000)).toEqual(bytes.subarray(99_990));
    });

    it('answers a range starting past the end with RANGE_NOT_SATISFIABLE', async () => {
      await store.put('ranges/short', Buffer.from('0123456789'), PNG);
      await expect(store.get('ranges/short', { start: 10, end: 20 })).rejects.toMatchObject({
        code: 'RANGE_NOT_SATISFIABLE',
        status: 416,
      });
    });

    it('refuses a malformed range instead of serving the whole object', async () => {
      await store.put('ranges/bad', Buffer.from('0123456789'), PNG);
      await expect(store.get('ranges/bad', { start: 5, end: 2 })).rejects.toThrow(
        'Expected a byte range with integers 0 <= start <= end but received {"start":5,"end":2}',
      );
    });

    it('head gives size, content type and last modified, and undefined for a missing key', async () => {
      // Stores keep whole seconds at worst (S3's Last-Modified header).
      const before = Math.floor(Date.now() / 1000) * 1000;
      await store.put('meta/one.png', Buffer.alloc(1234, 1), PNG);
      const meta = await store.head('meta/one.png');
      expect(meta).toMatchObject({ size: 1234, contentType: 'image/png' });
      // A Date from outside jest's realm, so no toBeInstanceOf.
      expect(types.isDate(meta?.lastModified)).toBe(true);
      expect(meta?.lastModified?.getTime()).toBeGreaterThanOrEqual(before);
      expect(await store.head('meta/missing.png')).toBeUndefined();
      expect(await store.head('meta')).toBeUndefined();
    });

    it('get of a missing key throws BlobNotFoundError (NOT_FOUND) naming the key', async () => {
      const failure = store.get('nothing/here');
      await expect(failure).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(failure).rejects.toMatchObject({ key: 'nothing/here', code: 'NOT_FOUND', status: 404 });
    });

    it('overwrites bytes and content type', async () => {
      await store.put('over/k', Buffer.from('first version, longer'), PNG);
      await store.put('over/k', Buffer.from('second'), { contentType: 'image/avif' });
      expect((await readAll(await store.get('over/k'))).toString()).toBe('second');
      expect(await store.head('over/k')).toMatchObject({ size: 6, contentType: 'image/avif' });
    });

    it('stores a put and a putFile with tags like one without (tags are metadata, never content)', async () => {
      const tags = { 'imageserver:kind': 'original' };
      await store.put('tagged/buffer', Buffer.from('tagged bytes'), { ...PNG, tags });
      const file = path.join(scratch, 'tagged.bin');
      await writeFile(file, Buffer.from('tagged file'));
      await store.putFile('tagged/file', file, { contentType: 'image/jpeg', tags });
      expect((await readAll(await store.get('tagged/buffer'))).toString()).toBe('tagged bytes');
      expect(await store.head('tagged/file')).toMatchObject({ size: 11, contentType: 'image/jpeg' });
      expect((await listAll(store, 'tagged/')).map((e) => e.key)).toEqual(['tagged/buffer', 'tagged/file']);
    });

    it('stores a rebuildable object like any other: readable, listed, overwritten and deleted alike', async () => {
      await store.put('cache/v1', Buffer.from('rendered'), { contentType: 'image/webp', rebuildable: true });
      expect((await readAll(await store.get('cache/v1'))).toString()).toBe('rendered');
      expect(await store.head('cache/v1')).toMatchObject({ size: 8, contentType: 'image/webp' });
      await store.put('cache/v1', Buffer.from('again'), { contentType: 'image/avif', rebuildable: true });
      expect(await store.head('cache/v1')).toMatchObject({ size: 5, contentType: 'image/avif' });
      expect(await store.deletePrefix('cache/')).toBe(1);
      expect(await store.head('cache/v1')).toBeUndefined();
    });

    it('delete removes the object and is idempotent', async () => {
      await store.put('del/k', Buffer.from('x'), PNG);
      await store.delete('del/k');
      expect(await store.head('del/k')).toBeUndefined();
      await expect(store.delete('del/k')).resolves.toBeUndefined();
      await expect(store.delete('never/was')).resolves.toBeUndefined();
    });

    it('deletePrefix deletes only the keys under that folder and counts them', async () => {
      for (const key of ['a/1', 'a/b/2', 'a/b/c/3', 'ab/4', 'a-x', 'a.y', 'b/a/5']) {
        await store.put(key, Buffer.from(key), PNG);
      }
      expect(await store.deletePrefix('a/')).toBe(3);
      expect((await listAll(store, '')).map((e) => e.key)).toEqual(['a-x', 'a.y', 'ab/4', 'b/a/5']);
      expect(await store.deletePrefix('a/')).toBe(0);
      expect(await store.deletePrefix('nothing/')).toBe(0);
      expect((await readAll(await store.get('ab/4'))).toString()).toBe('ab/4');
    });

    it('deletePrefix refuses a prefix that is not a folder', async () => {
      await store.put('keep/me', Buffer.from('x'), PNG);
      for (const prefix of ['', 'keep', '/', '../', 'a//']) {
        await expect(store.deletePrefix(prefix)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      expect(await store.head('keep/me')).toMatchObject({ size: 1 });
    });

    it('lists keys and sizes under a prefix in ascending order', async () => {
      for (const key of ['v/b/2', 'v/a', 'v/b-1', 'v/b.0', 'v/b/1', 'w/1', 'v2']) {
        await store.put(key, Buffer.alloc(key.length), PNG);
      }
      expect(await listAll(store, 'v/')).toEqual([
        { key: 'v/a', size: 3 },
        { key: 'v/b-1', size: 5 },
        { key: 'v/b.0', size: 5 },
        { key: 'v/b/1', size: 5 },
        { key: 'v/b/2', size: 5 },
      ]);
      expect((await listAll(store, 'v')).map((e) => e.key)).toEqual([
        'v/a',
        'v/b-1',
        'v/b.0',
        'v/b/1',
        'v/b/2',
        'v2',
      ]);
      expect((await listAll(store, 'v/b')).map((e) => e.key)).toEqual(['v/b-1', 'v/b.0', 'v/b/1', 'v/b/2']);
      expect(await listAll(store, 'nothing/')).toEqual([]);
      expect(await listAll(store, '')).toHaveLength(7);
    });

    it('accepts keys made of every allowed character', async () => {
      const key = 'Az09._-/.hidden/..dots/x-y_z.v1.webp';
      await store.put(key, Buffer.from('ok'), PNG);
      expect((await readAll(await store.get(key))).toString()).toBe('ok');
      expect((await listAll(store, '')).map((e) => e.key)).toEqual([key]);
    });

    describe('rejects invalid keys before any I/O', () => {
      const invalid = [
        '../x',
        '/abs',
        'a//b',
        'a/./b',
        '',
        'a/',
        'a/..',
        'a\\b',
        'a b',
        'é.png',
        'x'.repeat(1025),
      ];
      const cases = invalid.map((key) => [
        key.length > 40 ? `${key.length} characters` : JSON.stringify(key),
        key,
      ]);

      it.each(cases)('%s', async (_label, key) => {
        const body = new PassThrough();
        const missingFile = path.join(scratch, 'does-not-exist');
        const calls: [string, () => Promise<unknown>][] = [
          ['put', () => store.put(key, Buffer.from('x'), PNG)],
          ['put (stream)', () => store.put(key, body, PNG)],
          // The local file does not exist either: the key must be refused first.
          ['putFile', () => store.putFile(key, missingFile, PNG)],
          ['get', () => store.get(key)],
          ['get (range)', () => store.get(key, { start: 0, end: 0 })],
          ['head', () => store.head(key)],
          ['delete', () => store.delete(key)],
        ];
        for (const [, call] of calls) {
          await expect(call()).rejects.toBeInstanceOf(InvalidBlobKeyError);
        }
        expect(body.readableDidRead).toBe(false);
        expect(await listAll(store, '')).toEqual([]);
      });

      it('in list prefixes too', async () => {
        for (const prefix of ['../', '/a', 'a//b', 'a/../b', 'a b']) {
          await expect(listAll(store, prefix)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        }
      });
    });

    describe('atomic writes', () => {
      it.each([
        ['early', 1024],
        ['after more than one part', 'part+1KiB'],
      ] as const)(
        'a body that fails %s rethrows its error, stores nothing and keeps the previous object',
        async (_when, failAt) => {
          await store.put('atomic/kept', Buffer.from('previous'), PNG);
          const bytes = randomBytes(failAt === 'part+1KiB' ? partSize + 1024 : failAt);
          const tooLarge = new Error('body exceeded the upload limit');
          await expect(store.put('atomic/new', failingAfter(bytes, tooLarge), PNG)).rejects.toBe(tooLarge);
          const again = new Error('cut short again');
          await expect(store.put('atomic/kept', failingAfter(bytes, again), PNG)).rejects.toBe(again);

          expect(await store.head('atomic/new')).toBeUndefined();
          await expect(store.get('atomic/new')).rejects.toBeInstanceOf(BlobNotFoundError);
          expect((await readAll(await store.get('atomic/kept'))).toString()).toBe('previous');
          expect(await store.head('atomic/kept')).toMatchObject({ size: 8, contentType: 'image/png' });
          expect((await listAll(store, '')).map((e) => e.key)).toEqual(['atomic/kept']);
        },
      );

      it('readers see the previous object while a put is in progress', async () => {
        await store.put('atomic/live', Buffer.from('old'), PNG);
        const body = new PassThrough();
        const first = randomBytes(MiB);
        const putting = store.put('atomic/live', body, { contentType: 'image/gif' });
        body.write(first);
        // Once the store has taken the first MiB, it is in the middle of its write.
        await until(() => body.readableLength === 0 && body.writableLength === 0);

        expect(await store.head('atomic/live')).toMatchObject({ size: 3, contentType: 'image/png' });
        expect((await readAll(await store.get('atomic/live'))).toString()).toBe('old');

        const rest = randomBytes(1000);
        body.end(rest);
        await putting;
        expect(sha256(await readAll(await store.get('atomic/live')))).toBe(
          sha256(Buffer.concat([first, rest])),
        );
        expect(await store.head('atomic/live')).toMatchObject({ contentType: 'image/gif' });
      });
    });

    it('ping succeeds on a usable store', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
