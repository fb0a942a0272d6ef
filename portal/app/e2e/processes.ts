import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A child process started for the test, with its output in a log file. */
export interface Started {
  name: string;
  child: ChildProcess;
  log: string;
}

// Groups still running when the test process exits (jest bailing out, a crash): ended on 'exit'
// so no server outlives the run even when afterAll never gets to stop() them.
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/** Starts a command in its own process group so stop() can end it and everything it spawned. */
export function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string },
): Started {
  const log = `${options.logDir}/${name}.log`;
  const out = createWriteStream(log);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) running.add(child.pid);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { name, child, log };
}

/**
 * Ends a started process group: SIGTERM, then SIGKILL if the leader lingers, then SIGKILL to the
 * group anyway, since children (the bundler's workers) can outlive a leader that already exited.
 */
export async function stop(p: Started, graceMs = 5000): Promise<void> {
  const pid = p.child.pid;
  if (pid === undefined) return;
  if (p.child.exitCode === null && p.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  signalGroup(pid, 'SIGKILL');
  running.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Polls a URL until `ready(response)` holds. Fails early, with the log's name, when the process
 * behind it exits, so a crash does not look like a slow start.
 */
export async function waitForUrl(
  url: string,
  p: Started,
  timeoutMs: number,
  ready: (res: Response) => boolean | Promise<boolean> = (r) => r.ok,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null)
      throw new Error(`${p.name} exited with code ${p.child.exitCode} before ${url} was ready; see ${p.log}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (await ready(res)) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last}); see ${p.log}`);
}
