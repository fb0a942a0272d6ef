import { AppError } from '../errors';

/**
 * A key or prefix that breaks the rules of {@link assertValidKey}. Keys are built by the server,
 * never taken from a request as is, so a bad one is a bug: the code is INTERNAL (500) and the
 * reason stays in `message` for the logs.
 */
export class InvalidBlobKeyError extends AppError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super('INTERNAL');
    this.name = 'InvalidBlobKeyError';
    this.message = `Invalid blob key ${quoteKey(key)}: ${reason}`;
  }
}

/** Quotes a key for a message, shortened so a 1 MB "key" cannot flood the logs. */
function quoteKey(key: unknown): string {
  const text = typeof key === 'string' ? key : String(key);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
