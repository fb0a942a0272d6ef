import type { QueryInterface, Sequelize, Transaction } from 'sequelize';

/**
 * What a migration receives. Each migration runs in its own transaction, so a failure leaves the
 * schema as it was: pass `{ transaction }` to every call. (On PostgreSQL migrations run on a single
 * connection, so a call without it would wait for a second connection that never comes.)
 */
export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  transaction: Transaction;
  dialect: 'sqlite' | 'postgres';
}

/** One schema version. `name` is recorded in `schema_migrations` and must never change once released. */
export interface Migration {
  name: string;
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}
