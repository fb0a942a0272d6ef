/**
 * The session policy attached to a server's Pod Identity association: the shared workload role,
 * narrowed to this server's bucket prefix. IAM evaluates the intersection of role and session
 * policy, so one role serves every ImageServer and none reaches another's images.
 */
export function buildSessionPolicy(arn: string, prefix: string, cloudFrontDistributionArn?: string): string {
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'Objects',
      Effect: 'Allow',
      Action: [
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:GetObjectTagging',
        's3:PutObjectTagging',
        's3:AbortMultipartUpload',
      ],
      Resource: `${arn}/${prefix}*`,
    },
    {
      Sid: 'List',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: arn,
      ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
    },
    // Image labelling for the `labels` tagger; resource-less API.
    { Sid: 'Tagging', Effect: 'Allow', Action: ['rekognition:DetectLabels'], Resource: '*' },
  ];
  if (cloudFrontDistributionArn) {
    statements.push({
      Sid: 'Invalidate',
      Effect: 'Allow',
      Action: 'cloudfront:CreateInvalidation',
      Resource: cloudFrontDistributionArn,
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
