import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, problemType } from '../errors';
import type { Metrics } from '../metrics';

export const PROBLEM_JSON = 'application/problem+json';

/** Maps body-parser and other well-known library errors onto our catalogue. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.type === 'entity.parse.failed')
    return new AppError('BAD_REQUEST', 'The JSON body could not be parsed.');
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The JSON body is too large.');
  if (e?.status === 400 && e.expose) return new AppError('BAD_REQUEST', e.message);
  return new AppError('INTERNAL', undefined, { cause: err });
}

/** The one error middleware: every error leaves as `application/problem+json` (RFC 9457). */
export function problemHandler(metrics: Metrics): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    metrics.errors.inc({ code: appError.code });
    if (appError.status >= 500)
      req.log?.error({ err: appError.cause ?? err, code: appError.code }, 'request failed');
    else req.log?.info({ code: appError.code, detail: appError.detail }, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = {
      type: problemType(appError.code),
      title: appError.title,
      status: appError.status,
      detail: appError.detail ?? appError.title,
      instance: req.originalUrl,
      code: appError.code,
      requestId: req.id,
      ...appError.extensions,
    };
    // An unread request body (e.g. an upload refused by its Content-Length) is not drained: close instead.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (appError.status === 503) res.setHeader('Retry-After', String(appError.retryAfterSeconds ?? 5));
    if (appError.status === 405 && appError.extensions.allow)
      res.setHeader('Allow', String(appError.extensions.allow));
    res.status(appError.status).type(PROBLEM_JSON).send(JSON.stringify(body));
  };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}.`);
};
