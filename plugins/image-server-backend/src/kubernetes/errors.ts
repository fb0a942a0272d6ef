import type { ClusterError } from '@imageserver/plugin-image-server-common';

/** A failed call to a cluster, classified; `status` is the API server's HTTP status when it answered. */
export class ClusterRequestError extends Error {
  readonly code = 'CLUSTER_REQUEST_FAILED';
  constructor(
    readonly cluster: string,
    readonly errorType: ClusterError['errorType'],
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ClusterRequestError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The `message` of a Kubernetes `Status` body, when the error carries one. */
function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns whatever the Kubernetes client threw into a {@link ClusterRequestError}: unreachable
 * (network), forbidden (401/403), or a fetch error with the API server's own message.
 */
export function classifyKubeError(cluster: string, err: unknown): ClusterRequestError {
  if (err instanceof ClusterRequestError) return err;
  const status = (err as { code?: unknown }).code;
  if (typeof status === 'number') {
    const message = statusMessage((err as { body?: unknown }).body) ?? `HTTP ${status}`;
    if (status === 401 || status === 403) {
      return new ClusterRequestError(
        cluster,
        'FORBIDDEN',
        `cluster ${cluster}: access denied: ${message}`,
        status,
      );
    }
    return new ClusterRequestError(cluster, 'FETCH_ERROR', message, status);
  }
  const code = networkCode(err);
  if (code)
    return new ClusterRequestError(cluster, 'UNREACHABLE', `cluster ${cluster} is unreachable (${code})`);
  const message = err instanceof Error ? err.message : String(err);
  return new ClusterRequestError(cluster, 'FETCH_ERROR', `cluster ${cluster}: ${message}`);
}
