import type { Sequelize } from 'sequelize';

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  run(sql: string, callback: (err: Error | null) => void): void;
}

/**
 * Makes every SQLite connection Sequelize opens (it opens one per transaction) wait for locks and
 * enforce foreign keys before it is used. Sequelize issues `PRAGMA foreign_keys` without waiting for
 * it, and the pragma is ignored inside a transaction, so a `BEGIN` that overtakes it would run with
 * ON DELETE CASCADE silently off.
 */
export function configureSqliteConnections(sequelize: Sequelize, busyTimeoutMs: number): void {
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options?: object): Promise<SqliteConnection>;
  };
  const getConnection = manager.getConnection.bind(manager);
  const ready = new WeakSet<SqliteConnection>();
  manager.getConnection = async (options?: object): Promise<SqliteConnection> => {
    const connection = await getConnection(options);
    if (!ready.has(connection)) {
      connection.configure('busyTimeout', busyTimeoutMs);
      await new Promise<void>((resolve, reject) =>
        connection.run('PRAGMA foreign_keys = ON', (err) => (err ? reject(err) : resolve())),
      );
      ready.add(connection);
    }
    return connection;
  };
}
