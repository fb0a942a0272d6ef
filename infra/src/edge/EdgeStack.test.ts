import { referencedOutput } from '../app/__fixtures__/references';
import { synthesizeApp } from '../app/__fixtures__/synthesizeApp';
import { MANAGED_RULE_GROUPS } from './EdgeCertificateStack';

const synthesized = synthesizeApp();
const edge = synthesized.template('edge');
const certificateStack = synthesized.template('edgeCertificate');
const distribution = Object.values(edge.findResources('AWS::CloudFront::Distribution'))[0]!.Properties
  .DistributionConfig;
const transforms = distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/i/*');

describe('transform cache policy', () => {
  const policy = Object.values(edge.findResources('AWS::CloudFront::CachePolicy'))[0]!.Properties
    .CachePolicyConfig;

  it('keys on the query string (query-form options, signatures), the normalised Accept and the host', () => {
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Host', 'Accept'] },
      CookiesConfig: { CookieBehavior: 'none' },
      EnableAcceptEncodingGzip: false,
      EnableAcceptEncodingBrotli: false,
    });
  });

  it('is used by the /i/* behaviour, which normalises Accept first and does not compress', () => {
    expect(transforms).toMatchObject({
      CachePolicyId: { Ref: expect.stringMatching(/^TransformCache/) },
      Compress: false,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      FunctionAssociations: [
        {
          EventType: 'viewer-request',
          FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^NormalizeAccept/), 'FunctionARN'] },
        },
      ],
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^TransformHeaders/) },
    });
  });

  it('tells downstream caches to vary on Accept', () => {
    edge.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        CustomHeadersConfig: { Items: [{ Header: 'Vary', Value: 'Accept', Override: true }] },
      },
    });
  });
});

describe('distribution', () => {
  it('serves the wildcard domain with the us-east-1 certificate over TLS 1.2+ only', () => {
    expect(distribution.Aliases).toEqual(['*.images.example.com']);
    expect(distribution.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    const certificate = distribution.ViewerCertificate.AcmCertificateArn['Fn::GetStackOutput'];
    expect(certificate).toMatchObject({ StackName: 'example-edge-certificate', Region: 'us-east-1' });
    certificateStack.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.images.example.com',
      SubjectAlternativeNames: ['images.example.com'],
      ValidationMethod: 'DNS',
    });
    expect(synthesized.stacks.edgeCertificate.region).toBe('us-east-1');
  });

  it('reaches the ALB over HTTPS (TLS 1.2) at its origin name, through Origin Shield', () => {
    expect(distribution.Origins).toEqual([
      expect.objectContaining({
        DomainName: 'origin.images.example.com',
        CustomOriginConfig: {
          OriginProtocolPolicy: 'https-only',
          OriginSSLProtocols: ['TLSv1.2'],
          OriginReadTimeout: 30,
        },
        OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' },
      }),
    ]);
  });

  it('passes API requests uncached with what the viewer sent', () => {
    expect(distribution.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: { Ref: expect.stringMatching(/^ApiOriginRequest/) },
      ViewerProtocolPolicy: 'https-only',
    });
    const policy = Object.values(edge.findResources('AWS::CloudFront::OriginRequestPolicy'))[0]!.Properties;
    expect(policy).toMatchObject({
      OriginRequestPolicyConfig: {
        Name: 'example-imageserver-api',
        HeadersConfig: {
          HeaderBehavior: 'allViewerAndWhitelistCloudFront',
          Headers: ['CloudFront-Viewer-Address'],
        },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'all' },
      },
    });
  });

  it('is protected by the web ACL and writes standard logs', () => {
    expect(referencedOutput(distribution.WebACLId)).toMatch(/WebAclArn/);
    expect(distribution.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^Logs/), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('aliases the wildcard name to the distribution for IPv4 and IPv6', () => {
    const records = Object.values(edge.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
    expect(records.map((r) => [r.Type, r.Name, r.HostedZoneId])).toEqual([
      ['A', '*.images.example.com.', 'Z0123456789EXAMPLE'],
      ['AAAA', '*.images.example.com.', 'Z0123456789EXAMPLE'],
    ]);
    for (const r of records)
      expect(r.AliasTarget.DNSName).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^Distribution/), 'DomainName'],
      });
  });
});

describe('web ACL', () => {
  const acl = Object.values(certificateStack.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;

  it('rate-limits each client address and applies the AWS managed rule groups', () => {
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.Rules[0]).toMatchObject({
      Name: 'RateLimitPerIp',
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } },
    });
    expect(
      acl.Rules.slice(1).map(
        (r: { Statement: { ManagedRuleGroupStatement: { Name: string; VendorName: string } } }) =>
          r.Statement.ManagedRuleGroupStatement.Name,
      ),
    ).toEqual([...MANAGED_RULE_GROUPS]);
    expect(
      acl.Rules.slice(1).every(
        (r: { OverrideAction: unknown }) => JSON.stringify(r.OverrideAction) === '{"None":{}}',
      ),
    ).toBe(true);
  });

  it('only counts the common rule set’s body-size rule, so that uploads pass', () => {
    const common = acl.Rules.find((r: { Name: string }) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });
});
