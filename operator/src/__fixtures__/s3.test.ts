import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import { startTestS3, type TestS3 } from './s3';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(() => s3.stop());

it('passes bucket calls to s3rver and keeps settings s3rver lacks', async () => {
  await s3.client.send(new CreateBucketCommand({ Bucket: 'probe' }));
  await expect(s3.client.send(new HeadBucketCommand({ Bucket: 'probe' }))).resolves.toBeDefined();
  await expect(s3.client.send(new HeadBucketCommand({ Bucket: 'missing' }))).rejects.toMatchObject({
    $metadata: { httpStatusCode: 404 },
  });
  await expect(s3.client.send(new GetBucketTaggingCommand({ Bucket: 'probe' }))).rejects.toMatchObject({
    name: 'NoSuchTagSet',
  });
  await s3.client.send(
    new PutBucketTaggingCommand({ Bucket: 'probe', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }),
  );
  await expect(s3.client.send(new GetBucketTaggingCommand({ Bucket: 'probe' }))).resolves.toMatchObject({
    TagSet: [{ Key: 'a', Value: 'b' }],
  });
});
