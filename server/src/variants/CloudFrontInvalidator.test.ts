import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFrontInvalidator } from './CloudFrontInvalidator';

describe('CloudFrontInvalidator', () => {
  it("invalidates the image's original and variant paths", async () => {
    const cloudfront = mockClient(CloudFrontClient);
    cloudfront
      .on(CreateInvalidationCommand)
      .resolves({ Invalidation: { Id: 'I1', Status: 'InProgress' } as never });
    const invalidator = new CloudFrontInvalidator(
      new CloudFrontClient({ region: 'us-east-1' }),
      'E2QWRUHAPOMQZL',
    );
    await invalidator.invalidateImage('abcdefghijklmnopqrstuv');
    await invalidator.invalidateImage('abcdefghijklmnopqrstuv');
    const calls = cloudfront.commandCalls(CreateInvalidationCommand);
    expect(calls).toHaveLength(2);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      DistributionId: 'E2QWRUHAPOMQZL',
      InvalidationBatch: {
        Paths: { Quantity: 2, Items: ['/i/abcdefghijklmnopqrstuv', '/i/abcdefghijklmnopqrstuv/*'] },
      },
    });
    // CloudFront rejects a reused caller reference with different paths: each request gets its own.
    expect(input.InvalidationBatch!.CallerReference).not.toBe(
      calls[1]!.args[0].input.InvalidationBatch!.CallerReference,
    );
    cloudfront.restore();
  });
});
