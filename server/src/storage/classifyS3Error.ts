/** What an error from an S3 call means for a store. */
export type S3ErrorKind = 'not-found' | 'range' | 'unavailable';

/**
 * Sorts an error thrown by `S3Client.send`. Only a missing key is "not found" (GetObject answers
 * `NoSuchKey`; HEAD requests have no body, so the SDK names them `NotFound`); a range starting past
 * the end is "range" (416 `InvalidRange`); everything else, from a refused connection to
 * `NoSuchBucket`, `AccessDenied`, throttling or a 5xx, means the store cannot serve: "unavailable".
 */
export function classifyS3Error(err: unknown): S3ErrorKind {
  const name = (err as { name?: unknown } | undefined)?.name;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (name === 'NoSuchKey' || name === 'NotFound') return 'not-found';
  if (name === 'InvalidRange' || status === 416) return 'range';
  return 'unavailable';
}
