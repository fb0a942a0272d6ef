import { specChanged } from './specChanged';
import type { KubeObject } from '../types';

const base: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { a: '1' } },
  spec: { replicas: 1 },
  status: { ready: 0 },
};
const withChange = (patch: Partial<KubeObject>): KubeObject => ({ ...structuredClone(base), ...patch });

describe('specChanged', () => {
  test('metadata changes do not count', () => {
    expect(
      specChanged(
        base,
        withChange({ metadata: { name: 'd', labels: { a: '2' }, annotations: { x: 'y' } } }),
        true,
      ),
    ).toBe(false);
  });

  test('spec changes count', () => {
    expect(specChanged(base, withChange({ spec: { replicas: 2 } }), true)).toBe(true);
  });

  test('status counts only for kinds without a status subresource', () => {
    const statusOnly = withChange({ status: { ready: 1 } });
    expect(specChanged(base, statusOnly, true)).toBe(false);
    expect(specChanged(base, statusOnly, false)).toBe(true);
  });

  test('setting deletionTimestamp counts', () => {
    expect(
      specChanged(
        base,
        withChange({ metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }),
        true,
      ),
    ).toBe(true);
  });
});
