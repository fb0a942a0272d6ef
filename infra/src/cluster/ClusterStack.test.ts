import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import path from 'node:path';
import { cdkJsonContext, exampleConfig, synthesizeApp } from '../app/__fixtures__/synthesizeApp';
import { referencedOutputs } from '../app/__fixtures__/references';
import { NetworkStack } from '../network/NetworkStack';
import { ClusterStack } from './ClusterStack';

const fixtures = path.join(__dirname, '__fixtures__');
const synthesized = synthesizeApp({ root: path.join(fixtures, 'repo-with-operator') });
const template = synthesized.template('cluster');
const operatorManifests = (t: Template) =>
  Object.values(t.findResources('Custom::AWSCDK-EKS-KubernetesResource')).filter((r) =>
    JSON.stringify(r.Properties.Manifest).includes('imageservers.imageserver.dev'),
  );
const eksCluster = () => Object.values(template.findResources('AWS::EKS::Cluster'))[0]!.Properties;

describe('ClusterStack', () => {
  it('keeps the API endpoint private and logs every control-plane log type', () => {
    const props = eksCluster();
    expect(props.ResourcesVpcConfig).toMatchObject({
      EndpointPrivateAccess: true,
      EndpointPublicAccess: false,
    });
    expect(props.ResourcesVpcConfig.PublicAccessCidrs).toBeUndefined();
    expect(props.Logging.ClusterLogging.EnabledTypes.map((t: { Type: string }) => t.Type).sort()).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    expect(props.Version).toBe('1.35');
    expect(props.Name).toBe('example-imageserver');
  });

  it('encrypts Kubernetes secrets with a rotating key', () => {
    expect(eksCluster().EncryptionConfig).toEqual([
      {
        Provider: { KeyArn: { 'Fn::GetAtt': [expect.stringMatching(/^SecretsKey/), 'Arn'] } },
        Resources: ['secrets'],
      },
    ]);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('places the control plane and the managed nodes in the three private subnets', () => {
    expect(
      referencedOutputs(eksCluster().ResourcesVpcConfig.SubnetIds).map(
        (o) => o.match(/privateSubnet\d/)?.[0],
      ),
    ).toEqual(['privateSubnet1', 'privateSubnet2', 'privateSubnet3']);
    const nodegroup = Object.values(template.findResources('AWS::EKS::Nodegroup'))[0]!.Properties;
    expect(referencedOutputs(nodegroup.Subnets).map((o) => o.match(/privateSubnet\d/)?.[0])).toEqual([
      'privateSubnet1',
      'privateSubnet2',
      'privateSubnet3',
    ]);
    expect(nodegroup).toMatchObject({
      AmiType: 'AL2023_x86_64_STANDARD',
      CapacityType: 'ON_DEMAND',
      InstanceTypes: ['m7i.large', 'm6i.large'],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 9 },
    });
  });

  it('uses managed node groups (not Auto Mode) with IMDSv2, hop limit 1 and encrypted gp3 volumes', () => {
    expect(eksCluster().ComputeConfig).toEqual({ Enabled: false });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 50, VolumeType: 'gp3' } },
        ],
      }),
    });
  });

  it('installs the Pod Identity agent, Container Insights, the Load Balancer Controller and external-dns', () => {
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' });
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'amazon-cloudwatch-observability',
      PodIdentityAssociations: [{ ServiceAccount: 'cloudwatch-agent', RoleArn: Match.anyValue() }],
    });
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Chart: 'aws-load-balancer-controller' });
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: 'external-dns',
      Namespace: 'kube-system',
      Values: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'kube-system',
      ServiceAccount: 'external-dns',
    });
  });

  it('lets external-dns change records under the images domain only, and only publish annotated names', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'route53:ChangeResourceRecordSets',
            Resource: 'arn:aws:route53:::hostedzone/Z0123456789EXAMPLE',
            Condition: {
              'ForAllValues:StringLike': {
                'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
                  'images.example.com',
                  '*.images.example.com',
                ],
              },
            },
          }),
        ]),
      },
    });
    const chart = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).find(
      (r) => r.Properties.Chart === 'external-dns',
    )!;
    const values = JSON.parse(chart.Properties.Values);
    expect(values).toMatchObject({
      sources: ['ingress'],
      policy: 'upsert-only',
      domainFilters: ['images.example.com'],
      annotationFilter: 'imageserver.dev/dns=origin',
    });
    expect(values.extraArgs).toEqual([
      '--zone-id-filter=Z0123456789EXAMPLE',
      '--ignore-ingress-rules-spec',
      '--ignore-ingress-tls-spec',
    ]);
  });

  it('creates the server and operator repositories with scan on push and immutable tags', () => {
    for (const name of ['imageserver/server', 'imageserver/operator']) {
      template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
    }
  });

  it('admits only CloudFront origin-facing addresses to the ALB security group', () => {
    const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).filter(([, g]) =>
      String(g.Properties.GroupDescription).startsWith('ALB'),
    );
    expect(groups).toHaveLength(1);
    const [albGroupId, albGroup] = groups[0]!;
    expect(albGroup.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === albGroupId,
    );
    expect(ingress.map((r) => r.Properties)).toEqual([
      {
        Description: 'CloudFront origin-facing addresses',
        FromPort: 443,
        ToPort: 443,
        IpProtocol: 'tcp',
        SourcePrefixListId: 'pl-4fa04526',
        GroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] },
      },
    ]);
  });

  it('installs the operator from its manifest and reads its service account from it', () => {
    const manifests = operatorManifests(template);
    expect(manifests).toHaveLength(1);
    const body = JSON.stringify(manifests[0]!.Properties.Manifest);
    expect(body).toContain('imageservers.imageserver.dev');
    expect(body).toContain('imageserver-operator');
    expect(synthesized.stacks.cluster.operatorServiceAccount).toEqual({
      namespace: 'imageserver-ops',
      name: 'controller',
    });
  });

  it('tells the operator its cluster, region, workload role, ingress group, VPC range, storage and distribution', () => {
    // The distribution id is a reference to the edge stack: put the manifest back together with a placeholder.
    const parts = operatorManifests(template)[0]!.Properties.Manifest['Fn::Join'][1] as unknown[];
    const objects = JSON.parse(
      parts
        .map((p) =>
          typeof p === 'string' ? p : `<${referencedOutputs([p])[0]!.replace(/[0-9A-F]{8,}$/, '')}>`,
        )
        .join(''),
    );
    const deployment = objects.find((o: { kind: string }) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'AWS_REGION', value: 'eu-west-1' },
      { name: 'EKS_CLUSTER_NAME', value: 'example-imageserver' },
      { name: 'WORKLOAD_ROLE_ARN', value: 'arn:aws:iam::111111111111:role/example-imageserver-workload' },
      { name: 'INGRESS_GROUP_NAME', value: 'imageserver' },
      { name: 'INGRESS_CIDRS', value: '10.40.0.0/16' },
      { name: 'DATABASE_CIDRS', value: '10.40.0.0/16' },
      { name: 'CACHE_CIDRS', value: '10.40.0.0/16' },
      { name: 'SHARED_BUCKET', value: 'imageserver-images-example-111111111111-eu-west-1' },
      { name: 'SERVER_PREFIX_ROOT', value: 'servers/' },
      { name: 'DEDICATED_BUCKET_PREFIX', value: 'example-imageserver-' },
      { name: 'CLOUDFRONT_DISTRIBUTION_ID', value: '<PublishOutputRefDistribution>' },
    ]);
  });

  it('anchors the shared ALB: HTTPS only, origin certificate, CloudFront-only group, origin name for external-dns', () => {
    const origin = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).find((r) =>
      JSON.stringify(r.Properties.Manifest).includes('imageserver-origin'),
    )!;
    // Tokens split the manifest into a Fn::Join; put it back together with placeholders.
    const parts = origin.Properties.Manifest['Fn::Join'][1] as unknown[];
    const manifest = JSON.parse(
      parts
        .map((p) =>
          typeof p === 'string' ? p : `<${JSON.stringify(p).match(/"(OriginCertificate|AlbOrigin)/)![1]}>`,
        )
        .join(''),
    );
    expect(manifest[0].metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/group.name': 'imageserver',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': '<OriginCertificate>',
      'alb.ingress.kubernetes.io/security-groups': '<AlbOrigin>',
      'external-dns.alpha.kubernetes.io/hostname': 'origin.images.example.com',
      'imageserver.dev/dns': 'origin',
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.images.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: '*.images.example.com', HostedZoneId: 'Z0123456789EXAMPLE' }],
    });
  });
});

describe('ClusterStack without the operator manifest, with a restricted public endpoint', () => {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true },
  });
  const config = exampleConfig((c) => ({
    ...c,
    cluster: { ...c.cluster, publicEndpointCidrs: ['203.0.113.0/24'] },
  }));
  const network = new NetworkStack(app, 'Network', { config });
  const stack = new ClusterStack(app, 'Cluster', {
    config,
    vpc: network.vpc,
    root: path.join(fixtures, 'bare-repo'),
  });
  const bare = Template.fromStack(stack);

  it('skips the operator with a warning and falls back to the configured service account', () => {
    expect(operatorManifests(bare)).toHaveLength(0);
    Annotations.fromStack(stack).hasWarning(
      '/Cluster',
      Match.stringLikeRegexp('operator/install.yaml does not exist'),
    );
    expect(stack.operatorServiceAccount).toEqual({
      namespace: 'imageserver-system',
      name: 'imageserver-operator',
    });
  });

  it('opens the public endpoint to the configured ranges only, keeping private access', () => {
    bare.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ['203.0.113.0/24'],
      }),
    });
  });
});
