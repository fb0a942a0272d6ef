import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type LifecycleRule,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import { OperatorError } from '../errors';
import { isSubset } from '../reconcile/semanticDiff';
import { bucketArn } from './bucketArn';
import { ruleIdPrefix } from './lifecycleRules';

/** Tag on buckets the operator created; its value names the ImageServer (`namespace/name`). */
export const OWNER_TAG = 'imageserver.dev/owner';

export interface BucketRequest {
  bucket: string;
  region: string;
  /** Create when missing (else adopt only). */
  create: boolean;
  /** `namespace/name` of the ImageServer. */
  owner: string;
  namespace: string;
  name: string;
  lifecycleRules: LifecycleRule[];
}

export interface BucketState {
  arn: string;
  /** The operator created this bucket (tagged with OWNER_TAG naming this ImageServer). */
  created: boolean;
  /** What was written, e.g. `put lifecycle`; empty when the bucket already matched. */
  changes: string[];
}

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const errorName = (err: unknown) => (err as { name?: string }).name ?? '';
const httpStatus = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Creates or adopts the bucket and brings its settings in line: Block Public Access on, default
 * encryption present, the ImageServer's lifecycle rules (other rules kept), owner tags on
 * buckets it created. Reads first and writes only what differs.
 * @throws {OperatorError} BUCKET_NOT_FOUND / BUCKET_UNAVAILABLE (terminal), AWS_API otherwise
 */
export async function ensureBucket(s3: S3Client, req: BucketRequest): Promise<BucketState> {
  const changes: string[] = [];
  const Bucket = req.bucket;
  let created = false;
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
  } catch (err) {
    const status = httpStatus(err);
    if (status === 403) {
      throw new OperatorError(
        'BUCKET_UNAVAILABLE',
        `bucket ${Bucket} exists and this operator may not use it`,
        true,
      );
    }
    if (status !== 404 && errorName(err) !== 'NotFound') throw awsError('HeadBucket', Bucket, err);
    if (!req.create) {
      throw new OperatorError(
        'BUCKET_NOT_FOUND',
        `bucket ${Bucket} does not exist and storage.create is false`,
        true,
      );
    }
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket,
          ...(req.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: req.region as never } }),
          ObjectOwnership: 'BucketOwnerEnforced',
        }),
      );
      created = true;
      changes.push('created bucket');
    } catch (createErr) {
      if (errorName(createErr) === 'BucketAlreadyExists') {
        throw new OperatorError(
          'BUCKET_UNAVAILABLE',
          `bucket name ${Bucket} is taken by another AWS account`,
          true,
        );
      }
      if (errorName(createErr) !== 'BucketAlreadyOwnedByYou')
        throw awsError('CreateBucket', Bucket, createErr);
    }
  }

  const pab = await getOr(
    () => s3.send(new GetPublicAccessBlockCommand({ Bucket })).then((r) => r.PublicAccessBlockConfiguration),
    ['NoSuchPublicAccessBlockConfiguration'],
    'GetPublicAccessBlock',
    Bucket,
  );
  if (!isSubset(BLOCK_ALL, pab ?? {})) {
    await call('PutPublicAccessBlock', Bucket, () =>
      s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: BLOCK_ALL })),
    );
    changes.push('blocked public access');
  }

  const encryption = await getOr(
    () =>
      s3
        .send(new GetBucketEncryptionCommand({ Bucket }))
        .then((r) => r.ServerSideEncryptionConfiguration?.Rules),
    ['ServerSideEncryptionConfigurationNotFoundError'],
    'GetBucketEncryption',
    Bucket,
  );
  // Any default encryption an adopted bucket already has (e.g. SSE-KMS) is kept.
  if (!encryption?.some((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)) {
    await call('PutBucketEncryption', Bucket, () =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true },
            ],
          },
        }),
      ),
    );
    changes.push('enabled default encryption');
  }

  const tags =
    (await getOr(
      () => s3.send(new GetBucketTaggingCommand({ Bucket })).then((r) => r.TagSet),
      ['NoSuchTagSet', 'NoSuchTagSetError'],
      'GetBucketTagging',
      Bucket,
    )) ?? [];
  const ownerTag = tags.find((t) => t.Key === OWNER_TAG)?.Value;
  created ||= ownerTag === req.owner;
  if (created) {
    const wanted: Tag[] = [
      { Key: OWNER_TAG, Value: req.owner },
      { Key: 'app.kubernetes.io/managed-by', Value: 'imageserver-operator' },
    ];
    if (!wanted.every((w) => tags.some((t) => t.Key === w.Key && t.Value === w.Value))) {
      const next = [...tags.filter((t) => !wanted.some((w) => w.Key === t.Key)), ...wanted];
      await call('PutBucketTagging', Bucket, () =>
        s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: next } })),
      );
      changes.push('tagged bucket');
    }
  }

  const lifecycle =
    (await getOr(
      () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })).then((r) => r.Rules),
      ['NoSuchLifecycleConfiguration'],
      'GetBucketLifecycleConfiguration',
      Bucket,
    )) ?? [];
  const mine = ruleIdPrefix(req.namespace, req.name);
  const others = lifecycle.filter((r) => !r.ID?.startsWith(mine));
  const current = lifecycle.filter((r) => r.ID?.startsWith(mine));
  const same =
    current.length === req.lifecycleRules.length &&
    req.lifecycleRules.every((want) =>
      isSubset(
        want,
        current.find((c) => c.ID === want.ID),
      ),
    );
  if (!same) {
    const next = [...others, ...req.lifecycleRules];
    if (next.length) {
      await call('PutBucketLifecycleConfiguration', Bucket, () =>
        s3.send(
          new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: next } }),
        ),
      );
      changes.push('put lifecycle rules');
    } else {
      await call('DeleteBucketLifecycle', Bucket, () =>
        s3.send(new DeleteBucketLifecycleCommand({ Bucket })),
      );
      changes.push('deleted lifecycle rules');
    }
  }
  return { arn: bucketArn(Bucket, req.region), created, changes };
}

async function getOr<T>(
  fn: () => Promise<T>,
  absent: string[],
  op: string,
  bucket: string,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (absent.includes(errorName(err))) return undefined;
    throw awsError(op, bucket, err);
  }
}

async function call<T>(op: string, bucket: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw awsError(op, bucket, err);
  }
}

export function awsError(op: string, bucket: string, err: unknown): OperatorError {
  return new OperatorError(
    'AWS_API',
    `S3 ${op} on ${bucket} failed: ${errorName(err) || String(err)}`,
    false,
    { cause: err },
  );
}
