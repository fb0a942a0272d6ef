import type { Sequelize } from 'sequelize';
import { AppError } from '../errors';
import { createSequelize } from './createSequelize';
import { runMigrations } from './migrations';
import type { DatabaseTarget } from './parseDatabaseUrl';
import { SequelizeTaggingRepository } from './SequelizeTaggingRepository';
import type { ApiKeyRepository, Database, ImageRepository, TaggingRepository } from './types';
import { withDatabaseErrors } from './withDatabaseErrors';

/** Session-level PostgreSQL advisory lock held while migrating ("imgsrv" in ASCII, arbitrary but fixed). */
export const MIGRATION_LOCK_KEY = 0x696d67737276;

/** A Database over one Sequelize instance; built by openDatabase. */
export class SqlDatabase implements Database {
  readonly dialect: 'sqlite' | 'postgres';
  readonly tagging: TaggingRepository;
  /** Runs of migrate() in this process, one after the other. */
  private migrations: Promise<void> = Promise.resolve();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly target: DatabaseTarget,
    readonly images: ImageRepository,
    readonly apiKeys: ApiKeyRepository,
    private readonly logger?: (msg: string) => void,
  ) {
    this.dialect = target.dialect;
    this.tagging = new SequelizeTaggingRepository(sequelize);
  }

  migrate(): Promise<void> {
    const run = this.migrations.catch(() => undefined).then(() => this.migrateOnce());
    this.migrations = run;
    return run;
  }

  private async migrateOnce(): Promise<void> {
    await withDatabaseErrors(async () => {
      if (this.target.dialect === 'sqlite') {
        await runMigrations(this.sequelize, { logger: this.logger });
        return;
      }
      // An advisory lock belongs to a session, so lock, migrate and unlock on one dedicated
      // connection: replicas starting together take turns, and the later ones find nothing to do.
      const single = createSequelize(this.target, { poolMax: 1 });
      try {
        await single.query('SELECT pg_advisory_lock(:key)', { replacements: { key: MIGRATION_LOCK_KEY } });
        try {
          await runMigrations(single, { logger: this.logger });
        } finally {
          await single.query('SELECT pg_advisory_unlock(:key)', {
            replacements: { key: MIGRATION_LOCK_KEY },
          });
        }
      } finally {
        await single.close();
      }
    });
  }

  async ping(): Promise<void> {
    try {
      await this.sequelize.query('SELECT 1');
    } catch (err) {
      throw new AppError('DATABASE_UNAVAILABLE', undefined, { cause: err });
    }
  }

  close(): Promise<void> {
    return this.sequelize.close();
  }
}
