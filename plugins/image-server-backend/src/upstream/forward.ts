import type { Request, Response } from 'express';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServerConnection } from '../servers';
import { PayloadTooLargeError, UpstreamUnavailableError } from './errors';

/**
 * Room for the multipart envelope (boundaries, part headers, the `tags`/`visibility` fields)
 * on top of the file's own bytes: the server's limit is on the file, the proxy sees the body.
 */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Response headers passed back from the image server. */
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'cache-control',
  'last-modified',
  'location',
  'vary',
  'content-disposition',
  'accept-ranges',
  'content-range',
];

function authHeaders(conn: ServerConnection): Record<string, string> {
  return conn.adminKey ? { authorization: `Bearer ${conn.adminKey}` } : {};
}

function unreachable(conn: ServerConnection, err: unknown): UpstreamUnavailableError {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
  return new UpstreamUnavailableError(`Image server ${conn.url} is unreachable (${cause})`);
}

/** A JSON GET against the server's API; non-2xx answers and network failures become errors. */
export async function fetchJson<T>(conn: ServerConnection, path: string, timeoutMs = 10_000): Promise<T> {
  let res: globalThis.Response;
  try {
    res = await fetch(`${conn.url}${path}`, {
      headers: authHeaders(conn),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw unreachable(conn, err);
  }
  if (!res.ok) {
    throw new UpstreamUnavailableError(
      `Image server answered ${res.status} to GET ${path}: ${(await res.text()).slice(0, 300)}`,
    );
  }
  return (await res.json()) as T;
}

/** Plain text GET (the Prometheus metrics). */
export async function fetchText(conn: ServerConnection, path: string, timeoutMs = 10_000): Promise<string> {
  let res: globalThis.Response;
  try {
    res = await fetch(`${conn.url}${path}`, {
      headers: authHeaders(conn),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw unreachable(conn, err);
  }
  if (!res.ok) throw new UpstreamUnavailableError(`Image server answered ${res.status} to GET ${path}`);
  return res.text();
}

/** Counts bytes going through and fails the stream once more than `limit` passed. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit)
      done(new PayloadTooLargeError(`Upload is larger than the server's limit of ${this.limit} bytes`));
    else done(null, chunk);
  }
}

/**
 * Forwards one request to the image server and streams its answer back, status and body as the
 * server gave them (problem JSON included). Request bodies stream through without buffering;
 * with `maxBodyBytes` the body is refused when its Content-Length is above the limit, and cut
 * off (413) when a body without one grows past it. The upstream request is aborted when the
 * client goes away.
 *
 * @throws PayloadTooLargeError before anything is sent when Content-Length is over the limit
 * @throws UpstreamUnavailableError when the server cannot be reached
 */
export async function forward(
  req: Request,
  res: Response,
  conn: ServerConnection,
  target: { method: string; path: string; body?: boolean; maxBodyBytes?: number; passHeaders?: string[] },
): Promise<void> {
  const headers: Record<string, string> = { ...authHeaders(conn) };
  for (const name of target.passHeaders ?? []) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  let body: ReadableStream | undefined;
  let limiter: ByteLimit | undefined;
  if (target.body) {
    const length = Number(req.headers['content-length']);
    if (target.maxBodyBytes !== undefined && Number.isFinite(length) && length > target.maxBodyBytes) {
      throw new PayloadTooLargeError(
        `Upload of ${length} bytes is larger than the server's limit of ${target.maxBodyBytes - MULTIPART_OVERHEAD_BYTES} bytes`,
      );
    }
    for (const name of ['content-type', 'content-length']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    limiter = target.maxBodyBytes !== undefined ? new ByteLimit(target.maxBodyBytes) : undefined;
    const source = limiter ? req.pipe(limiter) : req;
    if (limiter) req.on('error', (err) => limiter!.destroy(err));
    body = Readable.toWeb(source) as ReadableStream;
  }
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  let upstream: globalThis.Response;
  try {
    upstream = await fetch(`${conn.url}${target.path}`, {
      method: target.method,
      headers,
      body,
      signal: abort.signal,
      redirect: 'manual',
      // Streams the request body instead of buffering it (required by fetch for stream bodies).
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (err) {
    res.off('close', onClose);
    if (limiter?.errored instanceof PayloadTooLargeError) throw limiter.errored;
    throw unreachable(conn, err);
  }
  res.status(upstream.status);
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  if (!upstream.body || upstream.status === 304 || upstream.status === 204) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as never), res);
  } catch {
    // The client went away mid-stream; nothing left to answer.
  } finally {
    res.off('close', onClose);
  }
}
