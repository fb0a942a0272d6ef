/**
 * Benchmark: reconcile N ImageServers (default 500) against the fake API server.
 * Prints: time until all are Ready, API requests per ImageServer, writes on a no-op resync
 * (must be 0), operator peak RSS; and, as the baseline from the same run, the fake API server's
 * raw request throughput and the RSS of an idle operator.
 *
 *   npm run bench -w operator                 # 500 ImageServers
 *   N=100 CONCURRENCY=4 npm run bench -w operator
 *
 * The operator runs in a child process (its RSS is its own); this process runs the fake API server
 * and plays the Deployment controller (marks each Deployment's pods ready once it exists).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { FakeKubeApiServer, type KubeObject } from '@imageserver/fake-kube-apiserver';
import { applyDefaults, buildCrd, imageServerSchema } from '../src/crd';
import { KubeClient } from '../src/kube/KubeClient';

const N = Number(process.env.N ?? 500);
/** Heap cap of the operator process: the same as NODE_OPTIONS in config/manager. */
const heapCapMb = process.env.MAX_OLD_SPACE_MB ?? '256';
const NAMESPACES = Math.max(1, Math.ceil(N / 50));

interface Stats {
  idle: boolean;
  counts: Record<string, number>;
  peakRss: number;
  heapUsed: number;
  awsCalls: number;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ask(child: ChildProcess, type: string): Promise<Stats> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string } & Stats) => {
      if (msg.type !== 'stats') return;
      child.off('message', onMessage);
      resolve(msg);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

/** Compiles the operator for the child process: plain node, as in production (tsx adds ~70 MiB). */
function compileOperator(outDir: string): string {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json'), '--outDir', outDir],
    { stdio: 'inherit' },
  );
  return join(outDir, 'bench', 'operatorProcess.js');
}

async function startOperator(script: string, kubeconfigFile: string): Promise<ChildProcess> {
  const child = fork(script, [kubeconfigFile], {
    stdio: 'inherit',
    execArgv: ['--expose-gc', `--max-old-space-size=${heapCapMb}`],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`operator process exited with ${code}`)));
  });
  return child;
}

async function settledStats(child: ChildProcess): Promise<Stats> {
  let idleTwice = 0;
  for (;;) {
    const s = await ask(child, 'stats');
    idleTwice = s.idle ? idleTwice + 1 : 0;
    if (idleTwice >= 3) return s;
    await sleep(100);
  }
}

/** Baseline: what the fake API server serves per second to one client, 8 requests in flight. */
async function baselineThroughput(kube: KubeClient): Promise<number> {
  const total = 2000;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        const i = next++;
        if (i % 2 === 0) {
          await kube.create(
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: `baseline-${i}`, namespace: 'default' },
              data: { i: String(i) },
            },
            'bench',
          );
        } else {
          await kube.get({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace: 'default',
            name: `baseline-${i - 1}`,
          });
        }
      }
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

async function main() {
  const api = new FakeKubeApiServer({
    namespaces: ['default', 'kube-system', ...Array.from({ length: NAMESPACES }, (_, i) => `bench-${i}`)],
  });
  await api.start();
  api.create(buildCrd() as unknown as KubeObject);
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-'));
  const kubeconfigFile = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigFile, api.kubeconfig());
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  const rawPerSecond = await baselineThroughput(new KubeClient(kc));

  for (let i = 0; i < NAMESPACES; i++) {
    api.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: `bench-${i}` },
      data: { url: Buffer.from('postgres://db/x').toString('base64') },
    });
  }
  // Inside the workspace so that the compiled files find node_modules; dist/ is git-ignored.
  const child = await startOperator(compileOperator(join(__dirname, '..', 'dist', 'bench')), kubeconfigFile);
  const idle = await settledStats(child);
  const idleRss = idle.peakRss;
  const idleHeap = idle.heapUsed;
  api.resetRequests();

  // The Deployment controller: pods of every Deployment generation become ready at once.
  let controllerRunning = true;
  const deploymentController = (async () => {
    while (controllerRunning) {
      for (const d of api.list({ apiVersion: 'apps/v1', kind: 'Deployment' })) {
        const status = d.status as { observedGeneration?: number } | undefined;
        if (status?.observedGeneration === d.metadata.generation) continue;
        const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
        api.setStatus(
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: d.metadata.namespace,
            name: d.metadata.name!,
          },
          {
            observedGeneration: d.metadata.generation,
            replicas,
            updatedReplicas: replicas,
            readyReplicas: replicas,
            availableReplicas: replicas,
          },
        );
      }
      await sleep(100);
    }
  })();

  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const server = applyDefaults(imageServerSchema, {
      apiVersion: 'imageserver.dev/v1alpha1',
      kind: 'ImageServer',
      metadata: { name: `server-${i}`, namespace: `bench-${i % NAMESPACES}` },
      spec: {
        image: 'ghcr.io/example/imageserver:1.0.0',
        storage: { bucket: `bench-bucket-${i}`, lifecycle: { expireVariantsDays: 30 } },
        database: { secretRef: { name: 'db' } },
        ingress: { host: `server-${i}.example.com` },
      },
    });
    api.create(server as unknown as KubeObject);
  }
  const ready = () =>
    api
      .list({ apiVersion: 'imageserver.dev/v1alpha1', kind: 'ImageServer' })
      .filter((s) =>
        (s.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ),
      ).length;
  while (ready() < N) await sleep(100);
  const allReadyMs = performance.now() - start;
  const afterCreate = await settledStats(child);
  const createRequests = api.requests();
  const watches = createRequests.filter((r) => r.verb === 'watch').length;
  const lists = createRequests.filter((r) => r.verb === 'list').length;
  const writes = createRequests.filter((r) => ['create', 'update', 'patch', 'delete'].includes(r.verb ?? ''));
  const events = writes.filter((r) => r.resource === 'events').length;

  api.resetRequests();
  const resyncStart = performance.now();
  child.send({ type: 'resync' });
  const afterResync = await settledStats(child);
  const resyncMs = performance.now() - resyncStart;
  const resyncRequests = api.requests();
  const resyncWrites = resyncRequests.filter((r) =>
    ['create', 'update', 'patch', 'delete'].includes(r.verb ?? ''),
  ).length;

  controllerRunning = false;
  await deploymentController;
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  await api.stop();

  const rows: [string, string][] = [
    ['ImageServers', String(N)],
    [
      'time until all Ready',
      `${(allReadyMs / 1000).toFixed(2)} s (${(N / (allReadyMs / 1000)).toFixed(0)} ImageServers/s)`,
    ],
    [
      'API requests per ImageServer',
      `${(createRequests.length / N).toFixed(1)} (writes ${((writes.length - events) / N).toFixed(1)} + events ${(events / N).toFixed(1)}; plus ${lists} lists, ${watches} watches after start-up)`,
    ],
    ['operator API request rate', `${(createRequests.length / (allReadyMs / 1000)).toFixed(0)} req/s`],
    [
      'baseline: fake API server raw throughput',
      `${rawPerSecond.toFixed(0)} req/s (1 client, 8 in flight, create+get)`,
    ],
    [
      'ratio operator rate / raw throughput',
      (createRequests.length / (allReadyMs / 1000) / rawPerSecond).toFixed(2),
    ],
    ['reconciles', JSON.stringify(afterCreate.counts)],
    ['AWS calls (S3, in-memory) per ImageServer', (afterCreate.awsCalls / N).toFixed(1)],
    ['no-op resync: writes', `${resyncWrites} (must be 0)`],
    [
      'no-op resync: requests, time',
      `${resyncRequests.length} requests, ${(resyncMs / 1000).toFixed(2)} s for ${N} reconciles`,
    ],
    [
      'operator peak RSS',
      `${mb(afterResync.peakRss)} with --max-old-space-size=${heapCapMb} (V8 heap after GC: ${mb(afterResync.heapUsed)} with ${N} ImageServers cached, ${mb(idleHeap)} idle)`,
    ],
    ['baseline: operator RSS idle (no ImageServers)', mb(idleRss)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (resyncWrites !== 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
