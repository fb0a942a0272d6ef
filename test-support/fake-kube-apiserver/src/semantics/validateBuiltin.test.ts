import { validateBuiltin } from './validateBuiltin';
import type { KubeObject } from '../types';

const deployment = (
  selector: Record<string, string>,
  labels: Record<string, string>,
  image = 'nginx',
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    selector: { matchLabels: selector },
    template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } },
  },
});

describe('validateBuiltin', () => {
  test('a Deployment whose selector matches its template is valid', () => {
    expect(validateBuiltin(deployment({ app: 'a' }, { app: 'a', extra: 'x' }), undefined)).toEqual([]);
  });

  test('a selector that does not match the template labels, or a container without image, is refused', () => {
    expect(validateBuiltin(deployment({ app: 'a' }, { app: 'b' }, ''), undefined)).toEqual([
      {
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: `selector` does not match template `labels`',
      },
      { field: 'spec.template.spec.containers[0].image', message: 'Required value' },
    ]);
  });

  test('a Deployment selector cannot change', () => {
    const before = deployment({ app: 'a' }, { app: 'a', v: '2' });
    expect(validateBuiltin(deployment({ app: 'a', v: '2' }, { app: 'a', v: '2' }), before)).toEqual([
      { field: 'spec.selector', message: 'Invalid value: field is immutable' },
    ]);
  });

  test('an immutable ConfigMap keeps its data and stays immutable', () => {
    const before: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      immutable: true,
      data: { a: '1' },
    };
    expect(validateBuiltin({ ...before, metadata: { name: 'c', labels: { x: 'y' } } }, before)).toEqual([]);
    expect(validateBuiltin({ ...before, data: { a: '2' } }, before).map((p) => p.field)).toEqual(['data']);
    expect(validateBuiltin({ ...before, immutable: false }, before).map((p) => p.field)).toEqual([
      'immutable',
    ]);
  });
});
