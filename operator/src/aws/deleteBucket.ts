import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { awsError } from './ensureBucket';

/**
 * Deletes every object under `prefix` (all objects when empty), 1,000 per request.
 * Returns how many were deleted. Old versions in a versioned bucket are not touched.
 */
export async function emptyPrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await s3
      .send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }),
      )
      .catch((err: unknown) => {
        if ((err as { name?: string }).name === 'NoSuchBucket')
          return { Contents: [], NextContinuationToken: undefined };
        throw awsError('ListObjectsV2', bucket, err);
      });
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length) {
      const out = await s3
        .send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }))
        .catch((err: unknown) => {
          throw awsError('DeleteObjects', bucket, err);
        });
      if (out.Errors?.length)
        throw awsError('DeleteObjects', bucket, new Error(out.Errors[0]?.Message ?? 'failed'));
      deleted += keys.length;
    }
    token = page.NextContinuationToken;
  } while (token);
  return deleted;
}

/** Empties and deletes a bucket; a bucket that is already gone is fine. */
export async function deleteBucket(s3: S3Client, bucket: string): Promise<void> {
  await emptyPrefix(s3, bucket, '');
  try {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (
      name !== 'NoSuchBucket' &&
      (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404
    ) {
      throw awsError('DeleteBucket', bucket, err);
    }
  }
}
