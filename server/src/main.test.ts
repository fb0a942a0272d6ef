import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeJpeg } from '../test-support/images/makeImages';

/** The real entry point in its own process: start-up validation and graceful shutdown. */
const ADMIN = 'main-test-admin-key-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts')], {
    // tsx writes its transpile cache asynchronously, which would start libuv's thread pool
    // before the server sizes it; the compiled server (node dist/main.js) has no such writes.
    env: { PATH: process.env.PATH!, TSX_DISABLE_CACHE: '1', ...env },
  });
}

function exited(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })));
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'imageserver-main-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

it('refuses to start on bad settings, naming each of them', async () => {
  const result = await exited(run({ DATA_DIR: dataDir, PORT: 'x', STRIP_METADATA: 'gps' }));
  expect(result.code).toBe(78);
  expect(result.stderr).toContain('PORT: expected a positive integer');
  expect(result.stderr).toContain('STRIP_METADATA:');
});

async function started(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

/** libuv's worker threads in a process, by their Linux thread names. */
function libuvThreads(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).filter((task) =>
    readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').startsWith('libuv-worker'),
  ).length;
}

it.each([
  [{ TRANSFORM_CONCURRENCY: '3' }, 3 + 1 + 4], // renders, inline tagging, I/O
  [{ TRANSFORM_CONCURRENCY: '3', TAGGING_MODE: 'off' }, 3 + 4],
  [{ TRANSFORM_CONCURRENCY: '3', UV_THREADPOOL_SIZE: '5' }, 5], // an explicit size wins
])('sizes the libuv thread pool for renders and I/O: %j', async (env, threads) => {
  const port = await freePort();
  const child = run({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env });
  const done = exited(child);
  try {
    await started(port);
    expect(libuvThreads(child.pid!)).toBe(threads);
  } finally {
    child.kill('SIGTERM');
    await done;
  }
});

it('finishes an in-flight upload on SIGTERM, then exits cleanly', async () => {
  const port = await freePort();
  const child = run({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'info',
  });
  const done = exited(child);
  await started(port);
  const jpeg = await makeJpeg({ width: 300, height: 300 });
  const status = new Promise<number>((resolve, reject) => {
    const req = http.request(`http://127.0.0.1:${port}/v1/images`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${ADMIN}`,
        'Content-Type': 'image/jpeg',
        'Content-Length': jpeg.length,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    // Half now; SIGTERM; the rest after the server has begun shutting down.
    req.write(jpeg.subarray(0, 1000), () => {
      child.kill('SIGTERM');
      setTimeout(() => req.end(jpeg.subarray(1000)), 300);
    });
  });
  expect(await status).toBe(201);
  const result = await done;
  expect(result.code).toBe(0);
  const logs = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg: string; level: string });
  expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['image server listening', 'stopped']));
  expect(logs.every((l) => typeof l.level === 'string')).toBe(true);
  // Once stopped, it no longer accepts connections.
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
});
