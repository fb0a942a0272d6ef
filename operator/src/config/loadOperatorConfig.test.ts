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
