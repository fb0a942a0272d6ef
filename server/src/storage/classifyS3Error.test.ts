import { NoSuchBucket, NoSuchKey, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { classifyS3Error } from './classifyS3Error';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('classifyS3Error', () => {
  it.each([
    ['NoSuchKey (GetObject)', new NoSuchKey({ message: 'gone', ...meta(404) }), 'not-found'],
    ['NotFound (HeadObject)', new NotFound({ message: '', ...meta(404) }), 'not-found'],
    ['NoSuchBucket', new NoSuchBucket({ message: 'no bucket', ...meta(404) }), 'unavailable'],
    [
      'InvalidRange',
      new S3ServiceException({ name: 'InvalidRange', $fault: 'client', ...meta(416) }),
      'range',
    ],
    [
      'AccessDenied',
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', ...meta(403) }),
      'unavailable',
    ],
    ['SlowDown', new S3ServiceException({ name: 'SlowDown', $fault: 'server', ...meta(503) }), 'unavailable'],
    [
      'InternalError',
      new S3ServiceException({ name: 'InternalError', $fault: 'server', ...meta(500) }),
      'unavailable',
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'unavailable',
    ],
    ['a timeout', Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 'unavailable'],
    ['a non-error', 'boom', 'unavailable'],
  ])('%s is %s', (_what, err, kind) => {
    expect(classifyS3Error(err)).toBe(kind);
  });
});
