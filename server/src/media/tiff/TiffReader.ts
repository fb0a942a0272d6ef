import type { ByteSource } from '../bytes';
import { MalformedTiffError, type Ifd, type IfdEntry } from './types';

const TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
const MAX_ENTRIES = 4096;

/**
 * Walks a classic TIFF structure (a TIFF file, or the payload of an Exif block) that starts at
 * `base` in `source` and is `length` bytes long, reading only IFDs, never image data.
 * BigTIFF is refused with MalformedTiffError.
 */
export class TiffReader {
  private constructor(
    readonly source: ByteSource,
    readonly base: number,
    readonly length: number,
    readonly littleEndian: boolean,
    /** Offset of IFD0 relative to `base`. */
    readonly firstIfd: number,
  ) {}

  static async open(source: ByteSource, base = 0, length = source.size - base): Promise<TiffReader> {
    const header = await source.read(base, 8);
    if (header.length < 8) throw new MalformedTiffError('header is truncated');
    const order = header.toString('latin1', 0, 2);
    if (order !== 'II' && order !== 'MM') throw new MalformedTiffError('unknown byte order');
    const le = order === 'II';
    const magic = le ? header.readUInt16LE(2) : header.readUInt16BE(2);
    if (magic !== 42)
      throw new MalformedTiffError(magic === 43 ? 'BigTIFF is not supported' : 'bad magic number');
    return new TiffReader(source, base, length, le, le ? header.readUInt32LE(4) : header.readUInt32BE(4));
  }

  u16(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
  }

  u32(buf: Buffer, at: number): number {
    return this.littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  }

  /** Reads the IFD at `offset` (relative to the TIFF header). */
  async readIfd(offset: number): Promise<Ifd> {
    if (offset < 8 || offset + 2 > this.length)
      throw new MalformedTiffError(`IFD offset ${offset} is out of range`);
    const at = this.base + offset;
    const count = this.u16(await this.source.read(at, 2), 0);
    if (count > MAX_ENTRIES || offset + 2 + count * 12 + 4 > this.length)
      throw new MalformedTiffError('IFD overruns the block');
    const body = await this.source.read(at + 2, count * 12 + 4);
    const entries: IfdEntry[] = [];
    for (let i = 0; i < count; i++) {
      const e = i * 12;
      const type = this.u16(body, e + 2);
      const countField = this.u32(body, e + 4);
      const size = TYPE_SIZES[type];
      const valueLength = size === undefined ? undefined : size * countField;
      const raw = this.u32(body, e + 8);
      const inline = valueLength !== undefined && valueLength <= 4;
      if (!inline && valueLength !== undefined && raw + valueLength > this.length) {
        throw new MalformedTiffError(`value of tag ${this.u16(body, e)} overruns the block`);
      }
      entries.push({
        tag: this.u16(body, e),
        type,
        count: countField,
        entryAt: at + 2 + e,
        valueAt: inline ? at + 2 + e + 8 : this.base + raw,
        valueLength,
        raw,
      });
    }
    return { at, entries, next: this.u32(body, count * 12) };
  }

  /** IFD0, IFD1, … following the next-IFD links, guarding against loops. */
  async readChain(): Promise<Ifd[]> {
    const chain: Ifd[] = [];
    const seen = new Set<number>();
    for (let offset = this.firstIfd; offset !== 0;) {
      if (seen.has(offset) || chain.length >= 1024) throw new MalformedTiffError('IFD chain loops');
      seen.add(offset);
      const ifd = await this.readIfd(offset);
      chain.push(ifd);
      offset = ifd.next;
    }
    return chain;
  }
}
