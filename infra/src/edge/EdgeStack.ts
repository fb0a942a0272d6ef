import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import path from 'node:path';
import { PlatformStack, type PlatformStackProps } from '../app/PlatformStack';
import { INFRA_ROOT } from '../app/paths';
import { TRANSFORM_CACHE_HEADERS, TRANSFORM_PATH_PATTERN } from './cacheKey';

/** The CloudFront Function's source (read from src/ so that a compiled copy of the app finds it too). */
export const NORMALIZE_ACCEPT_SOURCE = path.join(
  INFRA_ROOT,
  'src',
  'edge',
  'functions',
  'normalize-accept.js',
);

export interface EdgeStackProps extends PlatformStackProps {
  /** The viewer certificate, from the us-east-1 stack. */
  readonly certificate: acm.ICertificate;
  /** The CLOUDFRONT-scope web ACL, from the us-east-1 stack. */
  readonly webAclArn: string;
}

/**
 * CloudFront in front of the image servers' ALB: a transform behaviour cached on exactly the
 * transform parameters, the normalised Accept and the host, an uncached API behaviour, WAF,
 * standard logging and the wildcard alias records.
 *
 * The origin is HTTPS to `<originLabel>.<imagesDomain>`: the ALB is created by the AWS Load
 * Balancer Controller from the servers' Ingresses (so CDK cannot name it for a VPC origin); the
 * cluster stack's origin Ingress gives it that name (through external-dns), its certificate and a
 * security group that admits only CloudFront.
 */
export class EdgeStack extends PlatformStack {
  readonly distribution: cloudfront.Distribution;
  readonly transformCachePolicy: cloudfront.CachePolicy;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const { dns, edge } = this.config;
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: dns.hostedZoneId,
      zoneName: dns.hostedZoneName,
    });
    const originName = `${dns.originLabel}.${dns.imagesDomain}`;

    this.transformCachePolicy = new cloudfront.CachePolicy(this, 'TransformCache', {
      cachePolicyName: `${this.config.name}-imageserver-transforms`,
      comment: 'Transforms: host, normalised Accept and the query string (options, signatures)',
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList(...TRANSFORM_CACHE_HEADERS),
      // The whole query string: the server's query form (`/i/:id?w=800&g=north&f=auto`) takes every
      // option of the grammar and its aliases, more names than CloudFront's allow-list of 10 holds,
      // and a key missing one would serve one variant for another. The server refuses unknown
      // parameters beside options, so extra entries come only from parameters on originals.
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      // Images are already compressed; Accept-Encoding would only split the cache.
      enableAcceptEncodingGzip: false,
      enableAcceptEncodingBrotli: false,
    });
    const apiOriginRequest = new cloudfront.OriginRequestPolicy(this, 'ApiOriginRequest', {
      originRequestPolicyName: `${this.config.name}-imageserver-api`,
      comment: 'API (uploads, metadata): everything the viewer sent, plus the client address',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.all('CloudFront-Viewer-Address'),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    });
    const transformHeaders = new cloudfront.ResponseHeadersPolicy(this, 'TransformHeaders', {
      responseHeadersPolicyName: `${this.config.name}-imageserver-transforms`,
      comment: 'Vary on Accept downstream, as CloudFront does through the cache key',
      customHeadersBehavior: {
        customHeaders: [{ header: 'Vary', value: 'Accept', override: true }],
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    const normalizeAccept = new cloudfront.Function(this, 'NormalizeAccept', {
      functionName: `${this.config.name}-imageserver-normalize-accept`,
      comment: 'Rewrites Accept to avif, webp or other',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({
        filePath: NORMALIZE_ACCEPT_SOURCE,
      }),
    });

    const logBucket = new s3.Bucket(this, 'Logs', {
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'ExpireLogs', expiration: Duration.days(edge.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const origin = new origins.HttpOrigin(originName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
      // One regional cache in front of the ALB so each transform is computed about once.
      originShieldEnabled: true,
      originShieldRegion: this.region,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${this.config.name} image servers`,
      domainNames: [`*.${dns.imagesDomain}`],
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: edge.priceClass as cloudfront.PriceClass,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: apiOriginRequest,
        compress: true,
      },
      additionalBehaviors: {
        [TRANSFORM_PATH_PATTERN]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
          cachePolicy: this.transformCachePolicy,
          responseHeadersPolicy: transformHeaders,
          compress: false,
          functionAssociations: [
            { function: normalizeAccept, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });

    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, 'WildcardA', { zone, recordName: `*.${dns.imagesDomain}`, target });
    new route53.AaaaRecord(this, 'WildcardAaaa', { zone, recordName: `*.${dns.imagesDomain}`, target });

    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'OriginHostname', { value: originName });
  }
}
