import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics';
import { S3BlobStore } from '../../storage';
import { openTaggingDeps, type TaggingDeps } from '../openTaggingDeps';
import { TaggingError } from '../TaggingError';
import type { Tagger } from '../types';
import { managedDatabaseName } from './managedDatabaseName';
import { serverDatabaseUrl } from './serverDatabaseUrl';
import type { DatabaseSecret, PlatformLambdaConfig } from './types';

export interface PlatformServersOptions {
  readonly config: PlatformLambdaConfig;
  readonly s3Client: S3Client;
  /** Reads the database secret; called again only after a refused login (the password was rotated). */
  readonly readSecret: () => Promise<DatabaseSecret>;
  /** Shared by every server, so that models load once per container. */
  readonly taggers: readonly Tagger[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Servers kept open in a warm container; the least recently used is closed beyond it. @default 8 */
  readonly maxOpen?: number;
}

export interface ServerRef {
  readonly namespace: string;
  readonly name: string;
  readonly storePrefix: string;
}

/** SQLSTATE: the database does not exist. */
const NO_DATABASE = '3D000';
/** SQLSTATE class of refused logins (28P01 a wrong password, as after a rotation). */
const LOGIN_REFUSED = '28';

/**
 * The tagging dependencies of each server the platform function has seen, opened on first use:
 * the server's own database on the shared instance (by the operator's naming rule, never migrated
 * here: each server owns its schema) and a blob store on its prefix of the shared bucket.
 */
export class PlatformServers {
  private readonly open = new Map<string, Promise<TaggingDeps>>();
  private secret: Promise<DatabaseSecret> | undefined;

  constructor(private readonly options: PlatformServersOptions) {}

  /**
   * @throws TaggingError SERVER_DATABASE_NOT_FOUND when the server has no database; the database
   * layer's error when it cannot be reached.
   */
  get(server: ServerRef): Promise<TaggingDeps> {
    const key = `${server.namespace}/${server.name}/${server.storePrefix}`;
    let deps = this.open.get(key);
    if (deps) {
      // Most recently used last, so that eviction takes the first.
      this.open.delete(key);
      this.open.set(key, deps);
      return deps;
    }
    deps = this.openServer(server);
    this.open.set(key, deps);
    deps.catch(() => this.open.delete(key));
    void this.evict();
    return deps;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((deps) => deps.then((d) => d.close()).catch(() => undefined)));
  }

  private async evict(): Promise<void> {
    const maxOpen = this.options.maxOpen ?? 8;
    while (this.open.size > maxOpen) {
      const [key, deps] = this.open.entries().next().value!;
      this.open.delete(key);
      await deps.then((d) => d.close()).catch(() => undefined);
    }
  }

  private async openServer(server: ServerRef): Promise<TaggingDeps> {
    const { config, logger } = this.options;
    this.secret ??= this.options.readSecret();
    this.secret.catch(() => (this.secret = undefined));
    const database = managedDatabaseName(server.namespace, server.name);
    const store = new S3BlobStore({
      client: this.options.s3Client,
      bucket: config.bucket,
      prefix: server.storePrefix,
    });
    const deps = await openTaggingDeps(
      {
        ...config.base,
        databaseUrl: serverDatabaseUrl(await this.secret, database),
        s3: { ...config.base.s3!, bucket: config.bucket, prefix: server.storePrefix },
      },
      { logger, metrics: this.options.metrics, taggers: this.options.taggers, store, migrate: false },
    );
    try {
      await deps.db.ping();
      return deps;
    } catch (err) {
      await deps.close();
      const code = sqlState(err);
      // The secret was probably rotated: read it again for the next attempt.
      if (code?.startsWith(LOGIN_REFUSED)) this.secret = undefined;
      if (code === NO_DATABASE) {
        throw new TaggingError(
          'SERVER_DATABASE_NOT_FOUND',
          `No database ${database} for ImageServer ${server.namespace}/${server.name}`,
          false,
          { cause: err },
        );
      }
      throw err;
    }
  }
}

/** The PostgreSQL SQLSTATE somewhere in the error's causes (the database layer wraps pg's errors). */
function sqlState(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown; parent?: unknown; original?: unknown } | undefined,
      depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = (e.cause ?? e.parent ?? e.original) as typeof e;
  }
  return undefined;
}
