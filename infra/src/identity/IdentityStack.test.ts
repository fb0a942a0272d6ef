import { referencedOutput } from '../app/__fixtures__/references';
import { synthesizeApp } from '../app/__fixtures__/synthesizeApp';

const synthesized = synthesizeApp();
const template = synthesized.template('identity');
const bucket = 'arn:aws:s3:::imageserver-images-example-111111111111-eu-west-1';
const policyOf = (role: string) =>
  Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
    p.Properties.Roles[0].Ref.startsWith(role),
  )!.Properties.PolicyDocument.Statement;
const roleOf = (role: string) =>
  Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith(role))![1].Properties;

describe('IdentityStack', () => {
  it.each(['WorkloadRole', 'OperatorRole'])(
    'lets only EKS Pod Identity of this cluster assume %s, with session tags',
    (role) => {
      const [trust, ...more] = roleOf(role).AssumeRolePolicyDocument.Statement;
      expect(more).toEqual([]);
      expect(trust).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      });
      expect(referencedOutput(trust.Condition.ArnEquals['aws:SourceArn'])).toMatch(/ClusterEB0386A7Arn/);
      expect(roleOf(role).ManagedPolicyArns).toBeUndefined();
    },
  );

  it('gives each image server only its own prefix, chosen by the namespace and service account session tags', () => {
    const own =
      'servers/${aws:PrincipalTag/kubernetes-namespace}/${aws:PrincipalTag/kubernetes-service-account}/';
    const statements = policyOf('WorkloadRole');
    expect(statements.slice(0, 2)).toEqual([
      {
        Sid: 'OwnPrefixObjects',
        Effect: 'Allow',
        Action: [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:GetObjectTagging',
          's3:ListMultipartUploadParts',
          's3:PutObject',
          's3:PutObjectTagging',
        ],
        Resource: `${bucket}/${own}*`,
      },
      {
        Sid: 'ListOwnPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: bucket,
        Condition: { StringLike: { 's3:prefix': [`${own}*`] } },
      },
    ]);
    expect(statements[2]).toMatchObject({
      Sid: 'BucketKeyThroughS3',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: {
        StringEquals: {
          'kms:ViaService': 's3.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:aws:s3:arn': bucket,
        },
      },
    });
    expect(referencedOutput(statements[2].Resource)).toMatch(/ImagesKey/);
  });

  it('opens a server’s own buckets to its namespace only, ending the namespace with a dot', () => {
    const ownBuckets = 'arn:aws:s3:::example-imageserver-${aws:PrincipalTag/kubernetes-namespace}.*';
    const statements = policyOf('WorkloadRole');
    expect(statements.slice(3, 5)).toEqual([
      {
        Sid: 'OwnNamespaceBucketObjects',
        Effect: 'Allow',
        Action: [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:GetObjectTagging',
          's3:ListMultipartUploadParts',
          's3:PutObject',
          's3:PutObjectTagging',
        ],
        Resource: `${ownBuckets}/*`,
      },
      { Sid: 'ListOwnNamespaceBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: ownBuckets },
    ]);
  });

  it('lets servers invalidate the platform distribution and nothing else of CloudFront', () => {
    const statements = policyOf('WorkloadRole');
    const [invalidate] = statements.slice(5);
    expect(invalidate).toMatchObject({
      Sid: 'InvalidatePlatformDistribution',
      Effect: 'Allow',
      Action: 'cloudfront:CreateInvalidation',
    });
    const [prefix, id] = invalidate.Resource['Fn::Join'][1];
    expect(prefix).toBe('arn:aws:cloudfront::111111111111:distribution/');
    expect(referencedOutput(id)).toMatch(/^PublishOutputRefDistribution/);
    expect(statements.map((st: { Sid: string }) => st.Sid)).toEqual([
      'OwnPrefixObjects',
      'ListOwnPrefix',
      'BucketKeyThroughS3',
      'OwnNamespaceBucketObjects',
      'ListOwnNamespaceBuckets',
      'InvalidatePlatformDistribution',
    ]);
    expect(statements.flatMap((st: { Action: string | string[] }) => [st.Action].flat())).not.toContain(
      'rekognition:DetectLabels',
    );
  });

  it('limits the operator to its buckets, this cluster’s Pod Identity associations and passing the workload role', () => {
    const statements = policyOf('OperatorRole');
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual([
      'ManageServerBuckets',
      'EmptyServerBuckets',
      'ListServerPrefixes',
      'CreateAndListAssociations',
      'ManageAssociations',
      'PassWorkloadRoleToPodIdentity',
    ]);
    expect(statements[0]).toEqual({
      Sid: 'ManageServerBuckets',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketTagging',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:ListBucket',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      Resource: 'arn:aws:s3:::example-imageserver-*',
    });
    expect(statements[1]).toEqual({
      Sid: 'EmptyServerBuckets',
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: ['arn:aws:s3:::example-imageserver-*/*', `${bucket}/servers/*`],
    });
    expect(statements[2]).toEqual({
      Sid: 'ListServerPrefixes',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucket,
      Condition: { StringLike: { 's3:prefix': ['servers/*'] } },
    });
    expect(statements[3].Action).toEqual([
      'eks:CreatePodIdentityAssociation',
      'eks:ListPodIdentityAssociations',
    ]);
    expect(referencedOutput(statements[3].Resource)).toMatch(/ClusterEB0386A7Arn/);
    expect(statements[4]).toEqual({
      Sid: 'ManageAssociations',
      Effect: 'Allow',
      Action: [
        'eks:DeletePodIdentityAssociation',
        'eks:DescribePodIdentityAssociation',
        'eks:TagResource',
        'eks:UpdatePodIdentityAssociation',
      ],
      Resource: 'arn:aws:eks:eu-west-1:111111111111:podidentityassociation/example-imageserver/*',
    });
    expect(statements[5]).toEqual({
      Sid: 'PassWorkloadRoleToPodIdentity',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^WorkloadRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } },
    });
  });

  it('gives the operator no bucket-level action on the shared bucket but listing the servers’ prefixes', () => {
    const onBucket = policyOf('OperatorRole').filter((st: { Resource: unknown }) =>
      [st.Resource].flat().includes(bucket),
    );
    expect(onBucket.map((st: { Sid: string; Action: string }) => [st.Sid, st.Action])).toEqual([
      ['ListServerPrefixes', 's3:ListBucket'],
    ]);
  });

  it('associates the operator’s service account with its role', () => {
    const associations = Object.values(template.findResources('AWS::EKS::PodIdentityAssociation')).map(
      (r) => r.Properties,
    );
    expect(associations).toEqual([
      expect.objectContaining({
        Namespace: 'imageserver-system',
        ServiceAccount: 'imageserver-operator',
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^OperatorRole/), 'Arn'] },
      }),
    ]);
    expect(referencedOutput(associations[0]!.ClusterName)).toMatch(/RefClusterEB0386A7/);
  });
});
