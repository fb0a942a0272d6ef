import { bufferSource } from '../bytes';
import { makeAvif, SAMPLE_EXIF } from '../../../test-support/images/makeImages';
import { planIsoStrip, UnsupportedHeifLayoutError } from './isobmff';

describe('planIsoStrip', () => {
  it('patches the Exif item in place: same offsets, same lengths', async () => {
    const avif = await makeAvif({ exif: SAMPLE_EXIF });
    const edits = await planIsoStrip(bufferSource(avif), 'location');
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) expect(e.data?.length).toBe(e.end - e.start);
  });

  it('finds nothing to do in a file without metadata items', async () => {
    expect(await planIsoStrip(bufferSource(await makeAvif()), 'all')).toEqual([]);
  });

  it('refuses item tables that claim more than they hold', async () => {
    const avif = Buffer.from(await makeAvif({ exif: SAMPLE_EXIF }));
    const iloc = avif.indexOf('iloc');
    // item_count (version 0/1: 16 bits after version/flags and the two size bytes) made huge
    avif.writeUInt16BE(0xffff, iloc + 4 + 4 + 2);
    await expect(planIsoStrip(bufferSource(avif), 'location')).rejects.toThrow(UnsupportedHeifLayoutError);
  });

  it('refuses a box that overruns the file', async () => {
    const avif = Buffer.from(await makeAvif({ exif: SAMPLE_EXIF }));
    const meta = avif.indexOf('meta') - 4;
    avif.writeUInt32BE(avif.length * 2, meta);
    await expect(planIsoStrip(bufferSource(avif), 'location')).rejects.toThrow(/overruns/);
  });
});
