import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server the tests create their databases on; the machine's PostgreSQL unless overridden. */
export const TEST_POSTGRES_ADMIN_URL =
  process.env.IMAGESERVER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database with a random name, so that test runs never share state. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `imageserver_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
