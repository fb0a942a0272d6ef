import {
  defaultFormValues,
  suggestedBucket,
  toCreateServerRequest,
  validateCreateServerForm,
} from './createServerForm';

const valid = { ...defaultFormValues('prod'), name: 'photos' };

describe('validateCreateServerForm', () => {
  it('accepts the defaults once a name is given', () => {
    expect(validateCreateServerForm(valid)).toEqual({});
  });

  it('reports every problem at once, by field', () => {
    const errors = validateCreateServerForm({
      ...valid,
      cluster: '',
      name: 'Photos_1',
      minReplicas: 'two',
      bucket: 'x',
    });
    expect(errors).toEqual({
      cluster: 'Cluster is required',
      name: 'Name must start with a lowercase letter and contain only lowercase letters, digits and "-"',
      minReplicas: 'Minimum replicas must be a whole number',
      bucket: 'Bucket must be 3 to 63 characters',
    });
  });

  it('leaves room for the operator suffixes in the name', () => {
    expect(validateCreateServerForm({ ...valid, name: 'a'.repeat(51) }).name).toBeUndefined();
    expect(validateCreateServerForm({ ...valid, name: 'a'.repeat(52) }).name).toBe(
      'Name must be at most 51 characters',
    );
  });

  it('requires min replicas not to exceed max replicas', () => {
    expect(validateCreateServerForm({ ...valid, minReplicas: '6', maxReplicas: '5' }).maxReplicas).toBe(
      'Maximum replicas must be at least the minimum',
    );
    expect(validateCreateServerForm({ ...valid, minReplicas: '5', maxReplicas: '5' })).toEqual({});
  });

  it('checks fixed replicas only when autoscaling is off', () => {
    expect(
      validateCreateServerForm({ ...valid, autoscaling: false, replicas: '101', minReplicas: 'x' }),
    ).toEqual({
      replicas: 'Replicas must be between 0 and 100',
    });
  });

  it('follows the lifecycle rules', () => {
    expect(
      validateCreateServerForm({ ...valid, intelligentTiering: true, transitionToInfrequentAccessDays: '30' })
        .intelligentTiering,
    ).toMatch(/excludes fixed transitions/);
    expect(
      validateCreateServerForm({
        ...valid,
        transitionToInfrequentAccessDays: '60',
        transitionToGlacierInstantRetrievalDays: '60',
      }).transitionToGlacierInstantRetrievalDays,
    ).toBe('Glacier Instant Retrieval must come later than Infrequent Access');
    expect(
      validateCreateServerForm({
        ...valid,
        transitionToInfrequentAccessDays: '60',
        transitionToGlacierInstantRetrievalDays: '90',
      }),
    ).toEqual({});
  });

  it('asks for a cache Secret when tagging uses the queue', () => {
    expect(validateCreateServerForm({ ...valid, taggingMode: 'queue' }).cacheSecretName).toMatch(
      /needs a cache/,
    );
    expect(validateCreateServerForm({ ...valid, taggingMode: 'queue', cacheSecretName: 'redis' })).toEqual(
      {},
    );
  });
});

describe('toCreateServerRequest', () => {
  it('builds the spec the CRD expects', () => {
    const request = toCreateServerRequest({
      ...valid,
      size: 'medium',
      taggingMode: 'queue',
      cacheSecretName: 'redis',
      transitionToInfrequentAccessDays: '30',
      expireVariantsDays: '7',
      defaultVisibility: 'private',
    });
    expect(request).toEqual({
      cluster: 'prod',
      namespace: 'default',
      name: 'photos',
      spec: {
        image: 'ghcr.io/imageserver/server:latest',
        resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '2Gi' } },
        autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilization: 70 },
        storage: {
          bucket: 'imageserver-default-photos',
          deletionPolicy: 'Retain',
          lifecycle: { transitionToInfrequentAccessDays: 30, expireVariantsDays: 7 },
        },
        database: { managed: true },
        cache: { secretRef: { name: 'redis' } },
        tagging: { mode: 'queue' },
        defaultVisibility: 'private',
      },
    });
  });

  it('uses fixed replicas without autoscaling and no lifecycle when none is set', () => {
    const { spec } = toCreateServerRequest({ ...valid, autoscaling: false, replicas: '3' });
    expect(spec.replicas).toBe(3);
    expect(spec.autoscaling).toBeUndefined();
    expect(spec.storage.lifecycle).toBeUndefined();
  });

  it('suggests a bucket that fits the CRD length', () => {
    expect(suggestedBucket('team', 'a'.repeat(60))).toHaveLength(63);
  });
});

describe('the whole-spec check from the common package', () => {
  it('passes every spec the form builds from valid input', () => {
    for (const over of [
      {},
      { autoscaling: false },
      { taggingMode: 'lambda' as const },
      { taggingMode: 'queue' as const, cacheSecretName: 'redis' },
    ]) {
      expect(validateCreateServerForm({ ...valid, ...over })).toEqual({});
    }
  });
});
