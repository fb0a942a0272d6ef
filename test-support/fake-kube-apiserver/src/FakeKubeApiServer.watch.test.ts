import { CoreV1Api, makeInformer, Watch, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { eventually, startFake } from './__fixtures__/clientHelpers';
import type { FakeKubeApiServer } from './FakeKubeApiServer';

let api: FakeKubeApiServer;
let kc: KubeConfig;
let core: CoreV1Api;

beforeEach(async () => {
  ({ api, kc } = await startFake({ bookmarkIntervalMs: 20 }));
  core = kc.makeApiClient(CoreV1Api);
});

afterEach(async () => {
  await api.stop();
});

interface Seen {
  events: { type: string; name?: string; code?: number; rv?: string }[];
  done: Promise<unknown>;
  abort: () => void;
}

async function watch(
  path: string,
  params: Record<string, string | number | boolean | undefined>,
): Promise<Seen> {
  const events: Seen['events'] = [];
  let finish!: (err: unknown) => void;
  const done = new Promise<unknown>((resolve) => (finish = resolve));
  const controller = await new Watch(kc).watch(
    path,
    params,
    (type, obj: { metadata?: { name?: string; resourceVersion?: string }; code?: number }) =>
      events.push({
        type,
        ...(obj.metadata?.name ? { name: obj.metadata.name } : {}),
        ...(obj.code ? { code: obj.code } : {}),
        ...(obj.metadata?.resourceVersion ? { rv: obj.metadata.resourceVersion } : {}),
      }),
    (err) => finish(err),
  );
  return { events, done, abort: () => controller.abort() };
}

const cm = (name: string, labels: Record<string, string> = {}): V1ConfigMap => ({
  metadata: { name, labels },
});

test('a watch replays changes after its resourceVersion, then streams live ones', async () => {
  const a = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  await core.patchNamespacedConfigMap({
    namespace: 'default',
    name: 'a',
    body: [{ op: 'add', path: '/data', value: { k: 'v' } }],
  });
  await core.createNamespacedConfigMap({ namespace: 'default', body: cm('b') });
  await core.createNamespace({ body: { metadata: { name: 'other' } } });

  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: a.metadata!.resourceVersion,
  });
  await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'a' });
  await eventually(() => w.events.length === 3);
  expect(w.events.map((e) => `${e.type} ${e.name}`)).toEqual(['MODIFIED a', 'ADDED b', 'DELETED a']);
  const rvs = w.events.map((e) => Number(e.rv));
  expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
  w.abort();
});

test('a watch from a compacted resourceVersion gets a 410 Expired ERROR event and ends', async () => {
  const a = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  await core.createNamespacedConfigMap({ namespace: 'default', body: cm('b') });
  api.compact();
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: a.metadata!.resourceVersion,
  });
  await w.done;
  expect(w.events).toEqual([{ type: 'ERROR', code: 410 }]);
});

test('history beyond maxHistory expires the same way', async () => {
  await api.stop();
  ({ api, kc } = await startFake({ maxHistory: 2 }));
  core = kc.makeApiClient(CoreV1Api);
  const a = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  for (const name of ['b', 'c', 'd'])
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm(name) });
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: a.metadata!.resourceVersion,
  });
  await w.done;
  expect(w.events.map((e) => e.code)).toEqual([410]);
});

test('a label-selected watch sees objects enter and leave the selection', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
    labelSelector: 'team=x',
  });
  await core.patchNamespacedConfigMap({
    namespace: 'default',
    name: 'a',
    body: [{ op: 'add', path: '/metadata/labels/team', value: 'x' }],
  });
  await core.patchNamespacedConfigMap({
    namespace: 'default',
    name: 'a',
    body: [{ op: 'add', path: '/data', value: { k: 'v' } }],
  });
  await core.patchNamespacedConfigMap({
    namespace: 'default',
    name: 'a',
    body: [{ op: 'remove', path: '/metadata/labels/team' }],
  });
  await eventually(() => w.events.length === 3);
  expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  w.abort();
});

test('a watch without resourceVersion starts with the current objects', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  const w = await watch('/api/v1/namespaces/default/configmaps', {});
  await eventually(() => w.events.length === 1);
  expect(w.events[0]).toMatchObject({ type: 'ADDED', name: 'a' });
  w.abort();
});

test('sendInitialEvents ends the initial objects with an annotated bookmark', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
  const events: { type: string; annotations?: Record<string, string> }[] = [];
  const controller = await new Watch(kc).watch(
    '/api/v1/namespaces/default/configmaps',
    { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' },
    (type, obj: { metadata?: { annotations?: Record<string, string> } }) =>
      events.push({ type, ...(obj.metadata?.annotations ? { annotations: obj.metadata.annotations } : {}) }),
    () => undefined,
  );
  await eventually(() => events.length >= 2);
  expect(events.slice(0, 2)).toEqual([
    { type: 'ADDED' },
    { type: 'BOOKMARK', annotations: { 'k8s.io/initial-events-end': 'true' } },
  ]);
  controller.abort();
});

test('failNext on a watch with 410 answers the ERROR event the real server sends', async () => {
  api.failNext({ verb: 'watch', status: 410 });
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
  });
  await w.done;
  expect(w.events).toEqual([{ type: 'ERROR', code: 410 }]);
});

test('bookmarks arrive when allowed and carry the current resourceVersion', async () => {
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
    allowWatchBookmarks: true,
  });
  await eventually(() => w.events.some((e) => e.type === 'BOOKMARK'));
  expect(w.events.find((e) => e.type === 'BOOKMARK')?.rv).toBe(String(api.resourceVersion()));
  w.abort();
});

test('timeoutSeconds ends the watch cleanly', async () => {
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
    timeoutSeconds: 1,
  });
  expect(await w.done).toBeNull();
});

test('stop() ends open watches cleanly', async () => {
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
  });
  await eventually(() => api.openWatches() === 1);
  await api.stop();
  expect(await w.done).toBeNull();
  expect(api.openWatches()).toBe(0);
});

test('an aborted client watch is closed on the server', async () => {
  const w = await watch('/api/v1/namespaces/default/configmaps', {
    resourceVersion: String(api.resourceVersion()),
  });
  await eventually(() => api.openWatches() === 1);
  w.abort();
  await eventually(() => api.openWatches() === 0);
});

describe('informer', () => {
  test('lists, watches, and relists after its resourceVersion expired', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => added.push(o.metadata!.name!));
    informer.on('delete', (o) => deleted.push(o.metadata!.name!));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await eventually(() => api.openWatches() === 1);
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('b') });
    await eventually(() => added.length === 2);

    api.resetRequests();
    // Drop the watch, change things while the informer is away, and forget the history it would replay.
    api.endWatches();
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    api.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a' });
    api.compact();

    await eventually(() => added.includes('c') && deleted.includes('a'));
    await eventually(() => api.openWatches() === 1);
    expect(
      informer
        .list()
        .map((o) => o.metadata!.name)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(api.requestCounts()).toMatchObject({ list: 1, watch: 2 });
    expect(errors).toEqual([]);
    await informer.stop();
  });
});
