import { toDatabaseError } from './toDatabaseError';

/** Runs database work, turning connection failures into AppError('DATABASE_UNAVAILABLE') (see toDatabaseError). */
export async function withDatabaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toDatabaseError(err);
  }
}
