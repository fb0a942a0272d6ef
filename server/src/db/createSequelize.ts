import { Sequelize, Transaction } from 'sequelize';
import { configureSqliteConnections } from './configureSqliteConnections';
import { measureQueries } from './measureQueries';
import type { DatabaseTarget } from './parseDatabaseUrl';

export interface SequelizeOptions {
  /** Largest PostgreSQL pool. */
  poolMax?: number;
  onQuery?: (seconds: number, ok: boolean) => void;
}

/** How long a SQLite writer waits for another writer before giving up with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * A Sequelize instance configured the same way everywhere: no SQL logging, UTC, fail fast when
 * PostgreSQL cannot be reached (5 s to connect, 10 s to get a pooled connection) so that requests
 * answer 503 instead of hanging; on SQLite, `BEGIN IMMEDIATE` so that concurrent writers queue on the
 * lock instead of failing when a read lock cannot be upgraded.
 */
export function createSequelize(target: DatabaseTarget, options: SequelizeOptions = {}): Sequelize {
  let sequelize: Sequelize;
  if (target.dialect === 'sqlite') {
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage: target.storage,
      logging: false,
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    configureSqliteConnections(sequelize, SQLITE_BUSY_TIMEOUT_MS);
  } else {
    sequelize = new Sequelize(target.url, {
      dialect: 'postgres',
      logging: false,
      pool: { max: options.poolMax ?? 10, min: 0, acquire: 10_000, idle: 10_000 },
      dialectOptions: { connectionTimeoutMillis: 5_000, application_name: 'imageserver' },
    });
  }
  if (options.onQuery) measureQueries(sequelize, options.onQuery);
  return sequelize;
}
