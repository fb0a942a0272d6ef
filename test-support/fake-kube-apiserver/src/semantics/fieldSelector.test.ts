import { parseFieldSelector } from './fieldSelector';
import type { KubeObject } from '../types';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns' },
  status: { phase: 'Running' },
};

describe('parseFieldSelector', () => {
  test("matches metadata fields and the kind's selectable fields", () => {
    expect(parseFieldSelector('metadata.name=p,metadata.namespace=ns', [])(pod)).toBe(true);
    expect(parseFieldSelector('metadata.name!=p', [])(pod)).toBe(false);
    expect(parseFieldSelector('status.phase==Running', ['status.phase'])(pod)).toBe(true);
  });

  test('refuses fields the kind does not offer, like the real server', () => {
    expect(() => parseFieldSelector('status.phase=Running', [])).toThrow(
      'field label not supported: status.phase',
    );
    expect(() => parseFieldSelector('metadata.name', [])).toThrow("can't understand 'metadata.name'");
  });
});
