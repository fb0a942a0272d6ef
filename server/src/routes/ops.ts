import { Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { AppContext } from './context';

/** The OpenAPI document kept at server/openapi.json (same relative path from src/ and dist/). */
export const OPENAPI_PATH = path.join(__dirname, '..', '..', 'openapi.json');

type Check = { status: 'ok' } | { status: 'error'; error: string } | { status: 'degraded'; error: string };

async function check(fn: () => Promise<void>): Promise<Check> {
  try {
    await fn();
    return { status: 'ok' };
  } catch (err) {
    return { status: 'error', error: err instanceof AppError ? err.title : 'unreachable' };
  }
}

/** Health, readiness, metrics and the API description: no credentials needed. */
export function opsRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready means this replica can serve: database and storage answer. A degraded shared cache
  // is reported but does not fail readiness, since requests still succeed without it.
  router.get('/readyz', async (_req, res) => {
    const [database, storage] = await Promise.all([
      check(() => ctx.db.ping()),
      check(() => ctx.store.ping()),
    ]);
    const cache: Check =
      ctx.sharedCache?.healthy === false
        ? { status: 'degraded', error: 'Redis is unreachable; serving from the in-process cache' }
        : { status: 'ok' };
    const ready = database.status === 'ok' && storage.status === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', checks: { database, storage, cache } });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  let openapi: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    openapi ??= readFileSync(OPENAPI_PATH, 'utf8');
    res.type('json').send(openapi);
  });

  return router;
}
