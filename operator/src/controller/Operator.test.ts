import { condition, startHarness, settled, waitFor, type Harness } from '../__fixtures__/harness';
import type { Operator } from './Operator';
import type { ImageServer } from '../crd/types';
import { clusterRules, leaderElectionRules } from '../install/rbac';
import type { KubeObject } from '../resources/types';

const NS = 'team-a';
let h: Harness;
let operator: Operator;

const CHILD_KINDS = [
  'Secret',
  'ServiceAccount',
  'ConfigMap',
  'Deployment',
  'Service',
  'PodDisruptionBudget',
  'NetworkPolicy',
];

function dbSecret(name: string, url = 'postgres://u:p@db:5432/x'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS },
    data: { url: Buffer.from(url).toString('base64') },
  };
}

function server(name: string, spec: Record<string, unknown> = {}) {
  return {
    metadata: { name, namespace: NS },
    spec: {
      image: 'ghcr.io/example/imageserver:1.0.0',
      storage: { bucket: `bucket-${name}` },
      database: { secretRef: { name: 'db' } },
      ...spec,
    },
  } as never;
}

async function createReady(name: string, spec: Record<string, unknown> = {}) {
  h.createImageServer(server(name, spec));
  await waitFor(`Deployment ${name}`, () => h.get('Deployment', NS, name));
  h.markDeploymentReady(NS, name);
  await waitFor(`${name} Ready`, () => condition(h.getServer(NS, name), 'Ready')?.status === 'True');
  await settled(operator);
}

beforeAll(async () => {
  h = await startHarness([NS]);
  h.api.create(dbSecret('db'));
  h.api.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'redis', namespace: NS },
    data: { url: Buffer.from('redis://cache:6379').toString('base64') },
  });
  operator = await h.startOperator({
    LEADER_ELECTION: 'true',
    LEASE_DURATION_SECONDS: '3',
    LEASE_RENEW_SECONDS: '1',
    LEASE_RETRY_SECONDS: '1',
  });
  await waitFor('leadership', () => operator.isLeader);
});

afterAll(() => h.stop());

test('create: every child, owned by the ImageServer, and Ready once the Deployment is available', async () => {
  h.createImageServer(server('photos'));
  await waitFor('Deployment', () => h.get('Deployment', NS, 'photos'));
  expect(condition(h.getServer(NS, 'photos'), 'Ready')?.status).not.toBe('True');
  h.markDeploymentReady(NS, 'photos');
  const ready = await waitFor('Ready', () => {
    const s = h.getServer(NS, 'photos');
    return condition(s, 'Ready')?.status === 'True' && s;
  });
  for (const kind of CHILD_KINDS) {
    const name = kind === 'Secret' ? 'photos-credentials' : 'photos';
    const child = h.get(kind, NS, name);
    expect(child?.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'ImageServer',
        name: 'photos',
        uid: ready.metadata.uid,
        controller: true,
      }),
    ]);
  }
  expect(ready.status).toMatchObject({
    observedGeneration: ready.metadata.generation,
    readyReplicas: 2,
    desiredReplicas: 2,
    url: 'http://photos.team-a.svc',
    bucket: { name: 'bucket-photos', arn: 'arn:aws:s3:::bucket-photos', created: true },
    adminSecretName: 'photos-credentials',
  });
  for (const type of ['Ready', 'StorageReady', 'DatabaseReady', 'CacheReady']) {
    expect(condition(ready, type)).toMatchObject({
      status: 'True',
      observedGeneration: ready.metadata.generation,
    });
  }
  expect(condition(ready, 'Degraded')?.status).toBe('False');
  expect(ready.metadata.finalizers).toContain('imageserver.dev/finalizer');
  expect(h.s3.settings.get('bucket-photos')?.publicAccessBlock).toMatchObject({
    BlockPublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const events = h.api
    .list({ apiVersion: 'v1', kind: 'Event', namespace: NS })
    .filter((e) => (e.involvedObject as { name: string }).name === 'photos');
  expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Created', 'Storage']));
});

test('no-op resync: zero writes', async () => {
  await createReady('quiet');
  const from = h.api.requests().length;
  operator.resync();
  await settled(operator);
  const writes = h.api
    .requests()
    .slice(from)
    .filter((r) => ['create', 'update', 'patch', 'delete'].includes(r.verb ?? '') && r.resource !== 'leases');
  expect(writes).toEqual([]);
  expect(operator.counts.success).toBeGreaterThan(0);
});

test('spec change: children updated, observedGeneration advanced, optional children follow the spec', async () => {
  await createReady('change');
  const before = h.getServer(NS, 'change')!;
  await h.edit<ImageServer & KubeObject>('ImageServer', NS, 'change', (updated) => {
    updated.spec.image = 'ghcr.io/example/imageserver:2.0.0';
    delete updated.spec.replicas;
    updated.spec.autoscaling = { minReplicas: 2, maxReplicas: 5, targetCPUUtilization: 70 };
    updated.spec.ingress = { host: 'change.example.com', className: 'alb' };
    updated.spec.cache = { secretRef: { name: 'redis', key: 'url' } };
    updated.spec.tagging = { mode: 'queue', taggers: ['exif'], workerReplicas: 1 };
  });
  const after = await waitFor('new generation observed', () => {
    const s = h.getServer(NS, 'change');
    return s && s.status?.observedGeneration === before.metadata.generation! + 1 && s;
  });
  expect(condition(after, 'Ready')?.observedGeneration).toBe(after.metadata.generation);
  await waitFor('HPA', () => h.get('HorizontalPodAutoscaler', NS, 'change'));
  await waitFor('worker', () => h.get('Deployment', NS, 'change-worker'));
  await waitFor('ingress', () => h.get('Ingress', NS, 'change'));
  const deployment = h.get('Deployment', NS, 'change')!;
  const pod = (
    deployment.spec as { template: { spec: { containers: { image: string; env: { name: string }[] }[] } } }
  ).template.spec;
  expect(pod.containers[0]!.image).toBe('ghcr.io/example/imageserver:2.0.0');
  expect(pod.containers[0]!.env.map((e) => e.name)).toContain('REDIS_URL');
  expect(h.get('ConfigMap', NS, 'change')!.data).toMatchObject({
    TAGGING_MODE: 'queue',
    PUBLIC_BASE_URL: 'http://change.example.com',
  });

  // And back: the optional children go away.
  await h.edit<ImageServer & KubeObject>('ImageServer', NS, 'change', (reverted) => {
    delete reverted.spec.autoscaling;
    delete reverted.spec.ingress;
    reverted.spec.replicas = 3;
    reverted.spec.tagging = { mode: 'inline', taggers: [], workerReplicas: 1 };
  });
  await waitFor(
    'optional children deleted',
    () =>
      !h.get('HorizontalPodAutoscaler', NS, 'change') &&
      !h.get('Ingress', NS, 'change') &&
      !h.get('Deployment', NS, 'change-worker'),
  );
  await waitFor(
    'replicas set again',
    () => (h.get('Deployment', NS, 'change')!.spec as { replicas?: number }).replicas === 3,
  );
});

test('manual edits of every child are repaired; labels others add are kept', async () => {
  await createReady('edited', {
    replicas: undefined,
    autoscaling: { minReplicas: 2, maxReplicas: 4, targetCPUUtilization: 70 },
    ingress: { host: 'edited.example.com', className: 'alb' },
  });
  const kinds = [...CHILD_KINDS, 'HorizontalPodAutoscaler', 'Ingress'];
  const nameOf = (kind: string) => (kind === 'Secret' ? 'edited-credentials' : 'edited');
  for (const kind of kinds) {
    const live = h.get(kind, NS, nameOf(kind))!;
    const { managedFields: _m, ...meta } = live.metadata;
    const hacked: KubeObject = {
      ...live,
      metadata: { ...meta, labels: { ...meta.labels, 'app.kubernetes.io/part-of': 'hacked', team: 'a' } },
    };
    if (kind === 'Deployment') {
      const spec = structuredClone(live.spec) as { template: { spec: { containers: { image: string }[] } } };
      spec.template.spec.containers[0]!.image = 'evil:latest';
      hacked.spec = spec;
    }
    await h.kubectl.replace(hacked, 'kubectl');
  }
  await waitFor('all repaired', () =>
    kinds.every(
      (kind) =>
        h.get(kind, NS, nameOf(kind))!.metadata.labels?.['app.kubernetes.io/part-of'] === 'imageserver',
    ),
  );
  const image = (
    h.get('Deployment', NS, 'edited')!.spec as { template: { spec: { containers: { image: string }[] } } }
  ).template.spec.containers[0]!.image;
  expect(image).toBe('ghcr.io/example/imageserver:1.0.0');
  expect(h.get('ConfigMap', NS, 'edited')!.metadata.labels?.team).toBe('a');
});

test('a deleted child is recreated; generated credentials survive reconciles', async () => {
  await createReady('deleted');
  const secretBefore = h.get('Secret', NS, 'deleted-credentials')!.data;
  h.api.delete({ apiVersion: 'v1', kind: 'Service', namespace: NS, name: 'deleted' });
  h.api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: NS, name: 'deleted' });
  await waitFor('recreated', () => h.get('Service', NS, 'deleted') && h.get('Deployment', NS, 'deleted'));
  await settled(operator);
  expect(h.get('Secret', NS, 'deleted-credentials')!.data).toEqual(secretBefore);
});

test('invalid reference: a condition says what is wrong; fixing it recovers', async () => {
  h.createImageServer(server('broken', { database: { secretRef: { name: 'missing-db' } } }));
  const s = await waitFor('DatabaseReady False', () => {
    const x = h.getServer(NS, 'broken');
    return condition(x, 'DatabaseReady')?.status === 'False' && x;
  });
  expect(condition(s, 'DatabaseReady')).toMatchObject({
    reason: 'SecretNotFound',
    message: 'spec.database.secretRef: Secret missing-db not found in namespace team-a',
    observedGeneration: s.metadata.generation,
  });
  expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
  expect(condition(s, 'Degraded')?.status).toBe('True');
  expect(h.get('Deployment', NS, 'broken')).toBeUndefined();
  const warnings = h.api
    .list({ apiVersion: 'v1', kind: 'Event', namespace: NS })
    .filter((e) => e.type === 'Warning' && (e.involvedObject as { name: string }).name === 'broken');
  expect(warnings).toHaveLength(1);

  h.api.create(dbSecret('missing-db'));
  operator.resync();
  await waitFor('Deployment after fix', () => h.get('Deployment', NS, 'broken'));
  await waitFor(
    'DatabaseReady True',
    () => condition(h.getServer(NS, 'broken'), 'DatabaseReady')?.status === 'True',
  );
});

test('invalid spec (CEL rule the API server would enforce) is reported, not applied', async () => {
  h.createImageServer(server('invalid', { replicas: 2, autoscaling: { minReplicas: 5, maxReplicas: 3 } }));
  const s = await waitFor('Ready False', () => {
    const x = h.getServer(NS, 'invalid');
    return condition(x, 'Ready')?.status === 'False' && x;
  });
  expect(condition(s, 'Ready')).toMatchObject({
    reason: 'InvalidSpec',
    message:
      'spec: set either replicas or autoscaling, not both; spec.autoscaling: minReplicas must not exceed maxReplicas',
  });
});

test('an object with a child name that someone else controls is refused with a clear condition', async () => {
  h.api.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'taken', namespace: NS },
    data: { mine: 'yes' },
  });
  h.createImageServer(server('taken'));
  const s = await waitFor('Ready False', () => {
    const x = h.getServer(NS, 'taken');
    return condition(x, 'Ready')?.reason === 'NotOwned' && x;
  });
  expect(condition(s, 'Ready')?.message).toBe(
    'ConfigMap taken already exists and does not belong to this ImageServer (it has no controller); delete it or rename the ImageServer',
  );
  expect(h.get('ConfigMap', NS, 'taken')!.data).toEqual({ mine: 'yes' });
});

test('the rotation annotation rotates the credentials once and rolls the pods', async () => {
  await createReady('rotated');
  const secret = () => h.get('Secret', NS, 'rotated-credentials')!.data as Record<string, string>;
  const podHash = () =>
    (
      h.get('Deployment', NS, 'rotated')!.spec as {
        template: { metadata: { annotations: Record<string, string> } };
      }
    ).template.metadata.annotations['imageserver.dev/config-hash'];
  const before = { ...secret() };
  const hashBefore = podHash();
  await h.edit<ImageServer & KubeObject>('ImageServer', NS, 'rotated', (s) => {
    s.metadata.annotations = { ...s.metadata.annotations, 'imageserver.dev/rotate-credentials': '1' };
  });
  await waitFor('rotated', () => secret().ADMIN_API_KEY !== before.ADMIN_API_KEY);
  const keys = Buffer.from(secret().SIGNING_KEYS!, 'base64').toString().split(',');
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(Buffer.from(before.SIGNING_KEYS!, 'base64').toString());
  await waitFor('pods roll', () => podHash() !== hashBefore);
  const after = { ...secret() };
  operator.resync();
  await settled(operator);
  expect(secret()).toEqual(after);
});

test('a 409 on a write is requeued, not an error', async () => {
  const errorsBefore = operator.counts.error;
  h.api.failNext({ verb: 'create', path: '/deployments', status: 409 });
  await createReady('conflicted');
  expect(operator.counts.conflict).toBeGreaterThan(0);
  expect(operator.counts.error).toBe(errorsBefore);
});

test('a watch dropped with 410 Gone relists and carries on', async () => {
  await settled(operator);
  const from = h.api.requests().length;
  h.api.compact();
  h.api.endWatches();
  h.createImageServer(server('after-410'));
  await waitFor('Deployment after 410', () => h.get('Deployment', NS, 'after-410'));
  // Every informer lists again: the watch from its old resourceVersion was answered "Expired".
  const relisted = h.api
    .requests()
    .slice(from)
    .filter((r) => r.verb === 'list');
  expect(new Set(relisted.map((r) => r.resource)).size).toBeGreaterThanOrEqual(9);
});

test('RBAC in config/ grants exactly the requests made in this file', async () => {
  // The leader renews its Lease every second; make sure one renewal is in the log.
  await waitFor('a Lease renewal', () =>
    h.api.requests().some((r) => r.verb === 'update' && r.resource === 'leases'),
  );
  const granted = new Set(
    [...clusterRules, ...leaderElectionRules].flatMap((r) =>
      r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}`)),
    ),
  );
  const used = new Set(
    h.api
      .requests()
      .filter((r) => r.verb && r.resource)
      .map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`),
  );
  // Requests made by the test itself (as kubectl) are not the operator's.
  const byOperator = [...used].filter((u) => !['update imageservers'].includes(u));
  expect(byOperator.filter((u) => !granted.has(u))).toEqual([]);
  expect([...granted].filter((g) => !used.has(g))).toEqual([]);
});
