import { AppError } from '../errors';

/**
 * The error every store throws when its backend cannot serve: `AppError('STORAGE_UNAVAILABLE')`
 * (503) with the backend error as `cause`. The public detail stays the catalogue title; the
 * message, for logs only, names the store, the operation and the cause.
 */
export function storageUnavailable(kind: string, operation: string, cause: unknown): AppError {
  const error = new AppError('STORAGE_UNAVAILABLE', undefined, { cause });
  const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  error.message = `${kind} blob store: ${operation} failed (${why})`;
  return error;
}
