import { OPERATOR_NS, startHarness, waitFor, type Harness } from '../__fixtures__/harness';

const NS = 'team-b';
let h: Harness;

const ELECTION = {
  LEADER_ELECTION: 'true',
  LEASE_DURATION_SECONDS: '2',
  LEASE_RENEW_SECONDS: '1',
  LEASE_RETRY_SECONDS: '1',
};

beforeAll(async () => {
  h = await startHarness([NS]);
  h.api.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: NS },
    data: { url: Buffer.from('postgres://db/x').toString('base64') },
  });
});
afterAll(() => h.stop());

const lease = () => h.get('Lease', OPERATOR_NS, 'imageserver-operator');

test('two replicas: one leads and reconciles, the other takes over when it stops', async () => {
  const a = await h.startOperator({ ...ELECTION, POD_NAME: 'operator-a' });
  const b = await h.startOperator({ ...ELECTION, POD_NAME: 'operator-b' });
  await waitFor('a leader', () => a.isLeader || b.isLeader);
  const [leader, standby] = a.isLeader ? [a, b] : [b, a];
  expect(standby.isLeader).toBe(false);
  expect((lease()!.spec as { holderIdentity: string }).holderIdentity).toBe(
    a.isLeader ? 'operator-a' : 'operator-b',
  );

  h.createImageServer({
    metadata: { name: 'one', namespace: NS },
    spec: { image: 'img:1', storage: { bucket: 'b-one' }, database: { secretRef: { name: 'db' } } },
  } as never);
  await waitFor('reconciled by the leader', () => h.get('Deployment', NS, 'one'));
  expect(leader.counts.success).toBeGreaterThan(0);
  expect(standby.counts).toEqual({ success: 0, conflict: 0, terminal: 0, error: 0 });

  // Graceful stop releases the Lease; the standby takes it on its next try.
  await leader.stop();
  await waitFor('standby leads', () => standby.isLeader);
  const spec = lease()!.spec as { holderIdentity: string; leaseTransitions: number };
  expect(spec.holderIdentity).toBe(standby === a ? 'operator-a' : 'operator-b');
  expect(spec.leaseTransitions).toBe(1);
  h.createImageServer({
    metadata: { name: 'two', namespace: NS },
    spec: { image: 'img:1', storage: { bucket: 'b-two' }, database: { secretRef: { name: 'db' } } },
  } as never);
  await waitFor('reconciled by the new leader', () => h.get('Deployment', NS, 'two'));
  expect(standby.counts.success).toBeGreaterThan(0);
  await standby.stop();
});

test('a leader whose Lease is taken steps down, and leads again once the other holder stops renewing', async () => {
  const c = await h.startOperator({ ...ELECTION, POD_NAME: 'operator-c' });
  await waitFor('c leads', () => c.isLeader);
  const now = () => new Date().toISOString().replace('Z', '000Z');
  const renewAsOther = async () => {
    const l = lease()!;
    const { managedFields: _m, ...metadata } = l.metadata;
    await h.kubectl.replace(
      { ...l, metadata, spec: { ...(l.spec as object), holderIdentity: 'elsewhere', renewTime: now() } },
      'elsewhere',
    );
  };
  await renewAsOther();
  await waitFor('c steps down', () => !c.isLeader);
  // While the other holder keeps renewing, c must not take over.
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 700));
    await renewAsOther();
    expect(c.isLeader).toBe(false);
  }
  await waitFor('c leads after the Lease expired', () => c.isLeader);
  expect((lease()!.spec as { holderIdentity: string }).holderIdentity).toBe('operator-c');
  await c.stop();
});
