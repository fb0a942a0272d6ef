import { TaggingError } from '../TaggingError';
import type { Attempt } from '../TaggingRunner';
import type { TaggingJob } from '../types';
import { InlineTaggingQueue } from './InlineTaggingQueue';

const job = (imageId: string): TaggingJob => ({ imageId, taggers: ['basic'] });

describe('InlineTaggingQueue', () => {
  it('never runs more jobs at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const queue = new InlineTaggingQueue(
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
      { concurrency: 2, attempts: 1, backoffMs: 1, onError: () => undefined },
    );
    for (let i = 0; i < 8; i++) await queue.enqueue(job(`i${i}`));
    await queue.drain();
    expect(peak).toBe(2);
  });

  it('retries with doubling delays, tells the last attempt it is final, and does not retry what can never succeed', async () => {
    const attempts: [string, Attempt][] = [];
    const errors: number[] = [];
    const queue = new InlineTaggingQueue(
      async (j, attempt) => {
        attempts.push([j.imageId, attempt]);
        if (j.imageId === 'bad') throw new TaggingError('INVALID_JOB', 'no', false);
        throw new Error('flaky');
      },
      { concurrency: 1, attempts: 3, backoffMs: 5, onError: (_j, _e, a) => errors.push(a.number) },
    );
    await queue.enqueue(job('flaky'));
    await queue.enqueue(job('bad'));
    await queue.drain();
    expect(attempts.filter(([id]) => id === 'flaky').map(([, a]) => a)).toEqual([
      { number: 1, final: false },
      { number: 2, final: false },
      { number: 3, final: true },
    ]);
    expect(attempts.filter(([id]) => id === 'bad')).toHaveLength(1);
    expect(errors.sort()).toEqual([1, 1, 2, 3]);
  });

  it('on close drops waiting jobs and pending retries and waits for the running one', async () => {
    const started: string[] = [];
    let finish!: () => void;
    const queue = new InlineTaggingQueue(
      async (j) => {
        started.push(j.imageId);
        await new Promise<void>((r) => (finish = r));
      },
      { concurrency: 1, attempts: 3, backoffMs: 1, onError: () => undefined },
    );
    await queue.enqueue(job('a'));
    await queue.enqueue(job('b'));
    await new Promise((r) => setImmediate(r));
    const closed = queue.close();
    finish();
    await closed;
    await queue.enqueue(job('c'));
    expect(started).toEqual(['a']);
  });
});
