import type { ApiKeyRecord, Database, Scope } from '../db';
import { AppError } from '../errors';
import type { RecordCache } from '../cache';
import { generateApiKey, parseApiKey, secretsEqual, verifySecret } from '../auth/apiKeyToken';
import type { Principal } from '../auth/types';

export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** The whole secret token; returned once, never stored. */
  readonly token: string;
}

/**
 * Issues, lists and revokes API keys and turns a presented token into a principal. Key rows
 * are cached (revocation is broadcast to every replica through the cache's invalidation).
 */
export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly cache: RecordCache<ApiKeyRecord>,
    private readonly bootstrapAdminKey: string | undefined,
  ) {}

  async create(input: { name: string; scopes: Scope[]; expiresAt: Date | null }): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const record = await this.db.apiKeys.create({
      id: key.id,
      name: input.name,
      scopes: input.scopes,
      secretHash: key.secretHash,
      expiresAt: input.expiresAt,
    });
    return { record, token: key.token };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.db.apiKeys.list();
  }

  /** @throws AppError NOT_FOUND */
  async revoke(id: string): Promise<void> {
    const revoked = await this.db.apiKeys.revoke(id);
    await this.cache.delete(id);
    if (!revoked) throw new AppError('NOT_FOUND', 'No API key has this id.');
  }

  /** The principal for a token, or undefined when the token is unknown, wrong, revoked or expired. */
  async authenticate(token: string, now = new Date()): Promise<Principal | undefined> {
    if (this.bootstrapAdminKey !== undefined && secretsEqual(token, this.bootstrapAdminKey)) {
      return { kind: 'bootstrapAdmin', scopes: ['admin'] };
    }
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    let record = await this.cache.get(parsed.id);
    if (!record) {
      record = await this.db.apiKeys.findById(parsed.id);
      if (!record) return undefined;
      await this.cache.set(parsed.id, record);
    }
    if (!verifySecret(parsed.secret, record.secretHash)) return undefined;
    if (record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
    void this.db.apiKeys.touch(record.id, now).catch(() => undefined);
    return { kind: 'apiKey', keyId: record.id, name: record.name, scopes: record.scopes };
  }
}
