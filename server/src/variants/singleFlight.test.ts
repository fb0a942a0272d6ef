import { singleFlight } from './singleFlight';

describe('singleFlight', () => {
  it('runs one task per key at a time and shares its result or error', async () => {
    const once = singleFlight<number>();
    let calls = 0;
    const task = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return calls;
    };
    expect(await Promise.all([once('a', task), once('a', task), once('b', task)])).toEqual([2, 2, 2]);
    expect(calls).toBe(2);
    expect(await once('a', task)).toBe(3);

    const failing = () => Promise.reject(new Error('render failed'));
    const results = await Promise.allSettled([once('c', failing), once('c', task)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await once('c', task)).toBe(4);
  });
});
