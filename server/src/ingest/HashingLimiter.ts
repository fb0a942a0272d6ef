import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors';

/**
 * Passes bytes through while hashing them (SHA-256), counting them, keeping the first few for
 * format sniffing, and failing as soon as the byte cap is crossed, so an oversized upload is
 * refused without being read to its end.
 */
export class HashingLimiter extends Transform {
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;
  bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly keepHead: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(
        new AppError('PAYLOAD_TOO_LARGE', `The image is larger than the limit of ${this.maxBytes} bytes.`, {
          extensions: { limit: this.maxBytes },
        }),
      );
      return;
    }
    this.hash.update(chunk);
    if (this.headBytes < this.keepHead) {
      const part = chunk.subarray(0, this.keepHead - this.headBytes);
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    callback(null, chunk);
  }

  /** Call once the stream has finished. */
  digest(): { sha256: string; bytes: number; head: Buffer } {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes, head: Buffer.concat(this.headChunks) };
  }
}
