import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext, exampleConfig, synthesizeApp } from '../app/__fixtures__/synthesizeApp';
import { NetworkStack } from './NetworkStack';

const template = synthesizeApp().template('network');
const subnets = Object.entries(template.findResources('AWS::EC2::Subnet'));
const subnetsOf = (group: string) =>
  subnets.filter(([id]) => id.startsWith(`Vpc${group}Subnet`)).map(([, s]) => s.Properties);

describe('NetworkStack', () => {
  it('spreads public, private and isolated subnets over the three configured zones', () => {
    for (const group of ['public', 'private', 'isolated']) {
      expect(subnetsOf(group).map((s) => s.AvailabilityZone)).toEqual([
        'eu-west-1a',
        'eu-west-1b',
        'eu-west-1c',
      ]);
    }
    expect(subnets).toHaveLength(9);
    expect(subnetsOf('public').every((s) => s.MapPublicIpOnLaunch === false)).toBe(true);
  });

  it('routes private subnets through a NAT gateway per zone and isolated subnets nowhere', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    const routes = Object.entries(template.findResources('AWS::EC2::Route'));
    const natRoutes = routes.filter(([id]) => id.startsWith('Vpcprivate')).map(([, r]) => r.Properties);
    expect(natRoutes).toHaveLength(3);
    expect(natRoutes.every((r) => r.NatGatewayId && r.DestinationCidrBlock === '0.0.0.0/0')).toBe(true);
    expect(routes.filter(([id]) => id.startsWith('Vpcisolated'))).toHaveLength(0);
  });

  it('logs all traffic to CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('creates the S3 gateway endpoint and interface endpoints for ECR, STS, Logs, Secrets Manager and EKS Auth', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
    const interfaces = Object.values(
      template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }),
    );
    expect(interfaces.map((e) => e.Properties.ServiceName).sort()).toEqual([
      'com.amazonaws.eu-west-1.ecr.api',
      'com.amazonaws.eu-west-1.ecr.dkr',
      'com.amazonaws.eu-west-1.eks-auth',
      'com.amazonaws.eu-west-1.logs',
      'com.amazonaws.eu-west-1.secretsmanager',
      'com.amazonaws.eu-west-1.sts',
    ]);
    expect(interfaces.every((e) => e.Properties.PrivateDnsEnabled === true)).toBe(true);
  });

  it('opens the endpoints to HTTPS from the VPC only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.40.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ],
    });
  });
});

describe('NetworkStack outside production', () => {
  it('can run on a single NAT gateway', () => {
    const config = exampleConfig((c) => ({
      ...c,
      production: false,
      network: { ...c.network, natGateways: 1 },
    }));
    const stack = new NetworkStack(new App({ context: cdkJsonContext() }), 'Network', { config });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 1);
  });
});
