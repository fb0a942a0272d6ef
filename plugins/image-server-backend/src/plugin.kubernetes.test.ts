import type { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import request from 'supertest';
import imageServerPlugin from './index';
import { startFakeCluster, fakeClusterConfig } from './__fixtures__/startFakeCluster';
import { freePort, startImageServer, type TestImageServer } from './__fixtures__/startImageServer';
import { startPortal } from './__fixtures__/startPortal';

/** ImageServer resources in a (fake) cluster, through the plugin's REST API. */
let cluster: Awaited<ReturnType<typeof startFakeCluster>>;
let api: FakeKubeApiServer;
let imageServer: TestImageServer;
let portal: Awaited<ReturnType<typeof startPortal>>;
const spec = {
  image: 'ghcr.io/example/imageserver:1.0.0',
  storage: { bucket: 'team-a-images' },
  database: { managed: true },
};
const ref = { apiVersion: 'imageserver.dev/v1alpha1', kind: 'ImageServer', namespace: 'team-a' };

beforeAll(async () => {
  cluster = await startFakeCluster();
  api = cluster.api;
  imageServer = await startImageServer();
  portal = await startPortal({
    kubernetes: {
      requestTimeoutMs: 3000,
      clusters: [
        fakeClusterConfig('dev', cluster.url),
        fakeClusterConfig('offline', `http://127.0.0.1:${await freePort()}`),
      ],
    },
  });
}, 120_000);

afterAll(async () => {
  await portal?.backend.stop();
  await imageServer?.stop();
  await cluster?.stop();
});

function now(offsetMs = 0) {
  return new Date(Date.now() + offsetMs).toISOString();
}

describe('provisioning', () => {
  it('creates an ImageServer with the owner recorded, and refuses a duplicate with 409', async () => {
    const res = await request(portal.server)
      .post('/api/image-server/servers')
      .send({ cluster: 'dev', namespace: 'team-a', name: 'gallery', spec });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ref: { cluster: 'dev', namespace: 'team-a', name: 'gallery' },
      source: 'kubernetes',
      owner: 'user:default/mock',
    });
    const stored = api.get({ ...ref, name: 'gallery' })!;
    expect(stored.metadata.annotations).toEqual({ 'imageserver.dev/owner': 'user:default/mock' });
    expect(stored.spec).toMatchObject(spec);

    const again = await request(portal.server)
      .post('/api/image-server/servers')
      .send({ cluster: 'dev', namespace: 'team-a', name: 'gallery', spec });
    expect(again.status).toBe(409);
  });

  it('refuses invalid input with every problem named, writing nothing', async () => {
    const before = api.requestCounts().writes;
    const res = await request(portal.server)
      .post('/api/image-server/servers')
      .send({
        cluster: 'dev',
        namespace: 'Team_A',
        name: '9lives',
        spec: { image: 'x', replicas: 2, autoscaling: { maxReplicas: 4 } },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('namespace: must be a DNS-1123 label');
    expect(res.body.error.message).toContain('name: must start with a lowercase letter');
    expect(res.body.error.message).toContain('spec.storage: is required');
    expect(api.requestCounts().writes).toBe(before);
  });

  it('answers 404 for a namespace that does not exist and an unknown cluster', async () => {
    const ns = await request(portal.server)
      .post('/api/image-server/servers')
      .send({ cluster: 'dev', namespace: 'nowhere', name: 'x', spec });
    expect(ns.status).toBe(404);
    const cl = await request(portal.server)
      .post('/api/image-server/servers')
      .send({ cluster: 'mars', namespace: 'team-a', name: 'x', spec });
    expect(cl.status).toBe(404);
    expect(cl.body.error.message).toContain('configured clusters: dev, offline');
  });

  it('refuses an owner the user does not hold', async () => {
    const res = await request(portal.server).post('/api/image-server/servers').send({
      cluster: 'dev',
      namespace: 'team-a',
      name: 'theirs',
      spec,
      owner: 'group:default/someone-else',
    });
    expect(res.status).toBe(403);
  });

  it('deletes a server', async () => {
    api.create({ ...ref, metadata: { name: 'doomed', namespace: 'team-a' }, spec } as never);
    const res = await request(portal.server).delete('/api/image-server/servers/dev/team-a/doomed');
    expect(res.status).toBe(204);
    expect(api.get({ ...ref, name: 'doomed' })).toBeUndefined();
    expect((await request(portal.server).delete('/api/image-server/servers/dev/team-a/doomed')).status).toBe(
      404,
    );
  });
});

describe('listing and health', () => {
  it('lists servers of reachable clusters and reports the unreachable one as an error, not a crash', async () => {
    const res = await request(portal.server).get('/api/image-server/servers');
    expect(res.status).toBe(200);
    expect(res.body.clustersConfigured).toBe(true);
    expect(res.body.errors).toEqual([
      {
        cluster: 'offline',
        errorType: 'UNREACHABLE',
        message: expect.stringContaining('cluster offline is unreachable'),
      },
    ]);
    expect(res.body.items.map((s: { ref: { name: string } }) => s.ref.name)).toContain('gallery');
  });

  it('answers 502 for a single server in an unreachable cluster', async () => {
    const res = await request(portal.server).get('/api/image-server/servers/offline/team-a/x');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('cluster offline is unreachable (ECONNREFUSED)');
  });

  it('shows a Ready server whose pods crash-loop as degraded, with the Deployment, HPA and events', async () => {
    api.create({
      ...ref,
      metadata: {
        name: 'broken',
        namespace: 'team-a',
        annotations: { 'imageserver.dev/owner': 'group:default/team-a' },
      },
      spec: { ...spec, autoscaling: { minReplicas: 2, maxReplicas: 5 } },
    } as never);
    api.setStatus(
      { ...ref, name: 'broken' },
      {
        observedGeneration: 1,
        url: 'http://broken.team-a.svc',
        readyReplicas: 2,
        desiredReplicas: 2,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            message: 'ok',
            lastTransitionTime: now(-60_000),
          },
        ],
      },
    );
    api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken', namespace: 'team-a' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'broken' } },
        template: {
          metadata: { labels: { app: 'broken' } },
          spec: { containers: [{ name: 'server', image: 'x' }] },
        },
      },
    } as never);
    api.setStatus(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'broken' },
      {
        replicas: 2,
        readyReplicas: 0,
        availableReplicas: 0,
        updatedReplicas: 2,
      },
    );
    api.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'broken', namespace: 'team-a' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'broken' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    } as never);
    api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'broken.1', namespace: 'team-a' },
      involvedObject: { kind: 'Deployment', name: 'broken', namespace: 'team-a' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container server',
      count: 7,
      lastTimestamp: now(-30_000),
    } as never);

    const list = await request(portal.server).get('/api/image-server/servers');
    // The list reads status only: the operator says Ready.
    expect(list.body.items.find((s: { ref: { name: string } }) => s.ref.name === 'broken').health).toBe(
      'healthy',
    );

    const res = await request(portal.server).get('/api/image-server/servers/dev/team-a/broken');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      health: 'degraded',
      healthReason: 'No pod available: BackOff: Back-off restarting failed container server',
      owner: 'group:default/team-a',
      deployment: { desired: 2, ready: 0, available: 0, updated: 2 },
      autoscaler: { min: 2, max: 5, targetCPUUtilization: 70 },
      events: [{ type: 'Warning', reason: 'BackOff', count: 7 }],
      endpoints: { api: 'http://broken.team-a.svc' },
      conditions: [expect.objectContaining({ type: 'Ready', status: 'True' })],
    });
  });

  it('answers 404 for a server that does not exist', async () => {
    const res = await request(portal.server).get('/api/image-server/servers/dev/team-a/nothing');
    expect(res.status).toBe(404);
  });
});

describe('proxying to a cluster server', () => {
  it('uses the status URL and the admin key from the Secret the operator created', async () => {
    api.create({ ...ref, metadata: { name: 'live', namespace: 'team-a' }, spec } as never);
    api.setStatus({ ...ref, name: 'live' }, { url: imageServer.url, adminSecretName: 'live-credentials' });
    const noKey = await request(portal.server).get('/api/image-server/servers/dev/team-a/live/stats');
    // The Secret does not exist yet: the server refuses the anonymous request.
    expect(noKey.status).toBe(502);

    api.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'live-credentials-2', namespace: 'team-a' },
      data: { ADMIN_API_KEY: Buffer.from(imageServer.adminKey).toString('base64') },
    } as never);
    api.setStatus({ ...ref, name: 'live' }, { url: imageServer.url, adminSecretName: 'live-credentials-2' });
    const stats = await request(portal.server).get('/api/image-server/servers/dev/team-a/live/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toHaveProperty('images');
  });
});

describe('the actions registry', () => {
  it('offers create-image-server with the same checks as the REST route', async () => {
    const registry = actionsRegistryServiceMock();
    const backend = await startTestBackend({
      features: [
        imageServerPlugin,
        createServiceFactory({ service: actionsRegistryServiceRef, deps: {}, factory: () => registry }),
        mockServices.rootConfig.factory({
          data: { imageServer: { kubernetes: { clusters: [fakeClusterConfig('dev', cluster.url)] } } },
        }),
      ],
    });
    try {
      const { output } = await registry.invoke({
        id: 'test:create-image-server', // the mock registry names every action test:<name>
        input: { cluster: 'dev', namespace: 'team-a', name: 'from-action', spec },
        credentials: mockCredentials.user('user:default/jane'),
      });
      expect(output).toEqual({
        ref: 'dev/team-a/from-action',
        owner: 'user:default/jane',
        health: 'unknown',
      });
      expect(api.get({ ...ref, name: 'from-action' })?.metadata.annotations).toEqual({
        'imageserver.dev/owner': 'user:default/jane',
      });
      await expect(
        registry.invoke({
          id: 'test:create-image-server', // the mock registry names every action test:<name>
          input: { cluster: 'dev', namespace: 'team-a', name: 'x', spec: {} },
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow('spec.image: is required');
    } finally {
      await backend.stop();
    }
  });
});
