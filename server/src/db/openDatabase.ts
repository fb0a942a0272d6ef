import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { createSequelize } from './createSequelize';
import { defineModels } from './models';
import { parseDatabaseUrl } from './parseDatabaseUrl';
import { SequelizeApiKeyRepository } from './SequelizeApiKeyRepository';
import { SequelizeImageRepository } from './SequelizeImageRepository';
import { SqlDatabase } from './SqlDatabase';
import type { Database, OpenDatabaseOptions } from './types';

/**
 * Opens the metadata database named by `Config.databaseUrl`. PostgreSQL connects lazily, so a server
 * that is down shows up in `ping()` rather than here; SQLite opens its file now (creating the folder)
 * and switches it to WAL so that readers never wait for the writer. Call `migrate()` before use.
 * @throws AppError('DATABASE_UNAVAILABLE') when the SQLite file cannot be opened.
 * @throws Error when the URL is neither `sqlite:` nor `postgres://`.
 * @example
 * const db = await openDatabase(config.databaseUrl, { logger: (msg) => log.info(msg) });
 * await db.migrate();
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const sequelize = createSequelize(target, { onQuery: options.onQuery });
  if (target.dialect === 'sqlite' && target.storage !== ':memory:') {
    try {
      mkdirSync(path.dirname(target.storage), { recursive: true });
      await sequelize.query('PRAGMA journal_mode = WAL');
    } catch (err) {
      await sequelize.close().catch(() => undefined);
      throw new AppError('DATABASE_UNAVAILABLE', undefined, { cause: err });
    }
  }
  const models = defineModels(sequelize);
  return new SqlDatabase(
    sequelize,
    target,
    new SequelizeImageRepository(sequelize, models),
    new SequelizeApiKeyRepository(sequelize, models),
    options.logger,
  );
}
