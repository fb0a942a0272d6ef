import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FsBlobStore } from './FsBlobStore';
import { timedBlobStore } from './timedBlobStore';
import type { BlobStore } from './types';
import { listAll, readAll } from './__fixtures__/describeBlobStoreContract';

describe('timedBlobStore', () => {
  let root: string;
  let calls: { op: keyof BlobStore; seconds: number; outcome: 'ok' | 'error' }[];
  let store: BlobStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'timed-blob-store-'));
    calls = [];
    store = timedBlobStore(new FsBlobStore(root), (op, seconds, outcome) =>
      calls.push({ op, seconds, outcome }),
    );
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  const summary = () => calls.map((c) => `${c.op}:${c.outcome}`);

  it('reports each call with its outcome and passes results through', async () => {
    expect(store.kind).toBe('fs');
    const file = path.join(root, 'local.bin');
    await store.put('a/1', Buffer.from('one'), { contentType: 'image/png' });
    await writeFile(file, 'two');
    await store.putFile('a/2', file, { contentType: 'image/png' });
    expect((await readAll(await store.get('a/1', { start: 1, end: 2 }))).toString()).toBe('ne');
    expect(await store.head('a/2')).toMatchObject({ size: 3 });
    expect(await listAll(store, 'a/')).toEqual([
      { key: 'a/1', size: 3 },
      { key: 'a/2', size: 3 },
    ]);
    expect(await store.deletePrefix('a/')).toBe(2);
    await store.delete('a/1');
    await store.ping();

    expect(summary()).toEqual([
      'put:ok',
      'putFile:ok',
      'get:ok',
      'head:ok',
      'list:ok',
      'deletePrefix:ok',
      'delete:ok',
      'ping:ok',
    ]);
    for (const call of calls) expect(call.seconds).toBeGreaterThanOrEqual(0);
  });

  it('counts a missing key as ok and a failure as error, rethrowing both unchanged', async () => {
    await expect(store.get('missing')).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'missing' });
    await expect(store.put('../bad', Buffer.from('x'), { contentType: 'image/png' })).rejects.toThrow(
      'Invalid blob key "../bad"',
    );
    await expect(listAll(store, '/bad')).rejects.toThrow('Invalid blob key "/bad"');
    expect(summary()).toEqual(['get:ok', 'put:error', 'list:error']);
  });

  it('reports a list the consumer stops early as ok, once', async () => {
    await store.put('l/1', Buffer.from('1'), { contentType: 'image/png' });
    await store.put('l/2', Buffer.from('2'), { contentType: 'image/png' });
    calls = [];
    for await (const entry of store.list('l/')) {
      expect(entry.key).toBe('l/1');
      break;
    }
    expect(summary()).toEqual(['list:ok']);
  });

  it('reports a list only when it is iterated', () => {
    store.list('l/');
    expect(calls).toEqual([]);
  });
});
