import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { AppError, isAppError } from '../errors';
import { HashingLimiter } from './HashingLimiter';
import type { ReceiveOptions, ReceivedUpload } from './types';

/** Room for multipart boundaries and small fields on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;
const FIELD_NAMES = new Set(['tags', 'visibility']);

function tempPath(dir: string): string {
  return path.join(dir, `upload-${Date.now()}-${randomBytes(8).toString('hex')}`);
}

function clientGone(req: Request): boolean {
  return !req.complete && (req.destroyed || req.socket.destroyed);
}

function mapError(err: unknown, req: Request): unknown {
  if (clientGone(req))
    return new AppError('CLIENT_CLOSED_REQUEST', 'The client closed the connection during the upload.', {
      cause: err,
    });
  if (isAppError(err)) return err;
  return new AppError('MALFORMED_MULTIPART', err instanceof Error ? err.message : undefined, { cause: err });
}

/** Refuses before reading a byte when the declared length already exceeds the cap. */
function checkDeclaredLength(req: Request, cap: number, maxBytes: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The image is larger than the limit of ${maxBytes} bytes.`, {
      extensions: { limit: maxBytes },
    });
  }
}

/**
 * Pipes the request into `into` until `done` settles. The request itself is never destroyed
 * (that would close the socket before we can answer): on failure we stop reading it, and the
 * error response carries `Connection: close`.
 */
async function feed(
  req: Request,
  into: Writable,
  done: Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  done.catch(() => undefined); // settled through the race below
  let onError!: (err: unknown) => void;
  let onClose!: () => void;
  let onAbort!: () => void;
  const interrupted = new Promise<never>((_resolve, reject) => {
    onError = reject;
    onClose = () => {
      if (!req.complete) reject(new Error('client closed the request'));
    };
    onAbort = () => reject(signal?.reason);
  });
  req.once('error', onError).once('close', onClose);
  signal?.addEventListener('abort', onAbort, { once: true });
  req.pipe(into);
  try {
    await Promise.race([done, interrupted]);
  } catch (err) {
    req.unpipe(into);
    req.pause();
    into.destroy();
    throw err;
  } finally {
    req.off('error', onError).off('close', onClose);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function receiveRaw(req: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  checkDeclaredLength(req, options.maxBytes, options.maxBytes);
  const file = tempPath(options.tmpDir);
  const limiter = new HashingLimiter(options.maxBytes, options.headBytes);
  try {
    await feed(req, limiter, pipeline(limiter, createWriteStream(file, { flags: 'wx' })));
  } catch (err) {
    await rm(file, { force: true });
    throw mapError(err, req);
  }
  return { ...limiter.digest(), path: file, fields: {}, cleanup: () => rm(file, { force: true }) };
}

async function receiveMultipart(req: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  checkDeclaredLength(req, options.maxBytes + MULTIPART_OVERHEAD, options.maxBytes);
  const file = tempPath(options.tmpDir);
  const fields: Record<string, string[]> = {};
  const abort = new AbortController();
  const fail = (err: AppError) => abort.abort(err);
  let limiter: HashingLimiter | undefined;
  let written: Promise<void> | undefined;

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { files: 1, fields: 10, parts: 12, fieldSize: 8 * 1024, fileSize: options.maxBytes + 1 },
    });
  } catch (err) {
    throw new AppError('MALFORMED_MULTIPART', (err as Error).message, { cause: err });
  }
  parser.on('file', (name, stream) => {
    if (name !== 'file' || written) {
      stream.resume();
      fail(
        new AppError('BAD_REQUEST', `Unexpected file field "${name}"; send one file in the field "file".`),
      );
      return;
    }
    limiter = new HashingLimiter(options.maxBytes, options.headBytes);
    written = pipeline(stream, limiter, createWriteStream(file, { flags: 'wx' }));
    written.catch((err: unknown) =>
      fail(isAppError(err) ? err : new AppError('MALFORMED_MULTIPART', undefined, { cause: err })),
    );
  });
  parser.on('field', (name, value, info) => {
    if (!FIELD_NAMES.has(name)) fail(new AppError('BAD_REQUEST', `Unknown form field "${name}".`));
    else if (info.valueTruncated) fail(new AppError('BAD_REQUEST', `The form field "${name}" is too long.`));
    else (fields[name] ??= []).push(value);
  });
  for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
    parser.on(limit, () =>
      fail(
        new AppError(
          'BAD_REQUEST',
          'The form has too many parts; send one file and at most the fields tags and visibility.',
        ),
      ),
    );
  }

  try {
    await feed(req, parser, finished(parser), abort.signal);
    if (abort.signal.aborted) throw abort.signal.reason;
    if (!written || !limiter) throw new AppError('MISSING_FILE', 'The form has no file in the field "file".');
    await written;
  } catch (err) {
    await written?.catch(() => undefined);
    await rm(file, { force: true });
    throw mapError(err, req);
  }
  return { ...limiter.digest(), path: file, fields, cleanup: () => rm(file, { force: true }) };
}

/**
 * Streams an upload body to a temporary file, hashing as it goes; memory use does not depend
 * on the upload's size. Accepts `multipart/form-data` (field `file`, optional `tags` and
 * `visibility`) or a raw body with an image (or octet-stream) content type.
 * @throws AppError PAYLOAD_TOO_LARGE, MALFORMED_MULTIPART, MISSING_FILE, BAD_REQUEST,
 *   UNSUPPORTED_MEDIA_TYPE (content type neither multipart nor image), CLIENT_CLOSED_REQUEST
 */
export function receiveUpload(req: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return receiveMultipart(req, options);
  if (type.startsWith('image/') || type.startsWith('application/octet-stream'))
    return receiveRaw(req, options);
  return Promise.reject(
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send multipart/form-data with a "file" field, or the image bytes with an image content type.',
    ),
  );
}
