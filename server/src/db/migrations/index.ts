export { migrations } from './migrations';
export { MIGRATIONS_TABLE, runMigrations } from './runMigrations';
export type { Migration, MigrationContext } from './types';
