import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { startTestS3, type TestS3 } from '../__fixtures__/s3';
import { ensureBucket, type BucketRequest } from './ensureBucket';
import { buildLifecycleRules } from './lifecycleRules';

const request = (extra: Partial<BucketRequest> = {}): BucketRequest => ({
  bucket: 'shop-images',
  region: 'eu-west-1',
  create: true,
  owner: 'shop/catalog',
  namespace: 'shop',
  name: 'catalog',
  lifecycleRules: buildLifecycleRules('shop', 'catalog', {
    bucket: 'shop-images',
    prefix: 'c/',
    lifecycle: { expireVariantsDays: 30 },
  }),
  ...extra,
});

describe('ensureBucket against an S3-protocol server', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3.stop());

  it('creates, locks down, tags and sets lifecycle once; a second run writes nothing', async () => {
    const first = await ensureBucket(s3.client, request({ region: 'us-east-1' }));
    expect(first).toEqual({
      arn: 'arn:aws:s3:::shop-images',
      created: true,
      changes: [
        'created bucket',
        'blocked public access',
        'enabled default encryption',
        'tagged bucket',
        'put lifecycle rules',
      ],
    });
    const settings = s3.settings.get('shop-images')!;
    expect(settings.tags).toEqual([
      { Key: 'imageserver.dev/owner', Value: 'shop/catalog' },
      { Key: 'app.kubernetes.io/managed-by', Value: 'imageserver-operator' },
    ]);
    expect(settings.lifecycle).toEqual([
      {
        ID: 'imageserver:shop/catalog:expire-variants',
        Status: 'Enabled',
        Filter: { Prefix: 'c/variants/' },
        Expiration: { Days: 30 },
      },
    ]);
    const second = await ensureBucket(s3.client, request({ region: 'us-east-1' }));
    expect(second).toEqual({ arn: 'arn:aws:s3:::shop-images', created: true, changes: [] });
  });

  it('deletes the lifecycle configuration when the spec has no rules left, keeping other owners rules otherwise', async () => {
    const settings = s3.settings.get('shop-images')!;
    settings.lifecycle = [
      ...settings.lifecycle!,
      { ID: 'someone-else', Status: 'Enabled', Filter: { Prefix: 'x/' }, Expiration: { Days: 1 } },
    ];
    const out = await ensureBucket(s3.client, request({ region: 'us-east-1', lifecycleRules: [] }));
    expect(out.changes).toEqual(['put lifecycle rules']);
    expect(settings.lifecycle!.map((r) => r.ID)).toEqual(['someone-else']);
    settings.lifecycle = [
      {
        ID: 'imageserver:shop/catalog:transitions',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Transitions: [],
      },
    ];
    const removed = await ensureBucket(s3.client, request({ region: 'us-east-1', lifecycleRules: [] }));
    expect(removed.changes).toEqual(['deleted lifecycle rules']);
    expect(settings.lifecycle).toBeUndefined();
  });

  it('adopts an existing bucket without tagging it, and refuses a missing one when create is false', async () => {
    const out = await ensureBucket(
      s3.client,
      request({
        region: 'us-east-1',
        owner: 'other/server',
        name: 'server',
        namespace: 'other',
        lifecycleRules: [],
      }),
    );
    expect(out.created).toBe(false);
    await expect(
      ensureBucket(s3.client, request({ bucket: 'not-there', create: false })),
    ).rejects.toMatchObject({
      code: 'BUCKET_NOT_FOUND',
      terminal: true,
      message: 'bucket not-there does not exist and storage.create is false',
    });
  });
});

describe('ensureBucket decisions (AWS SDK mock)', () => {
  const client = new S3Client({ region: 'eu-west-1' });
  const mock = mockClient(client);
  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  it('creates outside us-east-1 with a LocationConstraint', async () => {
    mock
      .on(HeadBucketCommand)
      .rejects(
        Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }),
      );
    mock.on(CreateBucketCommand).resolves({});
    mock.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    });
    mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
    });
    mock.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    mock.on(PutBucketTaggingCommand).resolves({});
    mock.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: request().lifecycleRules });
    const out = await ensureBucket(client, request());
    expect(mock.commandCalls(CreateBucketCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'shop-images',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      ObjectOwnership: 'BucketOwnerEnforced',
    });
    expect(out.changes).toEqual(['created bucket', 'tagged bucket']);
    expect(mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0);
    expect(mock.commandCalls(PutBucketLifecycleConfigurationCommand)).toHaveLength(0);
    expect(mock.commandCalls(DeleteBucketLifecycleCommand)).toHaveLength(0);
  });

  it('turns a bucket owned by another account into a terminal error', async () => {
    mock
      .on(HeadBucketCommand)
      .rejects(
        Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }),
      );
    await expect(ensureBucket(client, request())).rejects.toMatchObject({
      code: 'BUCKET_UNAVAILABLE',
      terminal: true,
    });
    mock
      .on(HeadBucketCommand)
      .rejects(
        Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }),
      );
    mock.on(CreateBucketCommand).rejects(Object.assign(new Error('taken'), { name: 'BucketAlreadyExists' }));
    await expect(ensureBucket(client, request())).rejects.toMatchObject({
      code: 'BUCKET_UNAVAILABLE',
      message: 'bucket name shop-images is taken by another AWS account',
    });
  });

  it('reports other failures as retryable AWS_API errors', async () => {
    mock.on(HeadBucketCommand).resolves({});
    mock.on(GetPublicAccessBlockCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    await expect(ensureBucket(client, request())).rejects.toMatchObject({
      code: 'AWS_API',
      terminal: false,
      message: 'S3 GetPublicAccessBlock on shop-images failed: SlowDown',
    });
  });
});
