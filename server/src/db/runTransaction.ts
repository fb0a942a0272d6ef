import type { Sequelize, Transaction } from 'sequelize';

/** Tail of the queue of SQLite transactions, per Sequelize instance. */
const sqliteQueues = new WeakMap<Sequelize, Promise<unknown>>();

/**
 * Runs `work` in a transaction; pass the transaction to every query inside it.
 *
 * On SQLite, the transactions of one instance run one at a time. SQLite has a single writer anyway;
 * letting concurrent transactions wait in SQLite's busy handler instead parks each waiter on a libuv
 * thread-pool thread, and once the few threads are all waiting, the transaction holding the lock
 * cannot run its next statement: a convoy that ends in SQLITE_BUSY after the busy timeout.
 */
export function runTransaction<T>(
  sequelize: Sequelize,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  if (sequelize.getDialect() !== 'sqlite') return sequelize.transaction(work);
  const previous = sqliteQueues.get(sequelize) ?? Promise.resolve();
  const run = previous.then(() => sequelize.transaction(work));
  sqliteQueues.set(
    sequelize,
    run.catch(() => undefined),
  );
  return run;
}
