import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';
import { describeDatabaseContract } from './__fixtures__/describeDatabaseContract';
import { newImage } from './__fixtures__/newImage';
import { createPostgresTestDatabase } from './__fixtures__/postgresTestDatabase';
import { createSqliteTestDatabase } from './__fixtures__/sqliteTestDatabase';
import { migrations } from './migrations';
import { openDatabase } from './openDatabase';

describeDatabaseContract('SQLite', createSqliteTestDatabase);
describeDatabaseContract('PostgreSQL', createPostgresTestDatabase);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** A local port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SQLite files', () => {
  it('are created with their folder and written in WAL mode', async () => {
    const test = await createSqliteTestDatabase();
    const file = test.url.slice('sqlite:'.length);
    const db = await openDatabase(test.url);
    try {
      await db.migrate();
      await db.images.create(newImage());
      expect(existsSync(file)).toBe(true);
      // The write-ahead log sits beside the database while a connection is open.
      expect(existsSync(`${file}-wal`)).toBe(true);
    } finally {
      await db.close();
      await test.drop();
    }
  });
});

describe('PostgreSQL migrations', () => {
  it('run once when two instances migrate the same database at the same time', async () => {
    const test = await createPostgresTestDatabase();
    const logs: string[][] = [[], []];
    const [a, b] = await Promise.all(
      logs.map((log) => openDatabase(test.url, { logger: (msg) => log.push(msg) })),
    );
    try {
      await Promise.all([a!.migrate(), b!.migrate()]);
      // Exactly one of them applied the migration; the other found it done.
      expect(logs.flat()).toEqual(migrations.map((m) => `database: applied migration ${m.name}`));
      const image = await a!.images.create(newImage());
      expect(await b!.images.findById(image.id)).toEqual(image);
    } finally {
      await a!.close();
      await b!.close();
      await test.drop();
    }
  });
});

describe('an unreachable database', () => {
  it('makes ping, queries and migrate fail with DATABASE_UNAVAILABLE', async () => {
    const outcomes: boolean[] = [];
    const db = await openDatabase(`postgres://postgres@127.0.0.1:${await closedPort()}/imageserver`, {
      onQuery: (_seconds, ok) => outcomes.push(ok),
    });
    try {
      const pingError = await rejectionOf(db.ping());
      expect(pingError).toBeInstanceOf(AppError);
      expect(pingError).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
      expect((pingError as AppError).cause).toMatchObject({ name: 'SequelizeConnectionRefusedError' });
      expect(await rejectionOf(db.images.list({ limit: 5 }))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(await rejectionOf(db.images.create(newImage()))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(await rejectionOf(db.apiKeys.findById('k'))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(await rejectionOf(db.migrate())).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.every((ok) => !ok)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('makes openDatabase fail with DATABASE_UNAVAILABLE when the SQLite file cannot be created', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imageserver-db-'));
    try {
      const file = path.join(dir, 'not-a-folder');
      writeFileSync(file, 'x');
      expect(await rejectionOf(openDatabase(`sqlite:${file}/meta.sqlite`))).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
