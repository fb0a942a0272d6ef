import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { OperatorError } from '../errors';
import { awsError } from './ensureBucket';

/**
 * Checks that the platform's shared bucket exists and that the operator may list the server's
 * prefix, without touching the bucket's settings (infra owns them). A one-key listing of the
 * prefix rather than HeadBucket: infra's operator role grants s3:ListBucket on the shared bucket
 * only with an `s3:prefix` under the servers' root, which HeadBucket does not send.
 * @throws {OperatorError} BUCKET_NOT_FOUND or BUCKET_UNAVAILABLE (terminal), AWS_API otherwise
 */
export async function checkSharedBucket(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  try {
    await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (name === 'NoSuchBucket') {
      throw new OperatorError('BUCKET_NOT_FOUND', `shared bucket ${bucket} does not exist`, true, {
        cause: err,
      });
    }
    if (name === 'AccessDenied' || status === 403) {
      throw new OperatorError(
        'BUCKET_UNAVAILABLE',
        `the operator may not list ${prefix} in the shared bucket ${bucket}`,
        true,
        { cause: err },
      );
    }
    throw awsError('ListObjectsV2', bucket, err);
  }
}
