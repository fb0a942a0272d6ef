/** Codes of tagging failures outside HTTP requests (jobs, Lambda events, the retag command). */
export type TaggingErrorCode =
  | 'INVALID_JOB'
  | 'INVALID_EVENT'
  | 'IMAGE_NOT_FOUND'
  | 'BLOB_NOT_FOUND'
  | 'TAGGER_FAILED'
  | 'INVALID_ARGUMENTS'
  | 'SERVER_DATABASE_NOT_FOUND';

/**
 * A tagging failure with a code. `retryable` is false for input that can never succeed (a
 * malformed job or event), so queues fail it at once instead of retrying.
 */
export class TaggingError extends Error {
  constructor(
    readonly code: TaggingErrorCode,
    message: string,
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'TaggingError';
  }
}
