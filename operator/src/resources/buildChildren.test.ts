import { example, loadExamples } from '../__fixtures__/examples';
import { ctx } from '../__fixtures__/context';
import { validateKubeObjects } from '../__fixtures__/validateKubeObjects';
import { applyDefaults, imageServerSchema } from '../crd';
import { buildChildren } from './buildChildren';
import { withOwner } from './withOwner';

describe('buildChildren', () => {
  it('builds objects for every example that pass the upstream Kubernetes schemas', () => {
    const built = loadExamples().flatMap(({ file, server: raw }) => {
      const server = applyDefaults(imageServerSchema, raw);
      server.metadata.uid = 'u-1';
      return buildChildren(server, ctx).desired.map((o) => ({ file, obj: withOwner(o, server) }));
    });
    expect(built.length).toBeGreaterThanOrEqual(3 * 8);
    const errors = validateKubeObjects(built.map((b) => b.obj));
    const failures = built
      .map((b, i) => errors[i] && `${b.file} ${b.obj.kind}/${b.obj.metadata.name}: ${errors[i]}`)
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  it('has a schema check that rejects an invalid object', () => {
    const deployment = structuredClone(
      buildChildren(example('minimal'), ctx).desired.find((o) => o.kind === 'Deployment')!,
    );
    (deployment.spec as { replicas: unknown }).replicas = 'two';
    expect(validateKubeObjects([deployment])[0]).toMatch(/replicas/);
  });

  it('builds the optional children only when the spec asks for them', () => {
    const minimal = buildChildren(example('minimal'), ctx);
    expect(minimal.desired.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/photos-credentials',
      'ServiceAccount/photos',
      'ConfigMap/photos',
      'Deployment/photos',
      'Service/photos',
      'PodDisruptionBudget/photos',
      'NetworkPolicy/photos',
    ]);
    expect(minimal.absent.map((a) => `${a.kind}/${a.name}`)).toEqual([
      'Deployment/photos-worker',
      'HorizontalPodAutoscaler/photos',
      'Ingress/photos',
    ]);
    const production = buildChildren(example('production'), ctx);
    expect(production.absent).toEqual([]);
    expect(production.desired.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'HorizontalPodAutoscaler/catalog',
        'Ingress/catalog',
        'Deployment/catalog-worker',
      ]),
    );
  });
});
