import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { DiscoveryService } from '@backstage/backend-plugin-api';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import imageServerPlugin from '@imageserver/plugin-image-server-backend';
import { parse } from 'yaml';
import { BackendImageServerProvisioner } from './ImageServerProvisioner';
import { createImageServerAction } from './createImageServerAction';

/**
 * The action against the real image-server backend plugin in a test backend, which writes to
 * the fake Kubernetes API server: what a template run does, minus the scaffolder itself.
 */
let kube: FakeKubeApiServer;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let action: ReturnType<typeof createImageServerAction>;
const spec = {
  image: 'ghcr.io/example/imageserver:1.0.0',
  storage: { bucket: 'team-a-gallery' },
  database: { managed: true },
};

beforeAll(async () => {
  kube = new FakeKubeApiServer({ token: 't', namespaces: ['team-a'] });
  const { url } = await kube.start();
  const crdFile = path.join(__dirname, '../../../../operator/config/crd/imageservers.imageserver.dev.yaml');
  kube.create(parse(readFileSync(crdFile, 'utf8')));
  backend = await startTestBackend({
    features: [
      imageServerPlugin,
      mockServices.rootConfig.factory({
        data: {
          imageServer: {
            kubernetes: {
              clusters: [
                {
                  name: 'dev',
                  authProvider: 'serviceAccount',
                  url,
                  serviceAccountToken: 't',
                  skipTLSVerify: true,
                },
              ],
            },
          },
        },
      }),
    ],
  });
  const baseUrl = `http://127.0.0.1:${backend.server.port()}/api/image-server`;
  const discovery: DiscoveryService = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  action = createImageServerAction({
    provisioner: new BackendImageServerProvisioner(discovery, mockServices.auth()),
  });
});

afterAll(async () => {
  await backend?.stop();
  await kube?.stop();
});

describe('imageserver:create', () => {
  it('creates the ImageServer resource owned by the user who runs the template, and links to its page', async () => {
    const ctx = createMockActionContext({
      input: { cluster: 'dev', namespace: 'team-a', name: 'gallery', spec },
    });
    await action.handler(ctx);
    const created = kube.get({
      apiVersion: 'imageserver.dev/v1alpha1',
      kind: 'ImageServer',
      namespace: 'team-a',
      name: 'gallery',
    });
    expect(created?.spec).toMatchObject(spec);
    expect(created?.metadata.annotations?.['imageserver.dev/owner']).toBe('user:default/mock');
    expect(ctx.output).toHaveBeenCalledWith('serverUrl', '/image-servers/dev/team-a/gallery');
    expect(ctx.output).toHaveBeenCalledWith('owner', 'user:default/mock');
  });

  it('refuses invalid input with a message naming each problem, before calling the backend', async () => {
    const before = kube.requestCounts().total;
    const ctx = createMockActionContext({
      input: {
        cluster: 'dev',
        namespace: 'team-a',
        name: 'Gallery',
        spec: { image: 'x', replicas: 500, database: {} },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Invalid image server: name: must start with a lowercase letter and contain only lowercase letters, digits and "-"; spec.storage: is required; spec.database: is required; spec.replicas: must be <= 100',
    );
    expect(kube.requestCounts().total).toBe(before);
  });

  it("passes the backend's refusal on (an existing server)", async () => {
    const ctx = createMockActionContext({
      input: { cluster: 'dev', namespace: 'team-a', name: 'gallery', spec },
    });
    await expect(action.handler(ctx)).rejects.toThrow(/409/);
  });

  it('in a dry run checks the input and reports the page without creating anything', async () => {
    // createMockActionContext does not pass isDryRun on, so it is set afterwards.
    const ctx = {
      ...createMockActionContext({ input: { cluster: 'dev', namespace: 'team-a', name: 'dry', spec } }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('serverUrl', '/image-servers/dev/team-a/dry');
    expect(
      kube.get({
        apiVersion: 'imageserver.dev/v1alpha1',
        kind: 'ImageServer',
        namespace: 'team-a',
        name: 'dry',
      }),
    ).toBeUndefined();
    const bad = {
      ...createMockActionContext({ input: { cluster: 'dev', namespace: 'team-a', name: 'dry', spec: {} } }),
      isDryRun: true,
    };
    await expect(action.handler(bad)).rejects.toThrow('spec.image: is required');
  });

  it('declares its input schema for the template editor', () => {
    const input = action.schema?.input as { properties?: Record<string, unknown>; required?: string[] };
    expect(Object.keys(input.properties ?? {})).toEqual(['cluster', 'namespace', 'name', 'spec', 'owner']);
    expect(input.required).toEqual(['cluster', 'namespace', 'name', 'spec']);
  });
});

describe('the template', () => {
  it('renders to a spec the CRD accepts once empty fields are dropped', async () => {
    const template = parse(
      readFileSync(path.join(__dirname, '../../../../templates/image-server/template.yaml'), 'utf8'),
    );
    const step = template.spec.steps[0];
    expect(step.action).toBe('imageserver:create');
    // What the templater gives for a fixed-replica server with a managed database and nothing optional.
    const rendered = {
      cluster: 'dev',
      namespace: 'team-a',
      name: 'rendered',
      owner: 'user:default/mock',
      spec: {
        image: 'ghcr.io/example/imageserver:1.0.0',
        replicas: 2,
        autoscaling: { minReplicas: '', maxReplicas: '', targetCPUUtilization: '' },
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
        storage: {
          bucket: 'team-a-rendered',
          prefix: '',
          region: '',
          create: true,
          deletionPolicy: 'Retain',
        },
        database: { managed: true, secretRef: { name: '' } },
        cache: { secretRef: { name: '' } },
        tagging: { mode: 'inline' },
        ingress: { host: '' },
        cdn: { domain: '' },
        limits: { maxUploadBytes: 52428800 },
        defaultVisibility: 'public',
        logLevel: 'info',
      },
    };
    expect(Object.keys(rendered.spec)).toEqual(Object.keys(step.input.spec));
    const ctx = createMockActionContext({ input: rendered });
    await action.handler(ctx);
    const created = kube.get({
      apiVersion: 'imageserver.dev/v1alpha1',
      kind: 'ImageServer',
      namespace: 'team-a',
      name: 'rendered',
    });
    expect(created?.spec).toMatchObject({
      replicas: 2,
      storage: { bucket: 'team-a-rendered', create: true },
      database: { managed: true },
    });
    expect(created?.spec).not.toHaveProperty('autoscaling');
    expect(created?.spec).not.toHaveProperty('cache');
  });
});
