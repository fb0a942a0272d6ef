import { referencedOutput, referencedOutputs } from '../app/__fixtures__/references';
import { synthesizeApp } from '../app/__fixtures__/synthesizeApp';

const synthesized = synthesizeApp();
const template = synthesized.template('tagging');
const fn = Object.values(
  template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }),
);
const props = fn[0]!.Properties;

describe('TaggingStack', () => {
  it('runs one Node.js 24 function with the configured memory, timeout and reserved concurrency', () => {
    expect(fn).toHaveLength(1);
    expect(props).toMatchObject({
      Handler: 'index.handler',
      Architectures: ['x86_64'],
      MemorySize: 3008,
      Timeout: 120,
      ReservedConcurrentExecutions: 10,
    });
    expect(props.Layers).toEqual([{ Ref: expect.stringMatching(/^TaggingSharpLayer/) }]);
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleArchitectures: ['x86_64'],
      CompatibleRuntimes: ['nodejs24.x'],
    });
  });

  it('retries twice, then sends the event to an encrypted, TLS-only dead-letter queue', () => {
    expect(props.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^TaggingDeadLetters/), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy'))[0]!.Properties
      .PolicyDocument.Statement;
    expect(policy).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('is invoked by the two ways the server writes objects, under the uploads prefix only', () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'))[0]!
      .Properties;
    const configuration = (event: string) => ({
      Events: [event],
      Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'servers/' }] } },
      LambdaFunctionArn: { 'Fn::GetAtt': [expect.stringMatching(/^TaggingFunction/), 'Arn'] },
    });
    expect(notifications.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        configuration('s3:ObjectCreated:Put'),
        configuration('s3:ObjectCreated:CompleteMultipartUpload'),
      ],
    });
    // Merged with the bucket's other notifications instead of replacing them.
    expect(notifications.Managed).toBe(false);
    expect(referencedOutput(notifications.BucketName)).toMatch(/ImagesBucket/);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceAccount: '111111111111',
    });
  });

  it('has exactly the permissions it needs, on named resources', () => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('TaggingRole'),
    )![1];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith('TaggingRole')),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TaggingLogs/), 'Arn'] },
      },
      {
        Sid: 'VpcNetworkInterfaces',
        Effect: 'Allow',
        Action: [
          'ec2:AssignPrivateIpAddresses',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: '*',
      },
      {
        Sid: 'ReadOriginals',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::imageserver-images-example-111111111111-eu-west-1/servers/*/originals/*',
      },
      {
        Sid: 'DecryptUploadsThroughS3',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: expect.anything(),
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
      {
        Sid: 'ReadDatabaseCredentials',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: expect.anything(),
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TaggingDeadLetters/), 'Arn'] },
      },
    ]);
    expect(referencedOutput(statements[3].Resource)).toMatch(/ImagesKey/);
    expect(referencedOutput(statements[4].Resource)).toMatch(/DatabaseInstanceSecret/);
  });

  it('runs in the private subnets and reaches only HTTPS and PostgreSQL', () => {
    expect(referencedOutputs(props.VpcConfig.SubnetIds).map((o) => o.match(/privateSubnet\d/)?.[0])).toEqual([
      'privateSubnet1',
      'privateSubnet2',
      'privateSubnet3',
    ]);
    const group = Object.values(template.findResources('AWS::EC2::SecurityGroup'))[0]!.Properties;
    expect(group.SecurityGroupIngress).toBeUndefined();
    expect(group.SecurityGroupEgress).toEqual([
      {
        CidrIp: '0.0.0.0/0',
        Description: 'AWS APIs over HTTPS',
        FromPort: 443,
        ToPort: 443,
        IpProtocol: 'tcp',
      },
      {
        Description: 'PostgreSQL',
        DestinationSecurityGroupId: expect.anything(),
        FromPort: 5433,
        ToPort: 5433,
        IpProtocol: 'tcp',
      },
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'Tagging Lambda',
      FromPort: 5433,
      ToPort: 5433,
      IpProtocol: 'tcp',
    });
  });

  it('configures the handler’s platform mode, and nothing it does not read', () => {
    const variables = props.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual([
      'DATABASE_SECRET_ARN',
      'IMAGES_BUCKET',
      'NODE_EXTRA_CA_CERTS',
      'NODE_OPTIONS',
      'PGSSLMODE',
      'SERVER_PREFIX_ROOT',
      'TAGGERS',
    ]);
    expect(variables).toMatchObject({
      IMAGES_BUCKET: expect.anything(),
      SERVER_PREFIX_ROOT: 'servers/',
      TAGGERS: 'basic,exif,colour,hashes,labels,moderation',
      PGSSLMODE: 'verify-full',
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
    });
    expect(referencedOutput(variables.IMAGES_BUCKET)).toMatch(/ImagesBucket/);
    expect(referencedOutput(variables.DATABASE_SECRET_ARN)).toMatch(/DatabaseInstanceSecret/);
  });
});
