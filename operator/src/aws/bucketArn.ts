/** ARN of a bucket; the partition follows the region (China and GovCloud differ). */
export function bucketArn(bucket: string, region: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:s3:::${bucket}`;
}
