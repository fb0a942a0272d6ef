import { randomUUID } from 'node:crypto';
import { CreateInvalidationCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CdnInvalidator } from './types';

/**
 * Invalidates an image's original and every variant path in a CloudFront distribution. One
 * wildcard path covers all variants, and CloudFront counts a wildcard as a single path.
 */
export class CloudFrontInvalidator implements CdnInvalidator {
  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
  ) {}

  async invalidateImage(imageId: string): Promise<void> {
    const paths = [`/i/${imageId}`, `/i/${imageId}/*`];
    await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          CallerReference: `${imageId}-${randomUUID()}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
  }
}
