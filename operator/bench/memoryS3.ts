/**
 * An in-memory S3 behind aws-sdk-client-mock for the benchmark: buckets and their settings in
 * maps, so that the figures measure the operator and the Kubernetes API, not disk I/O of an
 * S3 stand-in. Enough for ensureBucket; objects are not modelled.
 */
import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

export function memoryS3(): { client: S3Client; calls: () => number } {
  const client = new S3Client({ region: 'us-east-1' });
  const mock = mockClient(client);
  const buckets = new Map<string, Record<string, unknown>>();
  const missing = (name: string, status = 404) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const bucket = (name?: string) => {
    const b = buckets.get(name ?? '');
    if (!b) throw missing('NoSuchBucket');
    return b;
  };
  const getter =
    (key: string, absent: string, wrap: (v: unknown) => unknown) =>
    async ({ Bucket }: { Bucket?: string }) => {
      const v = bucket(Bucket)[key];
      if (v === undefined) throw missing(absent);
      return wrap(v);
    };
  const setter =
    (key: string, pick: (input: Record<string, unknown>) => unknown) =>
    async (input: Record<string, unknown>) => {
      bucket(input.Bucket as string)[key] = pick(input);
      return {};
    };
  mock.on(HeadBucketCommand).callsFake(async ({ Bucket }) => {
    if (!buckets.has(Bucket!)) throw missing('NotFound');
    return {};
  });
  mock.on(CreateBucketCommand).callsFake(async ({ Bucket }) => {
    buckets.set(Bucket!, {});
    return {};
  });
  mock
    .on(GetPublicAccessBlockCommand)
    .callsFake(
      getter('pab', 'NoSuchPublicAccessBlockConfiguration', (v) => ({ PublicAccessBlockConfiguration: v })),
    );
  mock.on(PutPublicAccessBlockCommand).callsFake(setter('pab', (i) => i.PublicAccessBlockConfiguration));
  mock.on(GetBucketEncryptionCommand).callsFake(
    getter('enc', 'ServerSideEncryptionConfigurationNotFoundError', (v) => ({
      ServerSideEncryptionConfiguration: v,
    })),
  );
  mock.on(PutBucketEncryptionCommand).callsFake(setter('enc', (i) => i.ServerSideEncryptionConfiguration));
  mock.on(GetBucketTaggingCommand).callsFake(getter('tags', 'NoSuchTagSet', (v) => ({ TagSet: v })));
  mock
    .on(PutBucketTaggingCommand)
    .callsFake(setter('tags', (i) => (i.Tagging as { TagSet: unknown }).TagSet));
  mock
    .on(GetBucketLifecycleConfigurationCommand)
    .callsFake(getter('lc', 'NoSuchLifecycleConfiguration', (v) => ({ Rules: v })));
  mock
    .on(PutBucketLifecycleConfigurationCommand)
    .callsFake(setter('lc', (i) => (i.LifecycleConfiguration as { Rules: unknown }).Rules));
  mock.on(DeleteBucketLifecycleCommand).callsFake(setter('lc', () => undefined));
  return { client, calls: () => mock.calls().length };
}
