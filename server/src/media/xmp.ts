/**
 * XMP location handling. XMP is RDF/XML; GPS lives in the EXIF schema as `exif:GPS*` properties,
 * written either as attributes (`exif:GPSLatitude="48,51.4N"`) or as elements. The namespace prefix
 * is free, so any `prefix:GPS…` name counts.
 */

const LOCATION_PROPERTY = /(?:\s|<)[\w.-]+:GPS(?!VersionID\b)[A-Za-z]+(?:\s*=|[\s>/])/;
const GPS_ATTRIBUTE = /\s+[\w.-]+:GPS\w*\s*=\s*(?:"[^"]*"|'[^']*')/g;
const GPS_EMPTY_ELEMENT = /<([\w.-]+:GPS\w*)\b[^>]*\/>/g;
const GPS_ELEMENT = /<([\w.-]+:GPS\w*)\b[^>]*>[\s\S]*?<\/\1\s*>/g;
const PACKET_TRAILER = '<?xpacket end=';
const EMPTY_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';

/** True when the packet carries a GPS position, altitude, or other GPS data beyond the version. */
export function xmpHasLocation(xmp: string): boolean {
  return LOCATION_PROPERTY.test(xmp);
}

/**
 * Removes every `*:GPS*` property and returns a packet of exactly the same byte length, padded with
 * spaces where XMP expects padding (before the `<?xpacket end` trailer), so that it can be patched
 * in place inside containers whose offsets must not move. If a GPS property survives (an unusual
 * serialisation), the whole packet is replaced by an empty one: location must never leak.
 */
export function removeXmpLocation(xmp: Buffer): Buffer {
  const text = xmp.toString('utf8');
  let cleaned = text.replace(GPS_ATTRIBUTE, '').replace(GPS_EMPTY_ELEMENT, '').replace(GPS_ELEMENT, '');
  if (xmpHasLocation(cleaned) || /:GPS/.test(cleaned)) cleaned = EMPTY_XMP;
  return padTo(cleaned, xmp.length);
}

/** True for a packet that `emptyXmp` produced (or any packet holding nothing but whitespace). */
export function isEmptyXmp(xmp: Buffer): boolean {
  const text = xmp.toString('utf8').trim();
  return text === '' || text === EMPTY_XMP;
}

/** An empty but well-formed packet of `length` bytes, for containers that cannot drop the item. */
export function emptyXmp(length: number): Buffer {
  return padTo(EMPTY_XMP, length);
}

function padTo(text: string, length: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const missing = length - bytes.length;
  if (missing < 0) return Buffer.alloc(length, 0x20);
  const trailer = text.lastIndexOf(PACKET_TRAILER);
  if (trailer < 0) return Buffer.concat([bytes, Buffer.alloc(missing, 0x20)]);
  const head = Buffer.from(text.slice(0, trailer), 'utf8');
  return Buffer.concat([head, Buffer.alloc(missing, 0x20), bytes.subarray(head.length)]);
}

/**
 * Reads the position from an XMP packet when its EXIF carries none. XMP writes coordinates as
 * `DDD,MM.mmk` or `DDD,MM,SSk` with k one of N, S, E, W.
 */
export function xmpGps(xmp: string): { latitude: number; longitude: number } | undefined {
  const latitude = coordinate(property(xmp, 'GPSLatitude'));
  const longitude = coordinate(property(xmp, 'GPSLongitude'));
  if (latitude === undefined || longitude === undefined) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return { latitude, longitude };
}

function property(xmp: string, name: string): string | undefined {
  const attr = new RegExp(`[\\w.-]+:${name}\\s*=\\s*["']([^"']*)["']`).exec(xmp);
  if (attr) return attr[1];
  return new RegExp(`<[\\w.-]+:${name}>([^<]*)<`).exec(xmp)?.[1];
}

function coordinate(value: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?([NSEW])\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const degrees = Number(m[1]) + Number(m[2]) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4]!) ? -degrees : degrees;
}
