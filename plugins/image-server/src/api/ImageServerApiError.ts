/** Problem details as the image server and the portal backend send them. @public */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  code?: string;
}

/**
 * A refused or failed call to the portal backend, with the problem the backend sent.
 *
 * `code` is the backend's stable error code (for example `IMAGE_TOO_LARGE`), or
 * `NETWORK_ERROR` / `HTTP_<status>` when the answer carried none.
 *
 * @public
 */
export class ImageServerApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;

  constructor(status: number, problem: Problem) {
    const title = problem.title ?? (status ? `Request failed with status ${status}` : 'Request failed');
    super(problem.detail ? `${title}: ${problem.detail}` : title);
    this.name = 'ImageServerApiError';
    this.status = status;
    this.code = problem.code ?? (status ? `HTTP_${status}` : 'NETWORK_ERROR');
    this.title = title;
    this.detail = problem.detail;
  }
}

/** Reads a problem from a response body, tolerating bodies that are not JSON. */
export function parseProblem(status: number, body: string): Problem {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') {
      const p = parsed as Record<string, unknown>;
      // Backstage's own error handler nests the message under `error`.
      const nested = p.error as Record<string, unknown> | undefined;
      return {
        title: str(p.title) ?? str(nested?.name),
        detail: str(p.detail) ?? str(nested?.message),
        status: typeof p.status === 'number' ? p.status : status,
        code: str(p.code) ?? str(nested?.code),
      };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { status, detail: body.trim().slice(0, 500) || undefined };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
