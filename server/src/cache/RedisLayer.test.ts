import { URL } from 'node:url';
import { Metrics } from '../metrics';
import { startRedisServer } from '../routes/__fixtures__/startRedisServer';
import { eventually } from '../../test-support/http/startTestServer';
import { RedisLayer } from './RedisLayer';

async function gauge(metrics: Metrics): Promise<number | undefined> {
  return (await metrics.cacheUp.get()).values.find((v) => v.labels.layer === 'l2')?.value;
}

describe('RedisLayer', () => {
  it('says there is no shared layer when no Redis is configured', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    expect(RedisLayer.open(undefined, metrics, () => undefined)).toBeUndefined();
    expect(await gauge(metrics)).toBe(0);
  });

  it('reports an outage once, for every cache using it, and its end', async () => {
    const first = await startRedisServer();
    const metrics = new Metrics({ defaultMetrics: false });
    const outages: unknown[] = [];
    const layer = RedisLayer.open(first.url, metrics, (err) => outages.push(err))!;
    let second: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    try {
      const heard: string[] = [];
      layer.listen('test:channel', (message) => heard.push(message));
      const published = () => layer.client.publish('test:channel', 'hello').catch(() => 0);
      await eventually(async () => (await published()) === 1);
      await eventually(async () => heard.includes('hello'));
      expect([layer.healthy, await gauge(metrics)]).toEqual([true, 1]);

      await first.kill();
      await eventually(async () => !layer.healthy);
      // Caches report the commands that fail meanwhile: counted, but the outage is logged once.
      layer.fail(new Error('GET failed'));
      layer.fail(new Error('SET failed'));
      expect(outages).toHaveLength(1);
      expect(await gauge(metrics)).toBe(0);
      const errors = (await metrics.cacheErrors.get()).values.find((v) => v.labels.layer === 'l2')?.value;
      expect(errors).toBeGreaterThanOrEqual(3);

      second = await startRedisServer(Number(new URL(first.url).port));
      await eventually(async () => layer.healthy, 100, 100);
      expect(await gauge(metrics)).toBe(1);
    } finally {
      await layer.close();
      await first.kill();
      await second?.kill();
    }
  });
});
