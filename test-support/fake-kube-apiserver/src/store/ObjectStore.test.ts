import { ExpiredError } from './ExpiredError';
import { ObjectStore } from './ObjectStore';
import type { KubeObject } from '../types';

const cm = (name: string, data = '1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data: { v: data },
});

describe('ObjectStore', () => {
  test('every write takes the next resourceVersion from one counter', () => {
    const store = new ObjectStore(100);
    const a = store.put('/configmaps', cm('a'));
    const b = store.put('/secrets', cm('b'));
    const gone = store.remove('/configmaps', a)!;
    expect([a, b, gone].map((o) => Number(o.metadata.resourceVersion))).toEqual([2, 3, 4]);
    expect(store.currentRevision()).toBe(4);
  });

  test('stored objects cannot be changed through returned copies', () => {
    const store = new ObjectStore(100);
    const a = store.put('/configmaps', cm('a'));
    (a.data as Record<string, string>).v = 'changed';
    expect(store.get('/configmaps', 'ns', 'a')!.data).toEqual({ v: '1' });
  });

  test('events after a resourceVersion carry the previous state; compacted history expires', () => {
    const store = new ObjectStore(100);
    store.put('/configmaps', cm('a'));
    store.put('/configmaps', cm('a', '2'));
    const events = store.eventsAfter(2);
    expect(events.map((e) => [e.type, (e.previous?.data as { v: string } | undefined)?.v])).toEqual([
      ['MODIFIED', '1'],
    ]);
    store.compact(3);
    expect(store.eventsAfter(3)).toEqual([]);
    expect(() => store.eventsAfter(2)).toThrow(ExpiredError);
  });

  test('a bounded history expires the oldest resourceVersions', () => {
    const store = new ObjectStore(2);
    for (const name of ['a', 'b', 'c']) store.put('/configmaps', cm(name));
    expect(() => store.eventsAfter(1)).toThrow('too old resource version: 1 (2)');
    expect(store.eventsAfter(2).map((e) => e.object.metadata.name)).toEqual(['b', 'c']);
  });
});
