import { AppError } from '../errors';

/**
 * Thrown by {@link BlobStore.get} when the key holds no object. It is an `AppError('NOT_FOUND')`,
 * so a route that lets it through answers 404; the key stays in `message` and `key` (logs only),
 * never in the public `detail`.
 */
export class BlobNotFoundError extends AppError {
  constructor(
    readonly key: string,
    options: { cause?: unknown } = {},
  ) {
    super('NOT_FOUND', undefined, options);
    this.name = 'BlobNotFoundError';
    this.message = `No blob stored under key ${JSON.stringify(key)}`;
  }
}
