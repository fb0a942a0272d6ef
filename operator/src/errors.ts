/**
 * Coded errors of the operator. A reconcile step throws one of these; the reconciler turns it into
 * a condition, an Event and a queue decision. `terminal` errors wait for a spec change (or for the
 * referenced object to appear, which a resync notices) instead of being retried with backoff.
 */
export const ERROR_CODES = {
  INVALID_SPEC: 'The ImageServer spec breaks a validation rule.',
  SECRET_NOT_FOUND: 'A referenced Secret does not exist.',
  SECRET_KEY_MISSING: 'A referenced Secret lacks the referenced key.',
  SECRET_VALUE_INVALID: 'A referenced Secret value is not a valid URL of the expected kind.',
  NOT_OWNED: 'An object with the name of a child exists and is controlled by someone else.',
  BUCKET_NOT_FOUND: 'The bucket does not exist and storage.create is false.',
  BUCKET_UNAVAILABLE:
    'The bucket name is taken by another AWS account, or the operator may not use the bucket.',
  STORAGE_NOT_ALLOWED:
    'The storage settings break the platform’s bucket rules (shared bucket, bucket names).',
  MANAGED_DATABASE_DISABLED: 'database.managed is set but the operator has no PostgreSQL admin Secret.',
  CONFLICT: 'The object changed while it was being written (HTTP 409); the reconcile is requeued.',
  KUBERNETES_API: 'The Kubernetes API answered with an unexpected error.',
  AWS_API: 'An AWS API call failed.',
  DATABASE: 'A PostgreSQL statement on the shared database failed.',
  CONFIG_INVALID: 'The operator configuration is invalid.',
  RENDER_INPUT: 'The render input is not a list of valid ImageServer manifests.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class OperatorError extends Error {
  /**
   * @param code - one of {@link ERROR_CODES}
   * @param message - human readable, safe to put into a status condition and an Event
   * @param terminal - true when retrying cannot help until something else changes
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly terminal = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OperatorError';
  }
}

/** True when an error from @kubernetes/client-node (or a raw fetch) carries this HTTP status. */
export function hasStatus(err: unknown, status: number): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; statusCode?: unknown; response?: { statusCode?: unknown } };
  return e.code === status || e.statusCode === status || e.response?.statusCode === status;
}

/** A short message from any thrown value, for logs and conditions. */
export function messageOf(err: unknown): string {
  if (err instanceof OperatorError) return err.message;
  if (err instanceof Error) {
    const body = (err as { body?: unknown }).body;
    const parsed = typeof body === 'string' ? safeJson(body) : body;
    const apiMessage = (parsed as { message?: unknown } | undefined)?.message;
    return typeof apiMessage === 'string' ? apiMessage : err.message;
  }
  return String(err);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
