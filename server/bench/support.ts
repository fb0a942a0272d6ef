// Process and HTTP helpers shared by the transformation benchmark and its peer servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts a TypeScript entry point in its own process and waits until `probePath` answers. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  probePath = '/healthz',
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: path.join(__dirname, '..'),
    // Without tsx's transpile cache, whose asynchronous writes would start libuv's thread pool
    // before the server sizes it (the compiled server has no such writes).
    env: { ...process.env, TSX_DISABLE_CACHE: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}${probePath}`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${args.join(' ')} did not start`);
}

/** Runs `work` over `items` with `concurrency` workers; returns elapsed seconds. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Resident set size of a process in bytes (Linux), or undefined once it is gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux), or undefined once it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may contain spaces): utime and stime are 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export async function cannon(url: string, seconds: number, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: 32, duration: seconds, headers });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/**
 * Waits until the server has auto-tagged every image, so that tagging (which decodes each
 * original in the server's process) does not compete with what is measured next.
 */
export async function waitForTagging(base: string, ids: readonly string[], adminKey: string): Promise<void> {
  for (const id of ids) {
    for (;;) {
      const res = await fetch(`${base}/v1/images/${id}`, {
        headers: { Authorization: `Bearer ${adminKey}` },
      });
      const body = (await res.json()) as { tagging?: { status: string } };
      if (body.tagging?.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Uploads a JPEG with the admin key; returns the new image's id. */
export async function uploadJpeg(base: string, adminKey: string, jpeg: Buffer): Promise<string> {
  const res = await fetch(`${base}/v1/images`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'image/jpeg' },
    body: new Uint8Array(jpeg),
  });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
