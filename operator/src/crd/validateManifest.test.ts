import { loadExamples } from '../__fixtures__/examples';
import { validateKubeObjects } from '../__fixtures__/validateKubeObjects';
import { buildCrd } from './crd';
import { validateManifest } from './validateManifest';

const base = () => ({
  apiVersion: 'imageserver.dev/v1alpha1',
  kind: 'ImageServer',
  metadata: { name: 'x', namespace: 'ns' },
  spec: { image: 'img:1', storage: { bucket: 'my-bucket' }, database: { secretRef: { name: 'db' } } },
});

describe('the CRD', () => {
  it('is a valid CustomResourceDefinition by the upstream schema', () => {
    expect(validateKubeObjects([buildCrd()])).toEqual([undefined]);
  });

  it('has printer columns, a status subresource and the short name', () => {
    const v = buildCrd().spec.versions[0]!;
    expect(v.additionalPrinterColumns?.map((c) => c.name)).toEqual(['Ready', 'Replicas', 'URL', 'Age']);
    expect(v.subresources?.status).toEqual({});
    expect(buildCrd().spec.names.shortNames).toEqual(['imgs']);
  });

  it.each(loadExamples().map((e) => [e.file, e.server] as const))('accepts the example %s', (_file, doc) => {
    expect(validateManifest(doc).problems).toEqual([]);
  });

  it('applies the schema defaults', () => {
    const { server } = validateManifest(base());
    expect(server.spec.storage).toEqual({
      bucket: 'my-bucket',
      prefix: '',
      create: true,
      deletionPolicy: 'Retain',
    });
    expect(server.spec.database.secretRef).toEqual({ name: 'db', key: 'url' });
    expect(server.spec.defaultVisibility).toBe('public');
    expect(server.spec.resources?.requests).toEqual({ cpu: '250m', memory: '256Mi' });
  });

  it.each([
    [
      'a bad bucket name',
      (d: ReturnType<typeof base>) => Object.assign(d.spec.storage, { bucket: 'Bad_Bucket' }),
      'spec.storage.bucket: must match pattern "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"',
    ],
    [
      'a missing image',
      (d: ReturnType<typeof base>) => delete (d.spec as { image?: string }).image,
      "spec: must have required property 'image'",
    ],
    [
      'an unknown deletion policy',
      (d: ReturnType<typeof base>) => Object.assign(d.spec.storage, { deletionPolicy: 'Shred' }),
      'spec.storage.deletionPolicy: must be equal to one of the allowed values (Retain, Delete)',
    ],
    [
      'an unknown field',
      (d: ReturnType<typeof base>) => Object.assign(d.spec, { replica: 3 }),
      'spec.replica: unknown field',
    ],
    [
      'both replicas and autoscaling (CEL)',
      (d: ReturnType<typeof base>) => Object.assign(d.spec, { replicas: 2, autoscaling: { maxReplicas: 4 } }),
      'spec: set either replicas or autoscaling, not both',
    ],
    [
      'minReplicas over maxReplicas (CEL)',
      (d: ReturnType<typeof base>) =>
        Object.assign(d.spec, { autoscaling: { minReplicas: 5, maxReplicas: 4 } }),
      'spec.autoscaling: minReplicas must not exceed maxReplicas',
    ],
    [
      'queue tagging without a cache (CEL)',
      (d: ReturnType<typeof base>) => Object.assign(d.spec, { tagging: { mode: 'queue' } }),
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
    ],
    [
      'both database kinds (CEL)',
      (d: ReturnType<typeof base>) => Object.assign(d.spec.database, { managed: true }),
      'spec.database: database: set exactly one of secretRef or managed: true',
    ],
    [
      'Standard-IA earlier than S3 allows',
      (d: ReturnType<typeof base>) =>
        Object.assign(d.spec.storage, { lifecycle: { transitionToInfrequentAccessDays: 7 } }),
      'spec.storage.lifecycle.transitionToInfrequentAccessDays: must be >= 30',
    ],
  ])('rejects %s with a clear message', (_what, mutate, message) => {
    const doc = base();
    mutate(doc);
    expect(validateManifest(doc).problems).toEqual([message]);
  });
});
