import { deriveHealth } from './deriveHealth';
import type { HealthInput } from './types';

const ready = { type: 'Ready', status: 'True', reason: 'Available', message: '2/2 replicas ready' };
const base: HealthInput = {
  generation: 3,
  observedGeneration: 3,
  deleting: false,
  conditions: [ready],
  deploymentChecked: true,
  deployment: { desired: 2, ready: 2, available: 2, updated: 2 },
  recentWarnings: [],
};

describe('deriveHealth', () => {
  it('is healthy when Ready and the Deployment agree', () => {
    expect(deriveHealth(base)).toEqual({ health: 'healthy', reason: 'Available: 2/2 replicas ready' });
  });

  it('does not trust Ready when the Deployment has no available pod', () => {
    const v = deriveHealth({
      ...base,
      deployment: { desired: 2, ready: 0, available: 0, updated: 2 },
      recentWarnings: [{ reason: 'BackOff', message: 'Back-off restarting failed container' }],
    });
    expect(v).toEqual({
      health: 'degraded',
      reason: 'No pod available: BackOff: Back-off restarting failed container',
    });
    expect(deriveHealth({ ...base, deployment: undefined }).health).toBe('degraded');
  });

  it('is progressing while pods roll out, degraded when Warning events say why they do not', () => {
    const rolling = { ...base, deployment: { desired: 3, ready: 2, available: 2, updated: 3 } };
    expect(deriveHealth(rolling)).toEqual({ health: 'progressing', reason: '2/3 pods ready' });
    expect(
      deriveHealth({
        ...rolling,
        recentWarnings: [{ reason: 'FailedScheduling', message: '0/3 nodes are available' }],
      }),
    ).toEqual({ health: 'degraded', reason: '2/3 pods ready: FailedScheduling: 0/3 nodes are available' });
  });

  it('follows Degraded, a pending spec change and deletion before Ready', () => {
    expect(
      deriveHealth({
        ...base,
        conditions: [
          ready,
          { type: 'Degraded', status: 'True', reason: 'BucketDenied', message: 'AccessDenied' },
        ],
      }),
    ).toEqual({
      health: 'degraded',
      reason: 'BucketDenied: AccessDenied',
    });
    expect(deriveHealth({ ...base, generation: 4 }).health).toBe('progressing');
    expect(deriveHealth({ ...base, deleting: true })).toEqual({
      health: 'progressing',
      reason: 'Being deleted',
    });
  });

  it('reads Ready=False with Progressing=True as progressing, and without it as degraded', () => {
    const notReady = {
      type: 'Ready',
      status: 'False',
      reason: 'DatabaseNotReady',
      message: 'waiting for the database',
    };
    expect(
      deriveHealth({
        ...base,
        conditions: [notReady, { type: 'Progressing', status: 'True', reason: 'Reconciling' }],
      }).health,
    ).toBe('progressing');
    expect(deriveHealth({ ...base, conditions: [notReady] })).toEqual({
      health: 'degraded',
      reason: 'DatabaseNotReady: waiting for the database',
    });
  });

  it('is unknown before the operator reported anything', () => {
    expect(deriveHealth({ ...base, conditions: [], observedGeneration: undefined }).health).toBe('unknown');
  });

  it('in lists (children not read) relies on the conditions alone', () => {
    expect(deriveHealth({ ...base, deploymentChecked: false, deployment: undefined }).health).toBe('healthy');
  });

  it('is degraded when the autoscaler cannot scale', () => {
    expect(
      deriveHealth({
        ...base,
        autoscaler: {
          current: 2,
          desired: 2,
          max: 5,
          scalingActive: false,
          scalingMessage: 'missing cpu request',
        },
      }),
    ).toEqual({ health: 'degraded', reason: 'Autoscaler cannot scale: missing cpu request' });
  });
});
