import exifReader from 'exif-reader';
import sharp from 'sharp';
import { applyEditsToBuffer, bufferSource } from '../bytes';
import { buildOrientationExif, editExifBlock } from './editExifBlock';
import { planTiffEdits } from './planTiffEdits';
import { TiffReader } from './TiffReader';
import { MalformedTiffError } from './types';
import { SAMPLE_EXIF, makeJpeg } from '../../../test-support/images/makeImages';

/**
 * A hand-built Exif block in either byte order: IFD0 (Make, Orientation 8, GPS pointer),
 * a GPS IFD (latitude ref and value) and IFD1 (a thumbnail's compression tag).
 */
function buildExif(littleEndian: boolean): Buffer {
  const buf = Buffer.alloc(200);
  const w16 = (v: number, at: number) => (littleEndian ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (littleEndian ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at));
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    w16(tag, at);
    w16(type, at + 2);
    w32(count, at + 4);
    if (type === 3 && count === 1) w16(value, at + 8);
    else w32(value, at + 8);
  };
  buf.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  w16(42, 2);
  w32(8, 4);
  // IFD0 at 8: 3 entries, next IFD at 120
  w16(3, 8);
  entry(10, 0x010f, 2, 9, 150); // Make -> "OtherCam\0" at 150
  entry(22, 0x0112, 3, 1, 8); // Orientation
  entry(34, 0x8825, 4, 1, 60); // GPS IFD at 60
  w32(120, 46);
  // GPS IFD at 60: 2 entries, value at 96
  w16(2, 60);
  entry(62, 0x0001, 2, 2, littleEndian ? 0x53 : 0x53000000); // "S\0" inline
  entry(74, 0x0002, 5, 3, 96);
  w32(0, 86);
  [10, 1, 20, 1, 30, 1].forEach((v, i) => w32(v, 96 + i * 4));
  // IFD1 at 120: Compression = 6
  w16(1, 120);
  entry(122, 0x0103, 3, 1, 6);
  w32(0, 134);
  buf.write('OtherCam', 150, 'latin1');
  return buf;
}

describe.each([
  ['little-endian', true],
  ['big-endian', false],
])('editExifBlock on a %s block', (_name, le) => {
  const block = buildExif(le);

  it('is read the same way by exif-reader before editing', () => {
    const parsed = exifReader(block);
    expect(parsed.Image).toMatchObject({ Make: 'OtherCam', Orientation: 8 });
    expect(parsed.GPSInfo).toEqual({ GPSLatitudeRef: 'S', GPSLatitude: [10, 20, 30] });
  });

  it("'location' unlinks and zeroes the GPS IFD, keeping length, Make, Orientation and IFD1", async () => {
    const out = await editExifBlock(block, 'location');
    expect(Buffer.isBuffer(out)).toBe(true);
    const edited = out as Buffer;
    expect(edited.length).toBe(block.length);
    const parsed = exifReader(edited);
    expect(parsed.GPSInfo).toBeUndefined();
    expect(parsed.Image).toMatchObject({ Make: 'OtherCam', Orientation: 8 });
    expect(parsed.Thumbnail).toMatchObject({ Compression: 6 });
    expect(edited.subarray(60, 120).every((b) => b === 0)).toBe(true);
  });

  it("'all' keeps only the orientation", async () => {
    const out = (await editExifBlock(block, 'all')) as Buffer;
    const parsed = exifReader(out);
    expect(parsed.Image).toEqual({ Orientation: 8 });
    expect(parsed.Thumbnail).toBeUndefined();
  });

  it("'all' with sameLength pads the orientation-only block to the original length", async () => {
    const out = (await editExifBlock(block, 'all', true)) as Buffer;
    expect(out.length).toBe(block.length);
    expect(exifReader(out).Image).toEqual({ Orientation: 8 });
  });
});

describe('editExifBlock', () => {
  it("keeps a block without GPS in 'location' mode and an orientation-only block in 'all' mode", async () => {
    expect(await editExifBlock(buildOrientationExif(6), 'location')).toBe('keep');
    expect(await editExifBlock(buildOrientationExif(6), 'all')).toBe('keep');
  });

  it('drops a block with nothing worth keeping in all mode', async () => {
    const meta = await sharp(await makeJpeg({ exif: { make: 'Acme' } })).metadata();
    expect(await editExifBlock(meta.exif!.subarray(6), 'all')).toBe('drop');
  });

  it('drops, or blanks when the length must stay, a block that cannot be walked', async () => {
    const broken = buildExif(true);
    broken.writeUInt16LE(4000, 8); // IFD0 claims more entries than the block holds
    expect(await editExifBlock(broken, 'location')).toBe('drop');
    const blank = (await editExifBlock(broken, 'location', true)) as Buffer;
    expect(blank.length).toBe(broken.length);
    expect(exifReader(blank).Image).toEqual({});
  });

  it('edits what sharp writes without disturbing the other tags', async () => {
    const meta = await sharp(await makeJpeg({ exif: SAMPLE_EXIF, orientation: 3 })).metadata();
    const before = exifReader(meta.exif!);
    const edited = (await editExifBlock(meta.exif!.subarray(6), 'location')) as Buffer;
    const after = exifReader(edited);
    expect(after.GPSInfo).toBeUndefined();
    expect(after.Image).toEqual(
      Object.fromEntries(Object.entries(before.Image!).filter(([k]) => k !== 'GPSTag')),
    );
    expect(after.Photo).toEqual(before.Photo);
  });
});

describe('TiffReader and planTiffEdits', () => {
  it('refuses BigTIFF, unknown byte orders and IFD loops', async () => {
    await expect(TiffReader.open(bufferSource(Buffer.from('49492b0008000000', 'hex')))).rejects.toThrow(
      MalformedTiffError,
    );
    await expect(TiffReader.open(bufferSource(Buffer.from('58582a0008000000', 'hex')))).rejects.toThrow(
      /byte order/,
    );
    const loop = buildExif(true);
    loop.writeUInt32LE(8, 46); // IFD0's next points back to IFD0
    await expect(planTiffEdits(await TiffReader.open(bufferSource(loop)), 'location')).rejects.toThrow(
      /loops/,
    );
  });

  it('produces only same-length edits', async () => {
    const block = buildExif(false);
    const edits = await planTiffEdits(await TiffReader.open(bufferSource(block)), 'all');
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) expect(e.data?.length).toBe(e.end - e.start);
    const parsed = exifReader(applyEditsToBuffer(block, edits));
    expect(parsed.Image).toEqual({ Orientation: 8 });
    expect(parsed.Thumbnail).toEqual({ Compression: 6 }); // TIFF pages keep their structure
  });
});
