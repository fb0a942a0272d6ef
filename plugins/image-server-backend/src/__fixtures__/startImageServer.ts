import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real image server (`server/src/main.ts`) in its own process, on embedded defaults. */
export interface TestImageServer {
  url: string;
  adminKey: string;
  stop(): Promise<void>;
}

/** A port nothing listens on (just released by the OS), for unreachable-server tests. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the image server with SQLite and files in a temporary DATA_DIR and waits for `/readyz`.
 * The process and its data are removed by `stop()`.
 */
export async function startImageServer(env: Record<string, string> = {}): Promise<TestImageServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-imageserver-'));
  const port = await freePort();
  const adminKey = 'portal-test-admin-key-0123456789';
  const main = path.join(__dirname, '../../../../server/src/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      PATH: process.env.PATH!,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`image server exited at start: ${stderr}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error(`image server did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    adminKey,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
