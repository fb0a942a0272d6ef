import { AppError } from '../errors';

/**
 * Waits for `work` at most `ms` milliseconds, then fails with TRANSFORM_TIMEOUT. The work itself
 * goes on until it ends or stops itself (a render's own libvips timeout), keeping its concurrency
 * slot, so a timeout frees the client, never the server's memory budget.
 *
 * @throws AppError TRANSFORM_TIMEOUT, or whatever `work` rejects with first
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new AppError('TRANSFORM_TIMEOUT', `Rendering the variant took longer than ${ms / 1000} s.`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
