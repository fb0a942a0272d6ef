import type { ImageServerSpec } from './types';
import { validateSpec } from './validate';

const spec = (extra: Partial<ImageServerSpec> = {}): ImageServerSpec => ({
  image: 'img:1',
  storage: { bucket: 'b-1' },
  database: { managed: true },
  ...extra,
});

describe('validateSpec', () => {
  it('accepts a valid spec', () => {
    expect(validateSpec(spec({ autoscaling: { minReplicas: 2, maxReplicas: 2 } }))).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(
      validateSpec(
        spec({
          replicas: 2,
          autoscaling: { minReplicas: 3, maxReplicas: 2 },
          tagging: { mode: 'queue' },
          storage: {
            bucket: 'b-1',
            lifecycle: {
              intelligentTiering: true,
              transitionToInfrequentAccessDays: 30,
              transitionToGlacierInstantRetrievalDays: 30,
            },
          },
          database: {},
        }),
      ),
    ).toEqual([
      'spec: set either replicas or autoscaling, not both',
      'spec.autoscaling: minReplicas must not exceed maxReplicas',
      'spec: tagging mode queue needs a cache: the queue lives in Redis',
      'spec.storage: lifecycle: intelligentTiering excludes fixed transitions',
      'spec.storage: lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
      'spec.database: database: set exactly one of secretRef or managed: true',
    ]);
  });

  it('keeps the bucket immutable once reconciled', () => {
    expect(validateSpec(spec(), { storage: { bucket: 'b-1' } })).toEqual([]);
    expect(validateSpec(spec(), { storage: { bucket: 'other' } })).toEqual([
      'spec.storage.bucket: bucket is immutable',
    ]);
  });
});
