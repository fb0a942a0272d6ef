import express, { Router } from 'express';
import { requireScope } from '../auth';
import { AppError } from '../errors';
import { assertOnlyKeys, invalid, parseName, parseScopes } from '../validation';
import type { AppContext } from './context';
import { methodNotAllowed } from './methodNotAllowed';
import { presentApiKey } from './present';

function parseExpiry(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
    throw invalid('expiresAt', 'an ISO 8601 date-time in the future', value);
  }
  return date;
}

/** /v1/keys: API key management, for admins only. */
export function keysRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(requireScope('admin'));
  router
    .route('/')
    .post(express.json({ limit: '16kb' }), async (req, res) => {
      const body = assertOnlyKeys(req.body, ['name', 'scopes', 'expiresAt']);
      const created = await ctx.apiKeys.create({
        name: parseName(body.name),
        scopes: parseScopes(body.scopes),
        expiresAt: parseExpiry(body.expiresAt),
      });
      res
        .status(201)
        .location(`/v1/keys/${created.record.id}`)
        .json({ ...presentApiKey(created.record), key: created.token });
    })
    .get(async (_req, res) => {
      res.json({ items: (await ctx.apiKeys.list()).map(presentApiKey) });
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'POST']));
  router
    .route('/:id')
    .delete(async (req, res) => {
      if (!/^[A-Za-z0-9]{16}$/.test(req.params.id!))
        throw new AppError('NOT_FOUND', 'No API key has this id.');
      await ctx.apiKeys.revoke(req.params.id!);
      res.status(204).end();
    })
    .all(methodNotAllowed(['DELETE']));
  return router;
}
