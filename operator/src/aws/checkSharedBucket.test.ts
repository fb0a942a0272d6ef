import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { startTestS3, type TestS3 } from '../__fixtures__/s3';
import { checkSharedBucket } from './checkSharedBucket';

describe('checkSharedBucket against an S3-protocol server', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3.stop());

  it('lists one key of the prefix and changes nothing; a missing bucket is a terminal BUCKET_NOT_FOUND', async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: 'platform-images' }));
    const before = s3.sent().length;
    await checkSharedBucket(s3.client, 'platform-images', 'servers/shop/catalog/');
    expect(s3.sent().slice(before)).toEqual(['ListObjectsV2Command']);
    expect(s3.settings.get('platform-images')).toBeUndefined();
    await expect(checkSharedBucket(s3.client, 'not-there', 'servers/a/b/')).rejects.toMatchObject({
      code: 'BUCKET_NOT_FOUND',
      terminal: true,
      message: 'shared bucket not-there does not exist',
    });
  });
});

describe('checkSharedBucket decisions (AWS SDK mock)', () => {
  const client = new S3Client({ region: 'eu-west-1' });
  const mock = mockClient(client);
  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  it('sends the prefix and MaxKeys 1, the request infra’s prefix-scoped s3:ListBucket allows', async () => {
    mock.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    await checkSharedBucket(client, 'platform-images', 'servers/shop/catalog/');
    expect(mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({
      Bucket: 'platform-images',
      Prefix: 'servers/shop/catalog/',
      MaxKeys: 1,
    });
  });

  it('turns AccessDenied into a terminal BUCKET_UNAVAILABLE and other failures into AWS_API', async () => {
    mock
      .on(ListObjectsV2Command)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      );
    await expect(checkSharedBucket(client, 'platform-images', 'servers/a/b/')).rejects.toMatchObject({
      code: 'BUCKET_UNAVAILABLE',
      terminal: true,
      message: 'the operator may not list servers/a/b/ in the shared bucket platform-images',
    });
    mock.on(ListObjectsV2Command).rejects(Object.assign(new Error('slow'), { name: 'SlowDown' }));
    await expect(checkSharedBucket(client, 'platform-images', 'servers/a/b/')).rejects.toMatchObject({
      code: 'AWS_API',
      terminal: false,
      message: 'S3 ListObjectsV2 on platform-images failed: SlowDown',
    });
  });
});
