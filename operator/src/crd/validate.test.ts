import type { ImageServerSpec } from './types';
import { validateSpec } from './validate';

// The rules themselves are tested in @imageserver/image-server-spec; this checks the wiring.
const spec = (extra: Partial<ImageServerSpec> = {}): ImageServerSpec => ({
  image: 'img:1',
  storage: { bucket: 'b-1' },
  database: { managed: true },
  ...extra,
});

describe('validateSpec', () => {
  it("checks the CRD's cross-field rules", () => {
    expect(validateSpec(spec({ autoscaling: { minReplicas: 2, maxReplicas: 2 } }))).toEqual([]);
    expect(validateSpec(spec({ replicas: 2, autoscaling: { minReplicas: 3, maxReplicas: 2 } }))).toEqual([
      'spec: set either replicas or autoscaling, not both',
      'spec.autoscaling: minReplicas must not exceed maxReplicas',
    ]);
  });

  it('keeps the bucket immutable once reconciled', () => {
    expect(validateSpec(spec(), { storage: { bucket: 'b-1' } })).toEqual([]);
    expect(validateSpec(spec(), { storage: { bucket: 'other' } })).toEqual([
      'spec.storage.bucket: bucket is immutable',
    ]);
  });
});
