import type { Sequelize } from 'sequelize';

/**
 * Reports the duration and outcome of every statement sent through `sequelize` (models, query
 * interface and transactions all go through `sequelize.query`). Sequelize's own hooks cannot tell
 * success from failure, hence the wrapper.
 */
export function measureQueries(sequelize: Sequelize, onQuery: (seconds: number, ok: boolean) => void): void {
  type Query = (...args: unknown[]) => Promise<unknown>;
  const target = sequelize as unknown as { query: Query };
  const query: Query = target.query.bind(sequelize);
  target.query = async (...args: unknown[]): Promise<unknown> => {
    const started = performance.now();
    try {
      const result = await query(...args);
      onQuery((performance.now() - started) / 1000, true);
      return result;
    } catch (err) {
      onQuery((performance.now() - started) / 1000, false);
      throw err;
    }
  };
}
