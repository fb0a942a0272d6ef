/** One IFD entry, with absolute offsets into the source. */
export interface IfdEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Where the 12-byte entry itself starts. */
  readonly entryAt: number;
  /** Where the value lives: inside the entry when it fits in 4 bytes, else the pointed-to data. */
  readonly valueAt: number;
  /** Byte length of the value, or undefined for unknown types. */
  readonly valueLength: number | undefined;
  /** The raw 4-byte value/offset field, read in the file's byte order. */
  readonly raw: number;
}

export interface Ifd {
  /** Absolute offset of the IFD (its entry count). */
  readonly at: number;
  readonly entries: readonly IfdEntry[];
  /** Offset of the next IFD relative to the TIFF header, 0 at the end of the chain. */
  readonly next: number;
}

/** Raised when a TIFF structure cannot be walked safely; callers fall back to dropping the block. */
export class MalformedTiffError extends Error {
  constructor(message: string) {
    super(`malformed TIFF structure: ${message}`);
    this.name = 'MalformedTiffError';
  }
}

/** TIFF tags this module acts on. */
export const TAG = {
  Orientation: 0x0112,
  ImageDescription: 0x010e,
  Make: 0x010f,
  Model: 0x0110,
  Software: 0x0131,
  DateTime: 0x0132,
  Artist: 0x013b,
  HostComputer: 0x013c,
  XMP: 0x02bc,
  Copyright: 0x8298,
  IPTC: 0x83bb,
  Photoshop: 0x8649,
  ExifIFD: 0x8769,
  GPSIFD: 0x8825,
  InteropIFD: 0xa005,
  ICCProfile: 0x8773,
} as const;

/** Tags whose value is the offset of another IFD, zeroed together with the tag. */
export const POINTER_TAGS: ReadonlySet<number> = new Set([TAG.ExifIFD, TAG.GPSIFD, TAG.InteropIFD]);
