import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { deployment, failure, startFake } from './__fixtures__/clientHelpers';
import type { FakeKubeApiServer } from './FakeKubeApiServer';

let api: FakeKubeApiServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let objects: KubernetesObjectApi;

beforeEach(async () => {
  ({ api, kc } = await startFake());
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  objects = KubernetesObjectApi.makeApiClient(kc);
});

afterEach(async () => {
  await api.stop();
});

const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name });
const as = (type: string) => setHeaderOptions('Content-Type', type);

describe('patch', () => {
  test('merge patch merges maps and deletes keys set to null', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1', b: '2' } },
    });
    const patched = await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'cfg', body: { data: { a: null, c: '3' } } },
      as(PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ b: '2', c: '3' });
  });

  test('strategic merge patch merges containers by name', async () => {
    const d = deployment('web');
    d.spec!.template.spec!.containers.push({ name: 'sidecar', image: 'envoy:1' });
    await apps.createNamespacedDeployment({ namespace: 'default', body: d });
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } };
    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'web', body: patch },
      as(PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'web=nginx:1.28',
      'sidecar=envoy:1',
    ]);
    expect(patched.metadata?.generation).toBe(2);
  });

  test('json patch applies operations and fails whole with 422 when a test fails', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    const ok = await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'cfg', body: [{ op: 'add', path: '/data/b', value: '2' }] },
      as(PatchStrategy.JsonPatch),
    );
    expect(ok.data).toEqual({ a: '1', b: '2' });
    const bad = await failure(
      core.patchNamespacedConfigMap(
        {
          namespace: 'default',
          name: 'cfg',
          body: [
            { op: 'test', path: '/data/a', value: 'x' },
            { op: 'remove', path: '/data/b' },
          ],
        },
        as(PatchStrategy.JsonPatch),
      ),
    );
    expect(bad.code).toBe(422);
    expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' })?.data).toEqual({ a: '1', b: '2' });
  });

  test('a patch carrying a stale resourceVersion is a 409 conflict', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'cfg', body: { data: { a: '2' } } },
      as(PatchStrategy.MergePatch),
    );
    const stale = await failure(
      core.patchNamespacedConfigMap(
        {
          namespace: 'default',
          name: 'cfg',
          body: { metadata: { resourceVersion: created.metadata!.resourceVersion }, data: { a: '3' } },
        },
        as(PatchStrategy.MergePatch),
      ),
    );
    expect(stale.code).toBe(409);
  });

  test('status in a main-resource patch is ignored; the status subresource takes only status', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    const main = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'web', body: { status: { replicas: 5 } } },
      as(PatchStrategy.MergePatch),
    );
    expect(main.status).toBeUndefined();
    const status = await apps.patchNamespacedDeploymentStatus(
      { namespace: 'default', name: 'web', body: { spec: { replicas: 9 }, status: { replicas: 5 } } },
      as(PatchStrategy.MergePatch),
    );
    expect(status.status?.replicas).toBe(5);
    expect(status.spec?.replicas).toBe(1);
    expect(status.metadata?.generation).toBe(1);
  });

  test('an unknown patch content type is answered 415', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } });
    const res = await fetch(`${api.url()}/api/v1/namespaces/default/configmaps/cfg`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer fake-token', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
  });
});

describe('server-side apply', () => {
  const apply = (body: V1Deployment, manager: string, force = false) =>
    objects.patch(body, undefined, undefined, manager, force, PatchStrategy.ServerSideApply);

  test('creates the object and records the manager in managedFields', async () => {
    const created = await apply(deployment('web'), 'operator');
    expect(created.metadata?.uid).toBeDefined();
    const stored = api.get(ref('web'))!;
    expect(stored.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'operator',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: expect.objectContaining({ 'f:spec': expect.any(Object) }),
      }),
    ]);
  });

  test('requires a fieldManager', async () => {
    const bad = await failure(
      objects.patch(
        deployment('web'),
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(bad.code).toBe(400);
    expect(bad.body.message).toBe('PATCH requests with apply content type require fieldManager');
  });

  test('conflicts with a field another manager changed, unless forced', async () => {
    const desired = deployment('web');
    desired.spec!.replicas = 2;
    await apply(desired, 'operator');
    await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'web', body: { spec: { replicas: 5 } }, fieldManager: 'autoscaler' },
      as(PatchStrategy.MergePatch),
    );

    const conflict = await failure(apply(desired, 'operator'));
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "autoscaler": .spec.replicas',
    );
    expect(api.get(ref('web'))!.spec).toMatchObject({ replicas: 5 });

    await apply(desired, 'operator', true);
    const after = api.get(ref('web'))!;
    expect(after.spec).toMatchObject({ replicas: 2 });
    expect(after.metadata.managedFields?.map((e) => e.manager)).toEqual(['operator']);
  });

  test('applying an unchanged value another manager owns is shared, not a conflict', async () => {
    await apply(deployment('web'), 'operator');
    await apply(deployment('web'), 'other');
    expect(
      api
        .get(ref('web'))!
        .metadata.managedFields?.map((e) => e.manager)
        .sort(),
    ).toEqual(['operator', 'other']);
  });

  test('fields the manager stops applying are removed, fields of other managers stay', async () => {
    const first = deployment('web');
    first.metadata!.labels = { app: 'web', tier: 'front' };
    await apply(first, 'operator');
    await apps.patchNamespacedDeployment(
      {
        namespace: 'default',
        name: 'web',
        body: { metadata: { labels: { team: 'a' } } },
        fieldManager: 'kubectl',
      },
      as(PatchStrategy.MergePatch),
    );
    const rv = api.get(ref('web'))!.metadata.resourceVersion;

    await apply(deployment('web'), 'operator');
    const after = api.get(ref('web'))!;
    expect(after.metadata.labels).toEqual({ app: 'web', team: 'a' });
    expect(after.metadata.resourceVersion).not.toBe(rv);
    expect(after.metadata.generation).toBe(1);
  });

  test('re-applying the same configuration does not write', async () => {
    await apply(deployment('web'), 'operator');
    const rv = api.get(ref('web'))!.metadata.resourceVersion;
    api.resetRequests();
    await apply(deployment('web'), 'operator');
    expect(api.get(ref('web'))!.metadata.resourceVersion).toBe(rv);
    expect(api.requestCounts().patch).toBe(1);
  });

  test('applying to /status sets only status and merges conditions by type', async () => {
    await apply(deployment('web'), 'operator');
    const statusApply = (conditions: { type: string; status: string }[], manager: string) =>
      apps.patchNamespacedDeploymentStatus(
        {
          namespace: 'default',
          name: 'web',
          fieldManager: manager,
          force: true,
          body: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web' },
            spec: { replicas: 9 },
            status: { conditions },
          },
        },
        as(PatchStrategy.ServerSideApply),
      );
    await statusApply([{ type: 'Available', status: 'True' }], 'deployment-controller');
    await statusApply([{ type: 'Progressing', status: 'True' }], 'other-controller');
    const after = api.get(ref('web'))!;
    expect((after.spec as { replicas: number }).replicas).toBe(1);
    expect((after.status as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual([
      'Available',
      'Progressing',
    ]);
    expect(
      after.metadata.managedFields?.filter((e) => e.subresource === 'status').map((e) => e.manager),
    ).toEqual(['deployment-controller', 'other-controller']);
  });

  test('a container removed from the applied list is removed from the object', async () => {
    const two = deployment('web');
    two.spec!.template.spec!.containers.push({ name: 'sidecar', image: 'envoy:1' });
    await apply(two, 'operator');
    await apply(deployment('web'), 'operator');
    const containers = (api.get(ref('web'))!.spec as V1Deployment['spec'])!.template.spec!.containers;
    expect(containers.map((c) => c.name)).toEqual(['web']);
  });
});

describe('delete', () => {
  test('finalizers keep the object with a deletionTimestamp until they are removed', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg', finalizers: ['example.com/cleanup'] } },
    });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
    const held = await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);

    const added = await failure(
      core.patchNamespacedConfigMap(
        {
          namespace: 'default',
          name: 'cfg',
          body: { metadata: { finalizers: ['example.com/cleanup', 'x.io/new'] } },
        },
        as(PatchStrategy.MergePatch),
      ),
    );
    expect(added.code).toBe(422);

    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'cfg', body: { metadata: { finalizers: null } } },
      as(PatchStrategy.MergePatch),
    );
    expect((await failure(core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' }))).code).toBe(
      404,
    );
  });

  test('background deletion removes dependents through their ownerReferences', async () => {
    const owner = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    const ownerRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: owner.metadata!.uid!,
      controller: true,
    };
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owned', ownerReferences: [ownerRef] } },
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'free' } } });
    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(
      api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }).map((o) => o.metadata.name),
    ).toEqual(['free']);
  });

  test('foreground deletion waits for dependents held by finalizers', async () => {
    const owner = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    const ownerRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: owner.metadata!.uid!,
      blockOwnerDeletion: true,
    };
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owned', ownerReferences: [ownerRef], finalizers: ['x.io/hold'] } },
    });
    await apps.deleteNamespacedDeployment({
      namespace: 'default',
      name: 'web',
      propagationPolicy: 'Foreground',
    });
    expect(api.get(ref('web'))?.metadata.finalizers).toEqual(['foregroundDeletion']);

    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'owned', body: { metadata: { finalizers: null } } },
      as(PatchStrategy.MergePatch),
    );
    expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owned' })).toBeUndefined();
    expect(api.get(ref('web'))).toBeUndefined();
  });

  test('orphan deletion keeps dependents and strips the owner reference', async () => {
    const owner = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    const ownerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner.metadata!.uid! };
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'owned', ownerReferences: [ownerRef] } },
    });
    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'web', propagationPolicy: 'Orphan' });
    const orphan = api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owned' });
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
  });

  test('deleting a namespace deletes its content and refuses new content while terminating', async () => {
    await core.createNamespace({ body: { metadata: { name: 'team' } } });
    await core.createNamespacedConfigMap({ namespace: 'team', body: { metadata: { name: 'a' } } });
    await core.createNamespacedConfigMap({
      namespace: 'team',
      body: { metadata: { name: 'held', finalizers: ['x.io/hold'] } },
    });
    await core.deleteNamespace({ name: 'team' });
    const ns = await core.readNamespace({ name: 'team' });
    expect(ns.status?.phase).toBe('Terminating');
    expect(
      api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team' }).map((o) => o.metadata.name),
    ).toEqual(['held']);
    const refused = await failure(
      core.createNamespacedConfigMap({ namespace: 'team', body: { metadata: { name: 'b' } } }),
    );
    expect(refused.code).toBe(403);

    await core.patchNamespacedConfigMap(
      { namespace: 'team', name: 'held', body: { metadata: { finalizers: null } } },
      as(PatchStrategy.MergePatch),
    );
    expect(api.get({ apiVersion: 'v1', kind: 'Namespace', name: 'team' })).toBeUndefined();
  });

  test('delete collection removes the objects the selector matches', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'a', labels: { run: '1' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'b', labels: { run: '2' } } },
    });
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'default', labelSelector: 'run=1' });
    expect(
      api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }).map((o) => o.metadata.name),
    ).toEqual(['b']);
  });

  test('a uid precondition that does not match is a 409', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' } } });
    const bad = await failure(
      core.deleteNamespacedConfigMap({
        namespace: 'default',
        name: 'cfg',
        body: { preconditions: { uid: 'other' } },
      }),
    );
    expect(bad.code).toBe(409);
    expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' })).toBeDefined();
  });
});

describe('validation', () => {
  test('a Deployment whose selector does not match its template is refused with 422', async () => {
    const bad = deployment('web');
    bad.spec!.selector = { matchLabels: { app: 'other' } };
    const refused = await failure(apps.createNamespacedDeployment({ namespace: 'default', body: bad }));
    expect(refused.code).toBe(422);
    expect(refused.body.message).toBe(
      'Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`',
    );
  });

  test('a Deployment selector is immutable', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    const patch = {
      spec: {
        selector: { matchLabels: { app: 'web', v: '2' } },
        template: { metadata: { labels: { v: '2' } } },
      },
    };
    const refused = await failure(
      apps.patchNamespacedDeployment(
        { namespace: 'default', name: 'web', body: patch },
        as(PatchStrategy.MergePatch),
      ),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.details?.causes?.map((c) => c.field)).toEqual(['spec.selector']);
  });
});

describe('defaulting and dry run', () => {
  test('Secret stringData is folded into base64 data', async () => {
    const secret = await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 's' }, stringData: { password: 'hunter2' } },
    });
    expect(secret.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
  });

  test('Service gets a clusterIP that survives updates', async () => {
    const svc = await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } },
    });
    expect(svc.spec?.clusterIP).toMatch(/^10\.96\./);
    expect(svc.spec?.ports?.[0]).toMatchObject({ port: 80, protocol: 'TCP', targetPort: 80 });
    const updated = await core.replaceNamespacedService({
      namespace: 'default',
      name: 'web',
      body: { metadata: { name: 'web' }, spec: { ports: [{ port: 81 }] } },
    });
    expect(updated.spec?.clusterIP).toBe(svc.spec?.clusterIP);
  });

  test('dryRun=All answers as if written but stores nothing', async () => {
    const answer = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' } },
      dryRun: 'All',
    });
    expect(answer.metadata?.name).toBe('cfg');
    expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' })).toBeUndefined();
  });
});
