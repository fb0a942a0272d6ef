import { mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FsBlobStore } from './FsBlobStore';
import { describeBlobStoreContract, listAll } from './__fixtures__/describeBlobStoreContract';

async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'fs-blob-store-'));
}

describeBlobStoreContract('FsBlobStore', async () => {
  const root = await tempRoot();
  return { store: new FsBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    root = await tempRoot();
    store = new FsBlobStore(root);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  async function tree(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : ''))
      .sort();
  }

  it('keeps the bytes as a plain file under objects/ and the content type in a sidecar under meta/', async () => {
    await store.put('originals/ab/cd', Buffer.from('PNG bytes'), { contentType: 'image/png' });
    expect(await readFile(path.join(root, 'objects/originals/ab/cd'), 'utf8')).toBe('PNG bytes');
    expect(JSON.parse(await readFile(path.join(root, 'meta/originals/ab/cd'), 'utf8'))).toEqual({
      contentType: 'image/png',
    });
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('keeps no sidecar where the key names the content type, and drops a stale one on overwrite', async () => {
    const key = 'variants/ab/v1.webp';
    await store.put(key, Buffer.from('webp'), { contentType: 'image/webp', rebuildable: true });
    expect(await tree(path.join(root, 'meta'))).toEqual([]);
    expect(await store.head(key)).toMatchObject({ size: 4, contentType: 'image/webp' });

    await store.put(key, Buffer.from('png!'), { contentType: 'image/png' });
    expect(await store.head(key)).toMatchObject({ contentType: 'image/png' });
    await store.put(key, Buffer.from('webp'), { contentType: 'image/webp' });
    expect(await store.head(key)).toMatchObject({ contentType: 'image/webp' });
    expect(await tree(path.join(root, 'meta'))).toEqual(['variants/', 'variants/ab/']);
  });

  it('recreates the temp and object folders when they were removed under it', async () => {
    await store.put('variants/ab/v1.webp', Buffer.from('1'), { contentType: 'image/webp' });
    await rm(path.join(root, 'tmp'), { recursive: true });
    await rm(path.join(root, 'objects'), { recursive: true });
    await store.put('variants/ab/v2.webp', Buffer.from('2'), { contentType: 'image/webp' });
    await store.put('k/v', Readable.from([Buffer.from('3')]), { contentType: 'image/png' });
    expect(await tree(path.join(root, 'objects'))).toEqual([
      'k/',
      'k/v',
      'variants/',
      'variants/ab/',
      'variants/ab/v2.webp',
    ]);
  });

  it('fsyncs bytes, sidecar and both folders; for a rebuildable object only its bytes', async () => {
    const handle = await open(root, 'r');
    const fileHandle = Object.getPrototypeOf(handle) as { sync(): Promise<void> };
    await handle.close();
    const sync = jest.spyOn(fileHandle, 'sync');
    try {
      await store.put('durable/k', Buffer.from('original'), { contentType: 'image/png' });
      expect(sync).toHaveBeenCalledTimes(4);
      sync.mockClear();
      await store.put('cache/k', Buffer.from('variant'), { contentType: 'image/webp', rebuildable: true });
      expect(sync).toHaveBeenCalledTimes(1);
    } finally {
      sync.mockRestore();
    }
  });

  it('creates nothing on disk for a rejected key', async () => {
    await expect(store.put('../escape', Buffer.from('x'), { contentType: 'image/png' })).rejects.toThrow(
      'Invalid blob key "../escape": "." and ".." segments are not allowed',
    );
    await expect(stat(root)).resolves.toBeDefined();
    expect(await tree(root)).toEqual([]);
    await expect(stat(path.join(root, '..', 'escape'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a failing body leaves no temp file behind', async () => {
    const boom = new Error('client went away');
    const body = Readable.from(
      (async function* () {
        yield Buffer.alloc(256 * 1024, 7);
        throw boom;
      })(),
    );
    await expect(store.put('k/v', body, { contentType: 'image/png' })).rejects.toBe(boom);
    expect(await tree(root)).toEqual(['tmp/']);
  });

  it('putFile of a missing local file rejects with its ENOENT (not a storage error) and leaves nothing', async () => {
    const failure = store.putFile('k/v', path.join(root, 'no-such-file'), { contentType: 'image/png' });
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
    expect(await tree(root)).toEqual(['tmp/']);
  });

  it('delete and deletePrefix remove the folders they leave empty', async () => {
    const png = { contentType: 'image/png' };
    await store.put('variants/a1/w100.webp', Buffer.from('1'), png);
    await store.put('variants/a1/deep/w200.webp', Buffer.from('2'), png);
    await store.put('variants/b2/w100.webp', Buffer.from('3'), png);
    await store.put('originals/a1', Buffer.from('4'), png);

    expect(await store.deletePrefix('variants/a1/')).toBe(2);
    await store.delete('originals/a1');
    expect(await tree(path.join(root, 'objects'))).toEqual([
      'variants/',
      'variants/b2/',
      'variants/b2/w100.webp',
    ]);
    expect(await tree(path.join(root, 'meta'))).toEqual([
      'variants/',
      'variants/b2/',
      'variants/b2/w100.webp',
    ]);

    expect(await store.deletePrefix('variants/')).toBe(1);
    expect(await tree(path.join(root, 'objects'))).toEqual([]);
    expect(await listAll(store, '')).toEqual([]);
  });

  it('a key that names a folder of other keys is missing, and deleting it keeps them', async () => {
    await store.put('a/b', Buffer.from('x'), { contentType: 'image/png' });
    expect(await store.head('a')).toBeUndefined();
    await expect(store.get('a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.delete('a');
    expect(await store.head('a/b')).toMatchObject({ size: 1 });
  });

  it('ping fails with STORAGE_UNAVAILABLE when the root cannot be used', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const broken = new FsBlobStore(path.join(file, 'blobs'));
    await expect(broken.ping()).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      status: 503,
      cause: expect.objectContaining({ code: 'ENOTDIR' }),
    });
  });
});
