import { ByteBoundedCache } from './ByteBoundedCache';

describe('ByteBoundedCache', () => {
  it('evicts least recently used entries to stay within its byte bound', () => {
    const evicted: [string, number][] = [];
    const cache = new ByteBoundedCache({
      maxBytes: 100,
      ttlSeconds: 60,
      onEvict: (r, b) => evicted.push([r, b]),
    });
    cache.set('a', Buffer.alloc(40));
    cache.set('b', Buffer.alloc(40));
    expect(cache.get('a')?.length).toBe(40); // a is now more recent than b
    cache.set('c', Buffer.alloc(40));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.length).toBe(40);
    expect(cache.get('c')?.length).toBe(40);
    expect(cache.bytes).toBe(80);
    expect(evicted).toEqual([['capacity', 40]]);

    cache.set('huge', Buffer.alloc(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.delete('a')).toBe(40);
    expect(cache.bytes).toBe(40);
    cache.set('c', Buffer.alloc(10));
    expect(cache.bytes).toBe(10);
    cache.close();
  });
});
