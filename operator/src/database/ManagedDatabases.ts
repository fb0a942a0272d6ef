import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { OperatorError } from '../errors';

/**
 * Databases and login roles on the shared PostgreSQL (RDS), one pair per ImageServer, managed
 * through the admin connection URL. Each call opens and closes its own connection: these calls
 * are rare (creation, deletion), and a pool would hold RDS connections for nothing.
 */
export class ManagedDatabases {
  /**
   * @param adminUrl - resolves the admin connection URL (read from the operator's Secret)
   */
  constructor(private readonly adminUrl: () => Promise<string>) {}

  /**
   * Creates the role (LOGIN, given password) and a database it owns, unless they exist;
   * `resetPassword` sets the password of an existing role (after its Secret was regenerated).
   * Other roles lose the default CONNECT right, so servers cannot reach each other's database.
   * @returns the server's connection URL and whether anything was created or changed
   */
  async ensure(
    name: string,
    password: string,
    resetPassword: boolean,
  ): Promise<{ url: string; changed: boolean }> {
    return this.withClient(async (db, admin) => {
      let changed = false;
      const role = escapeIdentifier(name);
      const roleExists = (await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount! > 0;
      if (!roleExists) {
        await db.query(`CREATE ROLE ${role} LOGIN PASSWORD ${escapeLiteral(password)}`);
        changed = true;
      } else if (resetPassword) {
        await db.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${escapeLiteral(password)}`);
        changed = true;
      }
      const dbExists = (await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
      if (!dbExists) {
        // On RDS the admin is no superuser: it must be a member of the role to give it a database.
        await db.query(`GRANT ${role} TO CURRENT_USER`).catch(() => undefined);
        await db.query(`CREATE DATABASE ${role} OWNER ${role}`);
        await db.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
        changed = true;
      }
      const url = new URL(admin);
      url.username = encodeURIComponent(name);
      url.password = encodeURIComponent(password);
      url.pathname = `/${name}`;
      return { url: url.toString(), changed };
    });
  }

  /** Drops the database (closing its connections) and the role; missing ones are fine. */
  async drop(name: string): Promise<void> {
    await this.withClient(async (db) => {
      const role = escapeIdentifier(name);
      await db.query(`DROP DATABASE IF EXISTS ${role} WITH (FORCE)`);
      await db.query(`DROP ROLE IF EXISTS ${role}`);
    });
  }

  private async withClient<T>(fn: (db: Client, adminUrl: string) => Promise<T>): Promise<T> {
    const adminUrl = await this.adminUrl();
    const db = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
    try {
      await db.connect();
      return await fn(db, adminUrl);
    } catch (err) {
      if (err instanceof OperatorError) throw err;
      throw new OperatorError('DATABASE', `managed database: ${(err as Error).message}`, false, {
        cause: err,
      });
    } finally {
      await db.end().catch(() => undefined);
    }
  }
}
