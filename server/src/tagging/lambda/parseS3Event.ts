import { TaggingError } from '../TaggingError';

export interface S3ObjectRef {
  readonly bucket: string;
  /** Decoded object key (S3 events URL-encode keys, with `+` for spaces). */
  readonly key: string;
}

/**
 * Validates an S3 event notification and returns the created objects.
 * @throws TaggingError INVALID_EVENT (not retryable) naming what is wrong.
 */
export function parseS3Event(event: unknown): S3ObjectRef[] {
  const invalid = (detail: string) => new TaggingError('INVALID_EVENT', `Invalid S3 event: ${detail}`, false);
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) throw invalid('expected a non-empty Records list');
  return records.map((record: unknown, i) => {
    const r = record as {
      eventSource?: unknown;
      eventName?: unknown;
      s3?: { bucket?: { name?: unknown }; object?: { key?: unknown } };
    } | null;
    if (r?.eventSource !== 'aws:s3') throw invalid(`Records[${i}].eventSource is not aws:s3`);
    if (typeof r.eventName !== 'string' || !r.eventName.startsWith('ObjectCreated:')) {
      throw invalid(`Records[${i}].eventName ${JSON.stringify(r.eventName)} is not an ObjectCreated event`);
    }
    const bucket = r.s3?.bucket?.name;
    const key = r.s3?.object?.key;
    if (typeof bucket !== 'string' || bucket === '') throw invalid(`Records[${i}].s3.bucket.name is missing`);
    if (typeof key !== 'string' || key === '') throw invalid(`Records[${i}].s3.object.key is missing`);
    let decoded: string;
    try {
      decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      throw invalid(`Records[${i}].s3.object.key is not URL-encoded`);
    }
    return { bucket, key: decoded };
  });
}

const ORIGINAL = /^originals\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/** The sha256 of an original's key (after the store prefix), or undefined for any other object. */
export function originalSha256(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  return ORIGINAL.exec(key.slice(prefix.length))?.[1];
}
