/**
 * How fast the fake answers through the real client, next to a baseline in the same run: a bare
 * node:http server that returns a canned ConfigMap without any semantics. The ratio is the cost of
 * the fake's work (store, selectors, managedFields, watch fan-out) over HTTP + client overhead, which
 * tells benchmark authors whether the fake could be their bottleneck.
 *
 * Usage: npx tsx bench/throughput.ts [requests=2000]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { buildKubeconfig, FakeKubeApiServer } from '../src';

const requests = Number(process.argv[2] ?? 2000);
const concurrency = 8;

async function timed(
  label: string,
  op: (i: number) => Promise<unknown>,
): Promise<{ label: string; perSecond: number }> {
  // Warm up (JIT, keep-alive sockets) so the first case is not penalised.
  for (let i = 0; i < 100; i++) await op(i);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await op(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, perSecond: requests / seconds };
}

async function main(): Promise<void> {
  const canned = JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default', resourceVersion: '1' },
    data: { a: '1' },
  });
  const baseline = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(canned);
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const baseKc = new KubeConfig();
  baseKc.loadFromString(buildKubeconfig(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}`, 'x'));

  const api = new FakeKubeApiServer();
  await api.start();
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig());
  const core = kc.makeApiClient(CoreV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'cfg' }, data: { a: '1' } },
  });
  for (let i = 0; i < 500; i++)
    api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `filler-${i}`, namespace: 'default', labels: { n: String(i % 10) } },
    });

  const results = [
    await timed('baseline GET (canned http)', () =>
      baseKc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace: 'default', name: 'cfg' }),
    ),
    await timed('fake GET', () => core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' })),
    await timed('fake LIST 501 items, labelSelector', () =>
      core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'n=3' }),
    ),
    await timed('fake SSA apply (no-op)', () =>
      objects.patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cfg', namespace: 'default' },
          data: { a: '1' },
        },
        undefined,
        undefined,
        'bench',
        true,
        PatchStrategy.ServerSideApply,
      ),
    ),
    await timed('fake SSA apply (write)', (i) =>
      objects.patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cfg', namespace: 'default' },
          data: { a: String(i) },
        },
        undefined,
        undefined,
        'bench',
        true,
        PatchStrategy.ServerSideApply,
      ),
    ),
  ];
  const base = results[0]!.perSecond;
  console.log(`requests per case: ${requests}, concurrency ${concurrency}`);
  console.log('case'.padEnd(40), 'req/s'.padStart(9), 'vs baseline'.padStart(12));
  for (const r of results)
    console.log(
      r.label.padEnd(40),
      r.perSecond.toFixed(0).padStart(9),
      `${(r.perSecond / base).toFixed(2)}x`.padStart(12),
    );
  console.log(`writes counted by the fake: ${api.requestCounts().writes}`);
  await api.stop();
  baseline.closeAllConnections();
  baseline.close();
}

void main();
