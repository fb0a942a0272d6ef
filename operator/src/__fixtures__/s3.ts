/**
 * S3 for tests: a real S3-protocol server (s3rver, the one the server's tests use) for buckets and
 * objects, and — for the bucket settings s3rver answers 501 NotImplemented to (Block Public
 * Access, default encryption, tagging, lifecycle) — an in-memory stand-in behind
 * aws-sdk-client-mock that keeps what was put and returns it, with S3's "not configured" errors.
 * Left out: S3's validation of those settings' contents (the unit tests check what is sent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteBucketLifecycleCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionRule,
  type Tag,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import S3rver from 's3rver';

export interface BucketSettings {
  publicAccessBlock?: PublicAccessBlockConfiguration;
  encryption?: ServerSideEncryptionRule[];
  tags?: Tag[];
  lifecycle?: LifecycleRule[];
}

export interface TestS3 {
  client: S3Client;
  settings: Map<string, BucketSettings>;
  /** Commands sent, by name (e.g. `PutBucketLifecycleConfigurationCommand`). */
  sent: () => string[];
  stop(): Promise<void>;
}

const notFound = (name: string) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });

export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'operator-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const realSend = client.send.bind(client) as (cmd: unknown) => Promise<unknown>;
  const mock = mockClient(client);
  const settings = new Map<string, BucketSettings>();
  const of = (bucket: string | undefined) => {
    const key = bucket ?? '';
    if (!settings.has(key)) settings.set(key, {});
    return settings.get(key)!;
  };
  // Default: pass the command through to s3rver; the `on(...)` fakes below take precedence.
  mock.send.callsFake((command: unknown) => realSend(command) as never);
  mock.on(GetPublicAccessBlockCommand).callsFake(async ({ Bucket }) => {
    const s = of(Bucket).publicAccessBlock;
    if (!s) throw notFound('NoSuchPublicAccessBlockConfiguration');
    return { PublicAccessBlockConfiguration: s };
  });
  mock.on(PutPublicAccessBlockCommand).callsFake(async ({ Bucket, PublicAccessBlockConfiguration }) => {
    of(Bucket).publicAccessBlock = PublicAccessBlockConfiguration;
    return {};
  });
  mock.on(GetBucketEncryptionCommand).callsFake(async ({ Bucket }) => {
    const s = of(Bucket).encryption;
    if (!s) throw notFound('ServerSideEncryptionConfigurationNotFoundError');
    return { ServerSideEncryptionConfiguration: { Rules: s } };
  });
  mock.on(PutBucketEncryptionCommand).callsFake(async ({ Bucket, ServerSideEncryptionConfiguration }) => {
    of(Bucket).encryption = ServerSideEncryptionConfiguration?.Rules;
    return {};
  });
  mock.on(GetBucketTaggingCommand).callsFake(async ({ Bucket }) => {
    const s = of(Bucket).tags;
    if (!s) throw notFound('NoSuchTagSet');
    return { TagSet: s };
  });
  mock.on(PutBucketTaggingCommand).callsFake(async ({ Bucket, Tagging }) => {
    of(Bucket).tags = Tagging?.TagSet;
    return {};
  });
  mock.on(GetBucketLifecycleConfigurationCommand).callsFake(async ({ Bucket }) => {
    const s = of(Bucket).lifecycle;
    if (!s) throw notFound('NoSuchLifecycleConfiguration');
    return { Rules: s };
  });
  mock.on(PutBucketLifecycleConfigurationCommand).callsFake(async ({ Bucket, LifecycleConfiguration }) => {
    of(Bucket).lifecycle = LifecycleConfiguration?.Rules;
    return {};
  });
  mock.on(DeleteBucketLifecycleCommand).callsFake(async ({ Bucket }) => {
    delete of(Bucket).lifecycle;
    return {};
  });
  return {
    client,
    settings,
    sent: () => mock.calls().map((c) => (c.args[0] as object).constructor.name),
    async stop() {
      mock.restore();
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
