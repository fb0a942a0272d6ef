import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ImagesConfig } from '../config';

export interface ImagesBucketProps {
  /** The bucket's name, fixed so that IAM policies can name it. */
  readonly bucketName: string;
  readonly images: ImagesConfig;
  /** Days to keep the server access logs. */
  readonly accessLogRetentionDays: number;
}

/**
 * The images bucket, private and versioned, encrypted with its own key, reachable over TLS only,
 * with server access logs in a second bucket and lifecycle rules for old versions and originals.
 */
export class ImagesBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ImagesBucketProps) {
    super(scope, id);
    const { images } = props;
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'ExpireLogs', expiration: Duration.days(props.accessLogRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key = new kms.Key(this, 'Key', {
      description: 'Images bucket encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const originalsClass =
      images.originalsStorageClass === 'STANDARD_IA'
        ? s3.StorageClass.INFREQUENT_ACCESS
        : s3.StorageClass.INTELLIGENT_TIERING;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of one KMS call per object.
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'images/',
      lifecycleRules: [
        {
          id: 'ExpireNoncurrentVersions',
          noncurrentVersionExpiration: Duration.days(images.noncurrentVersionExpirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
        {
          id: 'MoveOriginals',
          // Originals are tagged by the server; derived images are cheap to recreate and stay put.
          tagFilters: { [images.originalsTag.key]: images.originalsTag.value },
          transitions: [
            {
              storageClass: originalsClass,
              transitionAfter: Duration.days(images.originalsTransitionAfterDays),
            },
          ],
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
