import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { runTransaction } from '../runTransaction';
import { migrations as allMigrations } from './migrations';
import type { Migration } from './types';

/** Name of the table recording applied migrations. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Applies pending migrations with umzug, each in its own transaction, and returns the names applied.
 * Callers serialise concurrent runs (see SqlDatabase.migrate).
 */
export async function runMigrations(
  sequelize: Sequelize,
  options: { logger?: (msg: string) => void; migrations?: readonly Migration[] } = {},
): Promise<string[]> {
  const dialect = sequelize.getDialect() === 'postgres' ? 'postgres' : 'sqlite';
  const queryInterface = sequelize.getQueryInterface();
  const umzug = new Umzug({
    migrations: (options.migrations ?? allMigrations).map((m) => ({
      name: m.name,
      up: () =>
        runTransaction(sequelize, (transaction) => m.up({ queryInterface, sequelize, transaction, dialect })),
      down: () =>
        runTransaction(sequelize, (transaction) =>
          m.down({ queryInterface, sequelize, transaction, dialect }),
        ),
    })),
    storage: new SequelizeStorage({ sequelize, modelName: 'SchemaMigration', tableName: MIGRATIONS_TABLE }),
    logger: undefined,
  });
  umzug.on('migrated', ({ name }) => options.logger?.(`database: applied migration ${name}`));
  const applied = await umzug.up();
  return applied.map((m) => m.name);
}
