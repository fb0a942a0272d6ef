import { ERRORS, type ErrorCode } from './catalog';

/**
 * An error whose code, HTTP status and public message come from the catalogue.
 * `detail` reaches clients; `cause` and anything else stay in the logs.
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  /** Extra members for the problem body (RFC 9457 extensions), e.g. `{ option: 'width' }`. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** For 503s: when a retry may succeed (the Retry-After header); a default applies when unset. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    options: { cause?: unknown; extensions?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? ERRORS[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
    this.extensions = options.extensions ?? {};
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
