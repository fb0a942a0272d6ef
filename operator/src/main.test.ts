import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import { waitFor } from './__fixtures__/harness';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test('the operator process serves health and metrics, leads, and on SIGTERM releases the Lease and exits 0', async () => {
  const api = new FakeKubeApiServer({ namespaces: ['default', 'imageserver-system'] });
  await api.start();
  const file = join(mkdtempSync(join(tmpdir(), 'operator-main-')), 'kubeconfig');
  writeFileSync(file, api.kubeconfig());
  const port = await freePort();
  // Node itself with tsx's loader, not the tsx CLI: the CLI relays SIGTERM to its child and
  // SIGKILLs it (exit 143) when the child does not acknowledge within 30 ms, as on a busy machine.
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
    env: {
      ...process.env,
      KUBECONFIG: file,
      HTTP_PORT: String(port),
      POD_NAME: 'main-test',
      LOG_LEVEL: 'warn',
      LEASE_RETRY_SECONDS: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.once('exit', (code) => {
    if (code) console.error(stderr);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const health = await waitFor(
      'healthz',
      () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200),
      20_000,
    );
    expect(health).toBe(true);
    const lease = await waitFor(
      'lease',
      () =>
        api.get({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          namespace: 'imageserver-system',
          name: 'imageserver-operator',
        }),
      20_000,
    );
    expect((lease.spec as { holderIdentity: string }).holderIdentity).toBe('main-test');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('imageserver_operator_leader 1');
    expect(metrics).toContain('imageserver_operator_kube_requests_total');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const released = api.get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: 'imageserver-system',
      name: 'imageserver-operator',
    });
    expect((released!.spec as { holderIdentity: string }).holderIdentity).toBe('');
  } finally {
    child.kill('SIGKILL');
    await api.stop();
  }
});
