import type { RequestHandler } from 'express';
import type { Scope } from '../db';
import { AppError } from '../errors';
import type { ApiKeyService } from '../services/ApiKeyService';
import { hasScope } from './scopes';
import { ANONYMOUS } from './types';

/** Reads `Authorization: Bearer <key>` or `X-API-Key`; no credentials means anonymous, bad ones 401. */
export function authenticate(keys: ApiKeyService): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const token =
      bearer ?? (typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined);
    if (header !== undefined && bearer === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <API key>".');
    }
    if (token === undefined) {
      req.principal = ANONYMOUS;
      return next();
    }
    const principal = await keys.authenticate(token);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AppError('UNAUTHENTICATED', 'The API key is unknown, revoked or expired.');
    }
    req.principal = principal;
    next();
  };
}

/** 401 when the caller is anonymous, 403 when the key lacks the scope. */
export function requireScope(scope: Scope): RequestHandler {
  return (req, res, next) => {
    assertScope(req.principal, scope, res);
    next();
  };
}

export function assertScope(
  principal: Express.Request['principal'],
  scope: Scope,
  res?: { setHeader(n: string, v: string): unknown },
): void {
  if (principal.kind === 'anonymous') {
    res?.setHeader('WWW-Authenticate', 'Bearer');
    throw new AppError('UNAUTHENTICATED', `This operation needs an API key with the scope ${scope}.`);
  }
  if (!hasScope(principal, scope)) {
    throw new AppError('FORBIDDEN', `This API key lacks the scope ${scope}.`, {
      extensions: { requiredScope: scope },
    });
  }
}
