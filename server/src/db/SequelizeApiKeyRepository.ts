import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import { AppError } from '../errors';
import type { ApiKeyInstance, Models } from './models';
import { runTransaction } from './runTransaction';
import { toDatabaseError } from './toDatabaseError';
import type { ApiKeyRecord, ApiKeyRepository, Scope } from './types';
import { ID_PATTERN } from './validateNewImage';
import { withDatabaseErrors } from './withDatabaseErrors';

const SCOPES: readonly Scope[] = ['images:read', 'images:write', 'images:delete', 'admin'];
/** `touch` writes at most this often per key. */
export const TOUCH_INTERVAL_MS = 60_000;
/** Bound on the in-memory throttle so that touching many ids cannot grow it without limit. */
const MAX_THROTTLED_KEYS = 10_000;

/** ApiKeyRepository on Sequelize; behaves the same on SQLite and PostgreSQL. */
export class SequelizeApiKeyRepository implements ApiKeyRepository {
  /** Last time this process wrote lastUsedAt, per key: most touches cost no query at all. */
  private readonly lastTouched = new Map<string, number>();

  /** Writes go through runTransaction so that, on SQLite, they queue with the other writers. */
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Pick<Models, 'ApiKey'>,
  ) {}

  async create(key: {
    id: string;
    name: string;
    scopes: Scope[];
    secretHash: string;
    expiresAt?: Date | null;
  }): Promise<ApiKeyRecord> {
    const name = typeof key.name === 'string' ? key.name.trim() : '';
    check(
      typeof key.id === 'string' && ID_PATTERN.test(key.id),
      'id',
      'Expected 1 to 64 characters [A-Za-z0-9._~-] for id',
    );
    check(name.length > 0 && name.length <= 200, 'name', 'Expected 1 to 200 characters for name');
    check(
      Array.isArray(key.scopes) && key.scopes.every((s) => SCOPES.includes(s)),
      'scopes',
      `Expected scopes from ${SCOPES.join(', ')}`,
    );
    check(
      typeof key.secretHash === 'string' && key.secretHash.length > 0 && key.secretHash.length <= 255,
      'secretHash',
      'Expected 1 to 255 characters for secretHash',
    );
    const expiresAt = key.expiresAt ?? null;
    check(
      expiresAt === null || (expiresAt instanceof Date && !Number.isNaN(expiresAt.getTime())),
      'expiresAt',
      'Expected a valid date or null for expiresAt',
    );
    try {
      const row = await runTransaction(this.sequelize, (transaction) =>
        this.models.ApiKey.create(
          { id: key.id, name, scopes: [...new Set(key.scopes)], secretHash: key.secretHash, expiresAt },
          { transaction },
        ),
      );
      return toRecord(row);
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        throw new AppError('CONFLICT', `An API key with id ${key.id} already exists.`, { cause: err });
      }
      throw toDatabaseError(err);
    }
  }

  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await withDatabaseErrors(() => this.models.ApiKey.findByPk(id));
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await withDatabaseErrors(() =>
      this.models.ApiKey.findAll({
        order: [
          ['createdAt', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
    );
    return rows.map(toRecord);
  }

  async revoke(id: string, at: Date = new Date()): Promise<boolean> {
    const { ApiKey } = this.models;
    return withDatabaseErrors(() =>
      runTransaction(this.sequelize, async (transaction) => {
        // Only the first revocation counts: revoking again keeps the original time.
        const [updated] = await ApiKey.update(
          { revokedAt: at },
          { where: { id, revokedAt: null }, transaction },
        );
        return updated > 0 || (await ApiKey.count({ where: { id }, transaction })) > 0;
      }),
    );
  }

  async touch(id: string, at: Date = new Date()): Promise<void> {
    const now = at.getTime();
    const last = this.lastTouched.get(id);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    if (this.lastTouched.size >= MAX_THROTTLED_KEYS) this.lastTouched.clear();
    this.lastTouched.set(id, now);
    // The condition keeps other replicas to the same rhythm and never moves the time backwards.
    await withDatabaseErrors(() =>
      runTransaction(this.sequelize, (transaction) =>
        this.models.ApiKey.update(
          { lastUsedAt: at },
          {
            where: {
              id,
              [Op.or]: [
                { lastUsedAt: null },
                { lastUsedAt: { [Op.lte]: new Date(now - TOUCH_INTERVAL_MS) } },
              ],
            },
            transaction,
          },
        ),
      ),
    );
  }
}

function toRecord(row: ApiKeyInstance): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: [...row.scopes],
    secretHash: row.secretHash,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt ?? null,
    revokedAt: row.revokedAt ?? null,
    lastUsedAt: row.lastUsedAt ?? null,
  };
}

function check(ok: boolean, parameter: string, detail: string): void {
  if (!ok) throw new AppError('INVALID_PARAMETER', detail, { extensions: { parameter } });
}
