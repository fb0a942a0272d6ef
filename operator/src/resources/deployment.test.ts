import { example } from '../__fixtures__/examples';
import { ctx } from '../__fixtures__/context';
import { buildConfigMap } from './configMap';
import { buildDeployment } from './deployment';
import { buildWorkerDeployment } from './workerDeployment';

type Container = {
  name: string;
  image: string;
  command?: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  envFrom: unknown[];
  securityContext: Record<string, unknown>;
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  lifecycle?: unknown;
  resources: unknown;
};
const container = (d: ReturnType<typeof buildDeployment>) =>
  d.spec!.template.spec!.containers[0] as unknown as Container;

describe('buildDeployment', () => {
  it('runs non-root on a read-only root filesystem with probes on /healthz and /readyz', () => {
    const d = buildDeployment(example('minimal'), ctx);
    const c = container(d);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(d.spec!.template.spec!.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(c.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(d.spec!.template.spec!.terminationGracePeriodSeconds).toBe(30);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } });
    expect(d.spec!.template.spec!.volumes!.map((v) => v.name)).toEqual(['data', 'tmp']);
    expect(buildConfigMap(example('minimal'), ctx).data!.DATA_DIR).toBe('/data');
  });

  it('keeps capacity during rollouts and spreads over zones and nodes', () => {
    const d = buildDeployment(example('minimal'), ctx);
    expect(d.spec!.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
    });
    expect(d.spec!.template.spec!.topologySpreadConstraints!.map((t) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
  });

  it('sets replicas (default 2) only when no HPA owns the count', () => {
    expect(buildDeployment(example('minimal'), ctx).spec!.replicas).toBe(2);
    expect(buildDeployment(example('scratch'), ctx).spec!.replicas).toBe(1);
    expect('replicas' in buildDeployment(example('production'), ctx).spec!).toBe(false);
  });

  it('takes secrets from Secrets through valueFrom and never puts them in the ConfigMap', () => {
    const prod = example('production');
    const env = container(buildDeployment(prod, ctx)).env;
    expect(env).toEqual([
      {
        name: 'ADMIN_API_KEY',
        valueFrom: { secretKeyRef: { name: 'catalog-credentials', key: 'ADMIN_API_KEY' } },
      },
      {
        name: 'SIGNING_KEYS',
        valueFrom: { secretKeyRef: { name: 'catalog-credentials', key: 'SIGNING_KEYS' } },
      },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'catalog-credentials', key: 'DATABASE_URL' } },
      },
      { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'shop-redis', key: 'url' } } },
    ]);
    const data = buildConfigMap(prod, ctx).data!;
    for (const secret of ['ADMIN_API_KEY', 'SIGNING_KEYS', 'DATABASE_URL', 'REDIS_URL'])
      expect(data).not.toHaveProperty(secret);
    expect(data).toMatchObject({
      S3_BUCKET: 'shop-catalog-images',
      S3_PREFIX: 'catalog/',
      S3_REGION: 'eu-west-1',
      MAX_UPLOAD_BYTES: '20000000',
      DEFAULT_VISIBILITY: 'private',
      PUBLIC_BASE_URL: 'https://cdn.shop.example.com',
      TAGGING_MODE: 'queue',
      TAGGERS: 'basic,exif,colour,labels',
      REDIS_NAMESPACE: 'shop.catalog',
      CLOUDFRONT_DISTRIBUTION_ID: 'E2EXAMPLE12345',
    });
    expect(container(buildDeployment(example('minimal'), ctx)).env[2]).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'photos-db', key: 'url' } },
    });
  });

  it('rolls the pods when settings or credentials change', () => {
    const hash = (d: ReturnType<typeof buildDeployment>) =>
      d.spec!.template.metadata!.annotations!['imageserver.dev/config-hash'];
    const server = example('minimal');
    const before = hash(buildDeployment(server, ctx));
    expect(hash(buildDeployment(server, ctx))).toBe(before);
    server.spec.limits = { ...server.spec.limits, maxPixels: 1 };
    expect(hash(buildDeployment(server, ctx))).not.toBe(before);
    const rotated = { ...ctx, credentials: { ...ctx.credentials, adminApiKey: 'b'.repeat(32) } };
    expect(hash(buildDeployment(example('minimal'), rotated))).not.toBe(before);
  });

  it('adds the queue worker only in queue mode, running dist/worker.js', () => {
    expect(buildWorkerDeployment(example('minimal'), ctx)).toBeUndefined();
    const worker = buildWorkerDeployment(example('production'), ctx)!;
    expect(worker.metadata!.name).toBe('catalog-worker');
    expect(worker.spec!.replicas).toBe(2);
    expect(container(worker).command).toEqual(['node', 'dist/worker.js']);
    expect(worker.spec!.selector.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'worker' });
  });
});
