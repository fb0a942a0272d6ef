import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config';
import { createServer, type ServerParts } from '../../src/createServer';
import { createLogger } from '../../src/logging/logger';
import { Metrics } from '../../src/metrics';
import { createBlobStore, type BlobStore } from '../../src/storage';
import { openDatabase, type Database } from '../../src/db';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const SIGNING_SECRET = Buffer.alloc(32, 7).toString('base64url');

export interface TestServer {
  readonly config: Config;
  readonly parts: ServerParts;
  readonly request: ReturnType<typeof supertest>;
  /** Base URL of a real listening socket (for raw HTTP clients and disconnect tests). */
  readonly url: string;
  readonly store: BlobStore;
  readonly db: Database;
  /** Every blob key in the store. */
  blobKeys(): Promise<string[]>;
  /** Files left in the upload temp folder. */
  tempFiles(): Promise<string[]>;
  /** Waits for work that continues after responses: variant writes to the cache layers. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Environment overrides on top of the test defaults. */
  readonly env?: Record<string, string>;
  /** Wraps the real store (for fault injection). */
  readonly wrapStore?: (store: BlobStore) => BlobStore;
  /** Wraps the real database (for fault injection). */
  readonly wrapDb?: (db: Database) => Database;
}

/**
 * A real image server on embedded defaults (SQLite file, filesystem store) in a fresh temp
 * folder, listening on a random loopback port.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'imageserver-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    SIGNING_KEYS: `k1:${SIGNING_SECRET}`,
    LOG_LEVEL: 'silent',
    // Background tagging would race tests of other parts; tagging tests turn it on.
    TAGGING_MODE: 'off',
    ...options.env,
  });
  const realStore = createBlobStore(config);
  const store = options.wrapStore ? options.wrapStore(realStore) : realStore;
  const realDb = await openDatabase(config.databaseUrl);
  const db = options.wrapDb ? options.wrapDb(realDb) : realDb;
  const parts = await createServer(config, {
    logger: createLogger(config),
    metrics: new Metrics({ defaultMetrics: false }),
    store,
    db,
  });
  const server: Server = parts.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    config: parts.context.config,
    parts,
    request: supertest(parts.app),
    url: `http://127.0.0.1:${port}`,
    store: realStore,
    db: realDb,
    async blobKeys() {
      const keys: string[] = [];
      for await (const item of realStore.list('')) keys.push(item.key);
      return keys.sort();
    },
    async tempFiles() {
      return readdir(path.join(dataDir, 'tmp')).catch(() => []);
    },
    settled: () => parts.context.variants.drain(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parts.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds or the attempts run out; for effects that follow a closed socket. */
export async function eventually(check: () => Promise<boolean>, attempts = 100, delayMs = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error('condition not reached');
}
