import { ConnectionError } from 'sequelize';
import { AppError } from '../errors';

/** Error codes meaning "cannot talk to the database now", as opposed to "this statement is wrong". */
const UNAVAILABLE_CODES = new Set([
  // Node sockets (pg)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  // PostgreSQL SQLSTATE: class 08 (connection exception), 57P0x (shutdown/crash), 53300 (too many connections)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // SQLite: locked past the busy timeout, file missing, unreadable, disk full
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_NOTADB',
]);

const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection is closed|getConnection was called after the connection manager was closed/i;

/**
 * Turns a failure to reach the database (refused, dropped, timed out, pool exhausted, SQLite file
 * unusable) into AppError('DATABASE_UNAVAILABLE') carrying the original as `cause`, so that callers
 * answer 503 instead of 500. Anything else is returned unchanged.
 */
export function toDatabaseError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  return isUnavailable(err) ? new AppError('DATABASE_UNAVAILABLE', undefined, { cause: err }) : err;
}

function isUnavailable(err: unknown): boolean {
  // Sequelize wraps driver errors in `parent`/`original`; umzug wraps migration errors in `cause`.
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if (
      e instanceof ConnectionError ||
      /^Sequelize(Connection|Host|AccessDenied|InvalidConnection)/.test(String((e as Error).name))
    ) {
      return true;
    }
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    const next = e as { parent?: unknown; original?: unknown; cause?: unknown };
    e = next.parent ?? next.original ?? next.cause;
  }
  return false;
}
