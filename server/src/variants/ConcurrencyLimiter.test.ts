import { isAppError, type AppError } from '../errors';
import { Metrics } from '../metrics';
import { ConcurrencyLimiter } from './ConcurrencyLimiter';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('ConcurrencyLimiter', () => {
  it('runs at most `concurrency` tasks, queues the next ones in order, and refuses beyond the queue', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const limiter = new ConcurrencyLimiter({ concurrency: 2, queueSize: 2, queueTimeoutMs: 60_000, metrics });
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        order.push(i);
        await g.opened;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    expect((await metrics.transformQueueDepth.get()).values[0]!.value).toBe(2);

    const refused = await limiter.run(async () => 'never').catch((e: unknown) => e);
    expect(isAppError(refused, 'OVERLOADED')).toBe(true);
    // Four tasks ahead on two slots at the assumed one second each, before any was measured.
    expect((refused as AppError).retryAfterSeconds).toBe(2);
    expect((await metrics.transformRejections.get()).values).toEqual([
      expect.objectContaining({ labels: { reason: 'queue_full' }, value: 1 }),
    ]);

    gates[0]!.open();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limiter.waiting).toBe(0);

    // After quick tasks, the same four tasks ahead are expected to clear within the one-second floor.
    for (let i = 0; i < 20; i++) await limiter.run(async () => i);
    const held = gate();
    const again = Array.from({ length: 4 }, () => limiter.run(() => held.opened));
    expect(limiter.retryAfterSeconds()).toBe(1);
    held.open();
    await Promise.all(again);
  });

  it('refuses a task that waited longer than the queue timeout', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const limiter = new ConcurrencyLimiter({ concurrency: 1, queueSize: 5, queueTimeoutMs: 20, metrics });
    const busy = gate();
    const first = limiter.run(() => busy.opened);
    const waited = await limiter.run(async () => 'late').catch((e: unknown) => e);
    expect(isAppError(waited, 'OVERLOADED')).toBe(true);
    expect(limiter.waiting).toBe(0);
    busy.open();
    await first;
    // The slot is free again.
    expect(await limiter.run(async () => 'ok')).toBe('ok');
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter({
      concurrency: 1,
      queueSize: 0,
      queueTimeoutMs: 10,
      metrics: new Metrics({ defaultMetrics: false }),
    });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 1)).toBe(1);
  });
});
