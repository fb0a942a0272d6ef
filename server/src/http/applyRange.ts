import type { Request, Response } from 'express';
import { AppError } from '../errors';
import { rangeAllowed, type Validators } from './conditional';
import { parseRange } from './range';

/**
 * Answers a GET's `Range` (honouring `If-Range`) for a representation of `size` bytes: sets the
 * status, `Content-Range` and `Content-Length`, and returns the inclusive byte range to send, or
 * undefined for the whole representation.
 *
 * @throws AppError RANGE_NOT_SATISFIABLE, with `Content-Range: bytes *\/size` already set
 */
export function applyRange(
  req: Request,
  res: Response,
  validators: Validators,
  size: number,
): { start: number; end: number } | undefined {
  const ifRange = req.headers['if-range'];
  const range = rangeAllowed(validators, typeof ifRange === 'string' ? ifRange : undefined)
    ? parseRange(req.headers.range, size)
    : { kind: 'full' as const };
  res.setHeader('Accept-Ranges', 'bytes');
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    throw new AppError('RANGE_NOT_SATISFIABLE', `The representation has ${size} bytes.`);
  }
  if (range.kind === 'full') {
    res.status(200).setHeader('Content-Length', String(size));
    return undefined;
  }
  res.status(206).set({
    'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    'Content-Length': String(range.end - range.start + 1),
  });
  return { start: range.start, end: range.end };
}
