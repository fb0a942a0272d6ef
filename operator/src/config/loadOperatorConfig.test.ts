import { loadOperatorConfig } from './loadOperatorConfig';

describe('loadOperatorConfig', () => {
  it('has working defaults', () => {
    const c = loadOperatorConfig({ POD_NAME: 'op-1' });
    expect(c).toMatchObject({
      namespace: 'imageserver-system',
      concurrency: 4,
      resyncSeconds: 600,
      leaderElection: { enabled: true, identity: 'op-1', leaseDurationSeconds: 15, renewPeriodSeconds: 5 },
      cluster: { region: 'us-east-1', ingressGroupName: 'imageserver', awsCidrs: ['0.0.0.0/0'] },
    });
    expect(c.eksClusterName).toBeUndefined();
    expect(c.cluster.serverPrefixRoot).toBe('servers/');
    expect(c.cluster.sharedBucket).toBeUndefined();
  });

  it('reads the platform storage settings infra passes', () => {
    const c = loadOperatorConfig({
      SHARED_BUCKET: 'imageserver-images-prod-111111111111-eu-west-1',
      SERVER_PREFIX_ROOT: 'tenants/',
      DEDICATED_BUCKET_PREFIX: 'prod-imageserver-',
      CLOUDFRONT_DISTRIBUTION_ID: 'E2QWRUHAPOMQZL',
    });
    expect(c.cluster).toMatchObject({
      sharedBucket: 'imageserver-images-prod-111111111111-eu-west-1',
      serverPrefixRoot: 'tenants/',
      dedicatedBucketPrefix: 'prod-imageserver-',
      cloudfrontDistributionId: 'E2QWRUHAPOMQZL',
    });
  });

  it('names every bad platform storage setting', () => {
    expect(() =>
      loadOperatorConfig({
        SHARED_BUCKET: 'Images',
        SERVER_PREFIX_ROOT: '/servers',
        DEDICATED_BUCKET_PREFIX: 'prod-imageserver',
        CLOUDFRONT_DISTRIBUTION_ID: 'e-lower',
      }),
    ).toThrow(
      [
        'Invalid operator configuration:',
        '  - SHARED_BUCKET: expected an S3 bucket name but received "Images"',
        '  - SERVER_PREFIX_ROOT: expected a key prefix ending in "/" such as servers/ but received "/servers"',
        '  - DEDICATED_BUCKET_PREFIX: expected the start of a bucket name ending in "-" such as prod-imageserver- but received "prod-imageserver"',
        '  - CLOUDFRONT_DISTRIBUTION_ID: expected a distribution id such as E2QWRUHAPOMQZL but received "e-lower"',
      ].join('\n'),
    );
    expect(() =>
      loadOperatorConfig({
        SHARED_BUCKET: 'prod-imageserver-images',
        DEDICATED_BUCKET_PREFIX: 'prod-imageserver-',
      }),
    ).toThrow('SHARED_BUCKET: must not start with DEDICATED_BUCKET_PREFIX (the operator would manage it)');
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadOperatorConfig({
        CONCURRENCY: 'lots',
        LEADER_ELECTION: 'maybe',
        DATABASE_CIDRS: '10.0.0.0/8,nope',
        EKS_CLUSTER_NAME: 'prod',
        LEASE_RENEW_SECONDS: '20',
      }),
    ).toThrow(
      [
        'Invalid operator configuration:',
        '  - EKS_CLUSTER_NAME and WORKLOAD_ROLE_ARN: set both (Pod Identity) or neither',
        '  - LEASE_RENEW_SECONDS: must be shorter than LEASE_DURATION_SECONDS',
        '  - DATABASE_CIDRS: expected comma-separated CIDRs but received "nope"',
        '  - CONCURRENCY: expected an integer from 1 to 64 but received "lots"',
        '  - LEADER_ELECTION: expected true or false but received "maybe"',
      ].join('\n'),
    );
  });
});
