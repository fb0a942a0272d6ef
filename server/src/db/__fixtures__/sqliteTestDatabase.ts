import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestDatabase } from './postgresTestDatabase';

/** A SQLite file in a fresh temporary folder, one level down so that openDatabase must create it. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'imageserver-db-'));
  return {
    url: `sqlite:${path.join(dir, 'data', 'meta.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
