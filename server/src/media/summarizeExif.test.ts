import sharp from 'sharp';
import { summarizeMetadata } from './summarizeExif';
import { buildOrientationExif } from './tiff';
import { SAMPLE_EXIF, makeJpeg, xmpPacket } from '../../test-support/images/makeImages';

async function exifOf(options: Parameters<typeof makeJpeg>[0]): Promise<Buffer> {
  return (await sharp(await makeJpeg(options)).metadata()).exif!;
}

describe('summarizeMetadata', () => {
  it('summarises what sharp writes (the block comes with its Exif\\0\\0 prefix)', async () => {
    const block = await exifOf({ exif: SAMPLE_EXIF });
    expect(block.toString('latin1', 0, 4)).toBe('Exif');
    expect(summarizeMetadata(block, undefined)).toEqual({
      exif: {
        make: 'Acme',
        model: 'Falcon 9',
        lens: 'Acme 35mm f/1.4',
        takenAt: '2024-05-06T07:08:09',
        gps: { latitude: expect.closeTo(48.856667, 5), longitude: expect.closeTo(2.35, 5), altitude: 35 },
      },
      hasLocation: true,
    });
  });

  it('accepts a bare TIFF structure', () => {
    expect(summarizeMetadata(buildOrientationExif(6), undefined)).toEqual({ exif: null, hasLocation: false });
  });

  it('trims NUL and space padding from camera strings, and drops empty ones', async () => {
    const block = await exifOf({ exif: { make: '  Acme  ', model: ' ' } });
    expect(summarizeMetadata(block, undefined).exif).toEqual({ make: 'Acme' });
  });

  it('treats unreadable EXIF as absent', () => {
    expect(summarizeMetadata(Buffer.from('Exif\0\0garbage'), undefined)).toEqual({
      exif: null,
      hasLocation: false,
    });
  });

  it('prefers the EXIF position to the XMP one, and falls back to XMP', async () => {
    const block = await exifOf({ exif: SAMPLE_EXIF });
    const xmp = Buffer.from(xmpPacket({ latitude: 1, longitude: 2 }));
    expect(summarizeMetadata(block, xmp).exif?.gps?.latitude).toBeCloseTo(48.856667, 5);
    expect(summarizeMetadata(undefined, xmp)).toEqual({
      exif: { gps: { latitude: 1, longitude: 2 } },
      hasLocation: true,
    });
  });

  it('ignores an out-of-range position but still reports that GPS is present', async () => {
    const block = await exifOf({ exif: { gps: { latitude: 95, longitude: 10 } } });
    expect(summarizeMetadata(block, undefined)).toEqual({ exif: null, hasLocation: true });
  });
});
