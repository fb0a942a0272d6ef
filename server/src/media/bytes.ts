import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Random read access to a file or buffer, so that container walkers read headers, not whole files. */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; shorter only at the end of the source. */
  read(offset: number, length: number): Promise<Buffer>;
}

/**
 * One change to the input: bytes [start, end) are replaced by `data` (removed when absent).
 * A list of edits is sorted by `start` and never overlaps.
 */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly data?: Buffer;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: (offset, length) => Promise.resolve(buf.subarray(offset, Math.min(buf.length, offset + length))),
  };
}

/** Opens `path` as a ByteSource for the duration of `use`. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      read: async (offset, length) => {
        const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
        return buf.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
}

/** Size of the output that `edits` produce from an input of `inputSize` bytes. */
export function editedSize(inputSize: number, edits: readonly Edit[]): number {
  return edits.reduce((size, e) => size - (e.end - e.start) + (e.data?.length ?? 0), inputSize);
}

/** Applies edits to an in-memory buffer (used for small payloads such as one Exif block). */
export function applyEditsToBuffer(input: Buffer, edits: readonly Edit[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of sortEdits(edits)) {
    parts.push(input.subarray(at, e.start));
    if (e.data) parts.push(e.data);
    at = e.end;
  }
  parts.push(input.subarray(at));
  return Buffer.concat(parts);
}

/**
 * Writes the edited copy of `inPath` to `outPath`, streaming the untouched ranges, so that memory
 * stays bounded by the size of the edits. On failure the partial output is removed.
 */
export async function writeEditedFile(
  inPath: string,
  outPath: string,
  edits: readonly Edit[],
): Promise<void> {
  // Writing over the input while streaming from it would corrupt both.
  if (resolve(inPath) === resolve(outPath)) throw new Error('outPath must differ from inPath');
  const sorted = sortEdits(edits);
  async function* pieces(): AsyncGenerator<Buffer> {
    let at = 0;
    for (const e of sorted) {
      if (e.start > at) yield* createReadStream(inPath, { start: at, end: e.start - 1 });
      if (e.data && e.data.length > 0) yield e.data;
      at = e.end;
    }
    yield* createReadStream(inPath, { start: at });
  }
  try {
    await pipeline(Readable.from(pieces()), createWriteStream(outPath));
  } catch (err) {
    await rm(outPath, { force: true });
    throw err;
  }
}

function sortEdits(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error('overlapping edits');
  }
  return sorted;
}
