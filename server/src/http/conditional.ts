/**
 * Decides how to answer a GET/HEAD from the validators of the representation and the request's
 * conditional headers (RFC 9110 §13.2.2 order: If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since, then Range with If-Range). Pure.
 */
export interface Validators {
  /** Strong entity tag including quotes, e.g. `"abc"`. */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ConditionalHeaders {
  readonly 'if-match'?: string;
  readonly 'if-none-match'?: string;
  readonly 'if-modified-since'?: string;
  readonly 'if-unmodified-since'?: string;
  readonly 'if-range'?: string;
}

export type ConditionalOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

function tagList(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

function weakEquals(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

function parseDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** HTTP dates have one-second resolution, so compare at that resolution. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

export function evaluateConditional(v: Validators, h: ConditionalHeaders): ConditionalOutcome {
  const modified = seconds(v.lastModified);
  if (h['if-match'] !== undefined) {
    const tags = tagList(h['if-match']);
    // If-Match uses strong comparison.
    if (!tags.includes('*') && !tags.includes(v.etag)) return 'precondition-failed';
  } else {
    const since = parseDate(h['if-unmodified-since']);
    if (since !== undefined && modified > since) return 'precondition-failed';
  }
  if (h['if-none-match'] !== undefined) {
    const tags = tagList(h['if-none-match']);
    if (tags.includes('*') || tags.some((t) => weakEquals(t, v.etag))) return 'not-modified';
  } else {
    const since = parseDate(h['if-modified-since']);
    if (since !== undefined && modified <= since) return 'not-modified';
  }
  return 'proceed';
}

/** Whether a Range header may be honoured given If-Range (strong ETag or exact date). */
export function rangeAllowed(v: Validators, ifRange: string | undefined): boolean {
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"')) return ifRange === v.etag;
  const date = parseDate(ifRange);
  return date !== undefined && date === seconds(v.lastModified);
}
