import { encodePath, formatPath, fromFieldsV1, leafValues, removeAt, toFieldsV1 } from './fieldPaths';

describe('fieldPaths', () => {
  const object = {
    spec: {
      containers: [{ name: 'web', image: 'a', ports: [{ containerPort: 80 }] }],
      args: ['x'],
      resources: {},
    },
  };

  test('leaves cover scalars, atomic lists, empty maps and keyed items', () => {
    expect([...leafValues(object).keys()].map(formatPath)).toEqual([
      '.spec.containers[name="web"].name',
      '.spec.containers[name="web"].image',
      '.spec.containers[name="web"].ports[containerPort=80].containerPort',
      '.spec.args',
      '.spec.resources',
    ]);
  });

  test('fieldsV1 round-trips', () => {
    const paths = new Set(leafValues(object).keys());
    expect(fromFieldsV1(toFieldsV1(paths))).toEqual(paths);
  });

  test('removing a key field removes the whole item, and emptied parents go', () => {
    const copy = structuredClone(object) as Record<string, unknown>;
    removeAt(copy, encodePath(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:name']));
    expect(copy).toEqual({ spec: { args: ['x'], resources: {} } });
  });
});
