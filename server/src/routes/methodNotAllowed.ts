import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/** Ends a route chain: any method not handled above gets 405 with an `Allow` header. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req) => {
    throw new AppError(
      'METHOD_NOT_ALLOWED',
      `${req.method} is not allowed here; use ${allowed.join(', ')}.`,
      {
        extensions: { allow: allowed.join(', ') },
      },
    );
  };
}
