import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../../test-support/http/startTestServer';
import { createPostgresTestDatabase, type TestDatabase } from '../../db/__fixtures__/postgresTestDatabase';
import { bullConnection, QUEUE_PREFIX } from './BullTaggingQueue';

/**
 * Queue mode against the machine's real Redis and PostgreSQL, with workers in child processes.
 * Each run uses its own queue name (keys under `imageserver:<name>:`) and removes only those keys.
 */
const REDIS_URL = process.env.IMAGESERVER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SERVER_DIR = path.resolve(__dirname, '../../..');
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

let database: TestDatabase;
let dataDir: string;
let server: TestServer;
let env: Record<string, string>;
let queue: Queue;
let connection: ReturnType<typeof bullConnection>;
const children = new Set<ChildProcess>();

/** Starts a worker process; resolves once it printed `ready` (fixture) or logged that it started. */
function startWorker(
  entry: string,
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env, LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/\bready\b|tagging worker started/.test(output)) resolve({ child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function until<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function upload(background: string): Promise<string> {
  const bytes = await sharp({ create: { width: 120, height: 80, channels: 3, background } })
    .png()
    .toBuffer();
  const res = await server.request.post('/v1/images').set(auth).attach('file', bytes, 'x.png');
  expect(res.status).toBe(201);
  await server.parts.events.drain(); // the upload's job is queued
  return res.body.id as string;
}

async function tagging(id: string) {
  const res = await server.request.get(`/v1/images/${id}`).set(auth);
  return res.body as {
    tagging: {
      status: string;
      taggers: { name: string; status: string; attempts: number; error: string | null }[];
    };
    tags: { name: string; source: string }[];
  };
}

beforeAll(async () => {
  database = await createPostgresTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'imageserver-queue-'));
  env = {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    REDIS_URL,
    TAGGING_MODE: 'queue',
    TAGGING_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    REDIS_NAMESPACE: `imageserver-test-${randomBytes(6).toString('hex')}`,
    TAGGERS: 'basic,colour',
    TAGGING_ATTEMPTS: '2',
    TAGGING_BACKOFF_MS: '100',
    LOG_LEVEL: 'warn',
  };
  server = await startTestServer({ env });
  connection = bullConnection(REDIS_URL);
  queue = new Queue(env.TAGGING_QUEUE!, { connection, prefix: QUEUE_PREFIX });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await queue.obliterate({ force: true });
  await queue.close();
  // The server's and workers' cache entries, under this run's own namespace.
  for (const key of await connection.keys(`${env.REDIS_NAMESPACE}:*`)) await connection.del(key);
  await connection.quit();
  await server.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

// First, before any worker with the default 30 s stalled-check interval has run: BullMQ lets one
// stalled check happen per interval across all workers of a queue.
it('a job whose worker is killed mid-job is retried by another worker', async () => {
  const slow = await startWorker('src/tagging/queue/__fixtures__/workerProcess.ts', { SLOW_TAGGERS: '1' });
  const id = await upload('#2040e0');
  await until(async () => slow.output().includes(`active ${id}`), 'the slow worker to start the job');
  slow.child.kill('SIGKILL');
  expect((await tagging(id)).tagging.status).toBe('pending');

  const rescuer = await startWorker('src/tagging/queue/__fixtures__/workerProcess.ts');
  try {
    const done = await until(async () => {
      const image = await tagging(id);
      return image.tagging.status === 'done' && image.tags.length > 0 && image;
    }, 'the second worker to take over the stalled job');
    expect(done.tags).toContainEqual(expect.objectContaining({ name: 'blue', source: 'colour' }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${rescuer.output()}`);
  } finally {
    await stopWorker(rescuer.child);
  }
});

it('an image that kills its worker every time ends failed instead of pending forever', async () => {
  const id = await upload('#8030c0');
  for (let round = 0; round < 2; round++) {
    const slow = await startWorker('src/tagging/queue/__fixtures__/workerProcess.ts', { SLOW_TAGGERS: '1' });
    await until(async () => slow.output().includes(`active ${id}`), `worker ${round + 1} to start the job`);
    slow.child.kill('SIGKILL');
  }
  // The next worker finds the job stalled a second time (more than maxStalledCount) and fails it.
  const watcher = await startWorker('src/tagging/queue/__fixtures__/workerProcess.ts');
  try {
    const failed = await until(async () => {
      const image = await tagging(id);
      // Taggers are marked failed one after another: wait for the last one.
      return (
        image.tagging.status === 'failed' &&
        image.tagging.taggers.every((t) => t.status !== 'pending') &&
        image
      );
    }, 'the job to be failed as stalled');
    expect(failed.tagging.taggers.map((t) => [t.name, t.status, t.error])).toEqual([
      ['basic', 'failed', 'the worker stopped while tagging this image, too often'],
      ['colour', 'failed', 'the worker stopped while tagging this image, too often'],
    ]);
  } finally {
    await stopWorker(watcher.child);
  }
});

it('a job enqueued by the server process is done by a separate worker process (npm run worker)', async () => {
  const id = await upload('#e02020');
  expect((await tagging(id)).tagging.status).toBe('pending');
  expect(await queue.getWaitingCount()).toBe(1);

  const worker = await startWorker('src/worker.ts');
  try {
    // Tags are read through the server's cache, which the worker invalidates right after storing.
    const done = await until(async () => {
      const image = await tagging(id);
      return image.tagging.status === 'done' && image.tags.length > 0 && image;
    }, 'the worker to tag the image');
    expect(done.tags).toContainEqual(expect.objectContaining({ name: 'red', source: 'colour' }));
    expect(done.tags).toContainEqual(expect.objectContaining({ name: 'landscape', source: 'basic' }));
  } finally {
    await stopWorker(worker.child);
  }
});

it('a poison image ends failed after its retries, and a malformed job fails at once, without blocking the queue', async () => {
  const poison = await upload('#20c040');
  const good = await upload('#f0d020');
  const record = (await server.db.images.findById(poison))!;
  await server.store.put(record.storageKey, Buffer.from('no longer an image'), { contentType: 'image/png' });
  const bad = await queue.add('tag', { imageId: '../../etc', taggers: ['basic'] }, { attempts: 2 });

  const worker = await startWorker('src/worker.ts');
  try {
    const failed = await until(async () => {
      const image = await tagging(poison);
      return image.tagging.status === 'failed' && image;
    }, 'the poison image to be marked failed');
    // basic needs only the dimensions stored at upload; colour decodes the bytes and cannot.
    expect(failed.tagging.taggers.find((t) => t.name === 'basic')).toMatchObject({ status: 'done' });
    expect(failed.tagging.taggers.find((t) => t.name === 'colour')).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: expect.stringMatching(/unsupported image format/i),
    });
    expect(
      await until(async () => (await tagging(good)).tagging.status === 'done', 'the good image to be tagged'),
    ).toBe(true);
    const badJob = await until(async () => {
      const job = await queue.getJob(bad.id!);
      return job?.failedReason ? job : undefined;
    }, 'the malformed job to fail');
    expect(badJob.failedReason).toMatch(/^Invalid tagging job: expected an image id for imageId/);
    expect(badJob.attemptsMade).toBe(1);
  } finally {
    await stopWorker(worker.child);
  }
});
