import { managedDatabaseName } from '../../database/managedNames';
import { OperatorError } from '../../errors';
import { contentHash } from '../../hash';
import { toReason } from './checkReferences';
import type { Step } from '../types';

/** The managed database and its login role on the shared PostgreSQL, when `database.managed`. */
export const database: Step = {
  name: 'database',
  async run(ctx) {
    const { server, deps } = ctx;
    if (!server.spec.database.managed || !deps.databases || !ctx.credentials || !ctx.databasePassword) return;
    const dbName = managedDatabaseName(server.metadata.namespace, server.metadata.name);
    const checkKey = `${server.metadata.namespace}/${server.metadata.name}/database`;
    const fingerprint = contentHash({ dbName, url: ctx.credentials.databaseUrl, uid: server.metadata.uid });
    const ready = {
      type: 'DatabaseReady',
      status: 'True',
      reason: 'Managed',
      message: `database ${dbName} on the shared PostgreSQL`,
    } as const;
    if (
      !ctx.credentialsGenerated &&
      ctx.credentials.databaseUrl &&
      deps.recentChecks?.fresh(checkKey, fingerprint)
    ) {
      ctx.status.databaseName = dbName;
      ctx.conditions.set('DatabaseReady', ready);
      return;
    }
    try {
      const { url, changed } = await deps.databases.ensure(
        dbName,
        ctx.databasePassword,
        Boolean(ctx.credentialsGenerated),
      );
      ctx.credentials = { ...ctx.credentials, databaseUrl: url };
      ctx.status.databaseName = dbName;
      if (changed) {
        ctx.changes.push(`ensured database ${dbName}`);
        await deps.events.normal(server, 'Database', `database and role ${dbName} ready`);
      }
      deps.recentChecks?.record(checkKey, contentHash({ dbName, url, uid: server.metadata.uid }));
      ctx.conditions.set('DatabaseReady', ready);
    } catch (err) {
      const reason = err instanceof OperatorError ? toReason(err.code) : 'Database';
      ctx.conditions.set('DatabaseReady', {
        type: 'DatabaseReady',
        status: 'False',
        reason,
        message: (err as Error).message,
      });
      throw err;
    }
  },
};
