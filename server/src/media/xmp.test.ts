import { emptyXmp, isEmptyXmp, removeXmpLocation, xmpGps, xmpHasLocation } from './xmp';
import { xmpPacket } from '../../test-support/images/makeImages';

describe('xmp', () => {
  const withGps = xmpPacket({ latitude: -33.8568, longitude: 151.2153 });

  it('detects GPS in attribute and element form, with any prefix, but not a lone GPSVersionID', () => {
    expect(xmpHasLocation(withGps)).toBe(true);
    expect(xmpHasLocation('<rdf:Description><ex:GPSAltitude>12/1</ex:GPSAltitude></rdf:Description>')).toBe(
      true,
    );
    expect(xmpHasLocation(xmpPacket())).toBe(false);
    expect(xmpHasLocation('<x><exif:GPSVersionID>2.3.0.0</exif:GPSVersionID></x>')).toBe(false);
  });

  it('removes every GPS property, keeps the rest, and keeps the byte length', () => {
    const input = Buffer.from(withGps);
    const output = removeXmpLocation(input);
    expect(output.length).toBe(input.length);
    const text = output.toString('utf8');
    expect(text).not.toMatch(/GPS/);
    expect(text).toContain('<rdf:li>Test Author</rdf:li>');
    // padding goes where XMP expects it, before the trailer
    expect(text).toMatch(/<\/x:xmpmeta>\s+<\?xpacket end="w"\?>$/);
  });

  it('removes nested GPS elements', () => {
    const xmp = Buffer.from(
      '<rdf:Description><exif:GPSLatitude>1,2N</exif:GPSLatitude><exif:GPSTimeStamp><rdf:Seq><rdf:li>x</rdf:li></rdf:Seq></exif:GPSTimeStamp><dc:title>t</dc:title></rdf:Description>',
    );
    const text = removeXmpLocation(xmp).toString('utf8');
    expect(text).toMatch(/^<rdf:Description><dc:title>t<\/dc:title><\/rdf:Description> +$/);
  });

  it('falls back to an empty packet when GPS survives an unusual serialisation', () => {
    const odd = Buffer.from(
      '<rdf:Description><exif:GPSLatitude>1,2N</exif:GPSLatitude ><exif:GPSLongitude\n>3,4E</exif:GPSLongitude\n></rdf:Description>',
    );
    const out = removeXmpLocation(odd).toString('utf8');
    expect(out).not.toMatch(/GPS/);
    expect(out.length).toBe(odd.length);
  });

  it('builds and recognises empty packets of a given length', () => {
    const empty = emptyXmp(100);
    expect(empty.length).toBe(100);
    expect(isEmptyXmp(empty)).toBe(true);
    expect(isEmptyXmp(Buffer.from(xmpPacket()))).toBe(false);
  });

  it('reads XMP coordinates in both DDD,MM.mmk and DDD,MM,SSk forms', () => {
    expect(xmpGps(withGps)).toEqual({
      latitude: expect.closeTo(-33.8568, 4),
      longitude: expect.closeTo(151.2153, 4),
    });
    expect(xmpGps('<d exif:GPSLatitude="10,30,0S" exif:GPSLongitude="20,15,36W"/>')).toEqual({
      latitude: -10.5,
      longitude: -20.26,
    });
    expect(xmpGps('<d exif:GPSLatitude="95,0N" exif:GPSLongitude="1,0E"/>')).toBeUndefined();
    expect(xmpGps('<d exif:GPSLatitude="north"/>')).toBeUndefined();
  });
});
