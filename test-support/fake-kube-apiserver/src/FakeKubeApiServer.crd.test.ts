import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CoordinationV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  loadYaml,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
  type V1Lease,
} from '@kubernetes/client-node';
import { eventually, failure, startFake } from './__fixtures__/clientHelpers';
import type { FakeKubeApiServer } from './FakeKubeApiServer';

let api: FakeKubeApiServer;
let kc: KubeConfig;
let custom: CustomObjectsApi;
let objects: KubernetesObjectApi;

const widgets = { group: 'example.com', version: 'v1alpha1', plural: 'widgets', namespace: 'default' };
const crdYaml = readFileSync(join(__dirname, '__fixtures__', 'widgets-crd.yaml'), 'utf8');

beforeEach(async () => {
  ({ api, kc } = await startFake());
  custom = kc.makeApiClient(CustomObjectsApi);
  objects = KubernetesObjectApi.makeApiClient(kc);
});

afterEach(async () => {
  await api.stop();
});

async function installCrd(): Promise<void> {
  await objects.patch(
    loadYaml<KubernetesObject>(crdYaml),
    undefined,
    undefined,
    'installer',
    true,
    PatchStrategy.ServerSideApply,
  );
}

type Widget = {
  metadata: { name: string; generation: number; resourceVersion: string };
  spec?: { size?: number };
  status?: { ready?: boolean };
};

test('applying a CRD serves its kind, with discovery and an Established condition', async () => {
  expect((await failure(custom.listNamespacedCustomObject(widgets))).code).toBe(404);
  await installCrd();
  const crd = api.get({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    name: 'widgets.example.com',
  })!;
  expect((crd.status as { conditions: { type: string; status: string }[] }).conditions).toContainEqual(
    expect.objectContaining({ type: 'Established', status: 'True' }),
  );
  const res = await fetch(`${api.url()}/apis/example.com/v1alpha1`, {
    headers: { authorization: 'Bearer fake-token' },
  });
  const discovery = (await res.json()) as {
    resources: { name: string; namespaced: boolean; kind: string }[];
  };
  expect(discovery.resources).toContainEqual(
    expect.objectContaining({ name: 'widgets', namespaced: true, kind: 'Widget' }),
  );
  // KubernetesObjectApi finds the plural through discovery.
  expect((await objects.list('example.com/v1alpha1', 'Widget', 'default')).items).toEqual([]);
});

test('custom objects: generation follows spec, status goes through /status', async () => {
  await installCrd();
  const created = (await custom.createNamespacedCustomObject({
    ...widgets,
    body: {
      apiVersion: 'example.com/v1alpha1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
      status: { ready: true },
    },
  })) as Widget;
  expect(created.metadata.generation).toBe(1);
  expect(created.status).toBeUndefined();

  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const resized = (await custom.patchNamespacedCustomObject(
    { ...widgets, name: 'w', body: { spec: { size: 2 } } },
    merge,
  )) as Widget;
  expect(resized.metadata.generation).toBe(2);
  const ready = (await custom.patchNamespacedCustomObjectStatus(
    { ...widgets, name: 'w', body: { status: { ready: true } } },
    merge,
  )) as Widget;
  expect(ready.status).toEqual({ ready: true });
  expect(ready.metadata.generation).toBe(2);
  api.setStatus(
    { apiVersion: 'example.com/v1alpha1', kind: 'Widget', namespace: 'default', name: 'w' },
    (s) => ({ ...s, observedGeneration: 2 }),
  );
  const read = (await custom.getNamespacedCustomObject({ ...widgets, name: 'w' })) as Widget;
  expect(read.status).toEqual({ ready: true, observedGeneration: 2 });
  expect(read.metadata.generation).toBe(2);
});

test('custom objects get the defaults of the CRD schema', async () => {
  await installCrd();
  const bare = (await custom.createNamespacedCustomObject({
    ...widgets,
    body: { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'bare' } },
  })) as Widget;
  expect(bare.spec).toEqual({ size: 1 });
  const sized = (await custom.createNamespacedCustomObject({
    ...widgets,
    body: {
      apiVersion: 'example.com/v1alpha1',
      kind: 'Widget',
      metadata: { name: 'sized' },
      spec: { size: 4, color: 'red' },
    },
  })) as Widget;
  expect(sized.spec).toEqual({ size: 4, color: 'red' });
});

test('an informer on a custom resource sees adds and status updates', async () => {
  await installCrd();
  const informer = makeInformer(kc, '/apis/example.com/v1alpha1/namespaces/default/widgets', () =>
    custom.listNamespacedCustomObject(widgets),
  );
  const seen: string[] = [];
  informer.on('add', (o) => seen.push(`add ${o.metadata!.name}`));
  informer.on('update', (o) => seen.push(`update ${o.metadata!.name}`));
  await informer.start();
  await eventually(() => api.openWatches() === 1);
  api.create({
    apiVersion: 'example.com/v1alpha1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default' },
    spec: { size: 1 },
  });
  api.setStatus(
    { apiVersion: 'example.com/v1alpha1', kind: 'Widget', namespace: 'default', name: 'w' },
    { ready: true },
  );
  await eventually(() => seen.length === 2);
  expect(seen).toEqual(['add w', 'update w']);
  await informer.stop();
});

test('deleting the CRD removes its objects and stops serving the kind', async () => {
  await installCrd();
  await custom.createNamespacedCustomObject({
    ...widgets,
    body: { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w' } },
  });
  await objects.delete({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
  });
  expect((await failure(custom.listNamespacedCustomObject(widgets))).code).toBe(404);
});

test('a CRD whose name does not match its names is refused with 422', async () => {
  const crd = loadYaml<KubernetesObject>(crdYaml);
  crd.metadata!.name = 'wrong.example.com';
  const bad = await failure(objects.create(crd));
  expect(bad.code).toBe(422);
  expect(bad.body.message).toContain('must be spec.names.plural+"."+spec.group');
});

test('registerResource serves a kind without a CRD', async () => {
  api.registerResource({
    group: 'example.com',
    version: 'v1',
    kind: 'Gadget',
    plural: 'gadgets',
    namespaced: false,
    hasStatus: false,
  });
  await custom.createClusterCustomObject({
    group: 'example.com',
    version: 'v1',
    plural: 'gadgets',
    body: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } },
  });
  expect(api.list({ apiVersion: 'example.com/v1', kind: 'Gadget' }).map((o) => o.metadata.name)).toEqual([
    'g',
  ]);
});

test('leases: a replace with a stale resourceVersion loses the election race', async () => {
  const coordination = kc.makeApiClient(CoordinationV1Api);
  const lease: V1Lease = {
    metadata: { name: 'operator-leader' },
    spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
  };
  const created = await coordination.createNamespacedLease({ namespace: 'default', body: lease });
  await coordination.replaceNamespacedLease({
    namespace: 'default',
    name: 'operator-leader',
    body: { ...created, spec: { ...created.spec, holderIdentity: 'b' } },
  });
  const lost = await failure(
    coordination.replaceNamespacedLease({
      namespace: 'default',
      name: 'operator-leader',
      body: { ...created, spec: { ...created.spec, holderIdentity: 'c' } },
    }),
  );
  expect(lost.code).toBe(409);
  expect(
    (await coordination.readNamespacedLease({ namespace: 'default', name: 'operator-leader' })).spec
      ?.holderIdentity,
  ).toBe('b');
});
