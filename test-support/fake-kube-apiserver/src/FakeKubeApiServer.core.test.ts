import { AppsV1Api, CoreV1Api, KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { deployment, failure, startFake } from './__fixtures__/clientHelpers';
import type { FakeKubeApiServer } from './FakeKubeApiServer';

let api: FakeKubeApiServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

beforeEach(async () => {
  ({ api, kc } = await startFake());
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});

afterEach(async () => {
  await api.stop();
});

test('create fills server metadata and get returns the stored object', async () => {
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'cfg' }, data: { a: '1' } },
  });
  expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
  expect(created.metadata?.generation).toBe(1);
  const read = await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
  expect(read.data).toEqual({ a: '1' });
  expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
});

test('create of an existing name answers 409 AlreadyExists, in a missing namespace 404', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } });
  const dup = await failure(
    core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } }),
  );
  expect(dup.code).toBe(409);
  expect(dup.body).toMatchObject({
    kind: 'Status',
    reason: 'AlreadyExists',
    message: 'configmaps "cfg" already exists',
    code: 409,
  });
  const missing = await failure(
    core.createNamespacedConfigMap({ namespace: 'nope', body: { metadata: { name: 'cfg' } } }),
  );
  expect(missing.code).toBe(404);
  expect(missing.body.message).toBe('namespaces "nope" not found');
});

test('generateName produces a unique name; invalid names are 422', async () => {
  const a = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { generateName: 'job-' } },
  });
  expect(a.metadata?.name).toMatch(/^job-[a-z0-9]{5}$/);
  const bad = await failure(
    core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Not_Valid' } } }),
  );
  expect(bad.code).toBe(422);
  expect(bad.body.reason).toBe('Invalid');
});

test('update with a stale resourceVersion answers 409 Conflict and changes nothing', async () => {
  const first = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'cfg' }, data: { a: '1' } },
  });
  await core.replaceNamespacedConfigMap({
    namespace: 'default',
    name: 'cfg',
    body: { ...first, data: { a: '2' } },
  });
  const stale = await failure(
    core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'cfg',
      body: { ...first, data: { a: '3' } },
    }),
  );
  expect(stale.code).toBe(409);
  expect(stale.body.reason).toBe('Conflict');
  expect(stale.body.message).toContain('the object has been modified');
  expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'cfg' })?.data).toEqual({
    a: '2',
  });
});

test('generation goes up on spec changes only; status goes only through /status', async () => {
  const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
  expect(created.metadata?.generation).toBe(1);
  expect(created.spec?.replicas).toBe(1);

  const labelled = await apps.replaceNamespacedDeployment({
    namespace: 'default',
    name: 'web',
    body: {
      ...created,
      metadata: { ...created.metadata, labels: { app: 'web', extra: 'yes' } },
      status: { replicas: 9 },
    },
  });
  expect(labelled.metadata?.generation).toBe(1);
  expect(labelled.status).toBeUndefined();

  const scaled = await apps.replaceNamespacedDeployment({
    namespace: 'default',
    name: 'web',
    body: { ...labelled, spec: { ...labelled.spec!, replicas: 3 } },
  });
  expect(scaled.metadata?.generation).toBe(2);

  const withStatus = await apps.replaceNamespacedDeploymentStatus({
    namespace: 'default',
    name: 'web',
    body: {
      ...scaled,
      spec: { ...scaled.spec!, replicas: 7 },
      status: { observedGeneration: 2, readyReplicas: 3 },
    },
  });
  expect(withStatus.status).toEqual({ observedGeneration: 2, readyReplicas: 3 });
  expect(withStatus.spec?.replicas).toBe(3);
  expect(withStatus.metadata?.generation).toBe(2);
});

test('an update that changes nothing does not write', async () => {
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'cfg' }, data: { a: '1' } },
  });
  const again = await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'cfg', body: created });
  expect(again.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
});

test('list filters by label and field selectors and reports the list resourceVersion', async () => {
  for (const [name, tier] of [
    ['a', 'web'],
    ['b', 'db'],
    ['c', 'web'],
  ]) {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name, labels: { tier: tier! } } },
    });
  }
  await core.createNamespace({ body: { metadata: { name: 'other' } } });
  await core.createNamespacedConfigMap({
    namespace: 'other',
    body: { metadata: { name: 'd', labels: { tier: 'web' } } },
  });

  const web = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier=web' });
  expect(web.items.map((i) => i.metadata?.name)).toEqual(['a', 'c']);
  expect(Number(web.metadata?.resourceVersion)).toBe(api.resourceVersion());
  const setBased = await core.listConfigMapForAllNamespaces({
    labelSelector: 'tier in (web),tier notin (db)',
  });
  expect(setBased.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toEqual([
    'default/a',
    'default/c',
    'other/d',
  ]);
  const byName = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=b' });
  expect(byName.items.map((i) => i.metadata?.name)).toEqual(['b']);
  const bad = await failure(core.listConfigMapForAllNamespaces({ fieldSelector: 'data.x=1' }));
  expect(bad.code).toBe(400);
  expect(bad.body.message).toBe('field label not supported: data.x');
});

test('list pages with limit and continue', async () => {
  for (const name of ['a', 'b', 'c'])
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name } } });
  const page1 = await core.listNamespacedConfigMap({ namespace: 'default', limit: 2 });
  expect(page1.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
  expect(page1.metadata?.remainingItemCount).toBe(1);
  const page2 = await core.listNamespacedConfigMap({
    namespace: 'default',
    limit: 2,
    _continue: page1.metadata!._continue!,
  });
  expect(page2.items.map((i) => i.metadata?.name)).toEqual(['c']);
  expect(page2.metadata?._continue).toBeUndefined();
});

test('a request without the bearer token is refused with 401', async () => {
  const res = await fetch(`${api.url()}/api/v1/namespaces`);
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
});

test('discovery lists groups, versions and resources with their status subresources', async () => {
  const headers = { authorization: 'Bearer fake-token' };
  const groups = (await (await fetch(`${api.url()}/apis`, { headers })).json()) as {
    groups: { name: string }[];
  };
  expect(groups.groups.map((g) => g.name)).toEqual(
    expect.arrayContaining([
      'apps',
      'autoscaling',
      'policy',
      'networking.k8s.io',
      'coordination.k8s.io',
      'events.k8s.io',
      'apiextensions.k8s.io',
    ]),
  );
  const appsV1 = (await (await fetch(`${api.url()}/apis/apps/v1`, { headers })).json()) as {
    resources: { name: string; namespaced: boolean }[];
  };
  expect(appsV1.resources.map((r) => r.name)).toEqual([
    'replicasets',
    'replicasets/status',
    'statefulsets',
    'statefulsets/status',
    'daemonsets',
    'daemonsets/status',
    'deployments',
    'deployments/status',
  ]);
  const coreV1 = (await (await fetch(`${api.url()}/api/v1`, { headers })).json()) as {
    resources: { name: string; namespaced: boolean }[];
  };
  expect(coreV1.resources.find((r) => r.name === 'namespaces')?.namespaced).toBe(false);
  const versions = (await (await fetch(`${api.url()}/api`, { headers })).json()) as { versions: string[] };
  expect(versions.versions).toEqual(['v1']);
});

test('failNext makes the next matching request fail, then requests succeed again', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } });
  api.failNext({ verb: 'get', path: '/configmaps/cfg', status: 500 });
  const injected = await failure(core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' }));
  expect(injected.code).toBe(500);
  expect(injected.body.reason).toBe('InternalError');
  await expect(core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' })).resolves.toBeDefined();
});

test('the request log counts requests by verb', async () => {
  api.resetRequests();
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } });
  await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
  await core.listNamespacedConfigMap({ namespace: 'default' });
  await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
  expect(api.requestCounts()).toMatchObject({ create: 1, get: 1, list: 1, delete: 1, writes: 2, total: 4 });
  expect(api.requests()[0]).toMatchObject({
    verb: 'create',
    method: 'POST',
    resource: 'configmaps',
    namespace: 'default',
    status: 201,
  });
});

test.each([
  ['v1', 'ServiceAccount'],
  ['v1', 'Event'],
  ['v1', 'Pod'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['coordination.k8s.io/v1', 'Lease'],
  ['events.k8s.io/v1', 'Event'],
  ['batch/v1', 'Job'],
])('%s %s is served and found through discovery', async (apiVersion, kind) => {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await objects.create({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' } });
  const read = await objects.read({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' } });
  expect(read.metadata?.uid).toBeDefined();
  expect(api.get({ apiVersion, kind, namespace: 'default', name: 'x' })?.kind).toBe(kind);
});
