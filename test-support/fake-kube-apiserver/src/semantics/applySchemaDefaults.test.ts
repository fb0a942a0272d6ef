import { applySchemaDefaults, type DefaultingSchema } from './applySchemaDefaults';

const schema: DefaultingSchema = {
  properties: {
    metadata: { properties: { name: { default: 'never' } } },
    spec: {
      default: {},
      properties: {
        replicas: { default: 1 },
        image: { properties: { tag: { default: 'latest' } } },
        ports: { items: { properties: { protocol: { default: 'TCP' } } } },
        limits: { additionalProperties: { properties: { burst: { default: 2 } } } },
      },
    },
  },
};

describe('applySchemaDefaults', () => {
  test('defaults absent fields, inside defaulted objects too, but not metadata', () => {
    const object: Record<string, unknown> = { metadata: {} };
    applySchemaDefaults(object, schema);
    expect(object).toEqual({ metadata: {}, spec: { replicas: 1 } });
  });

  test('keeps values that are set and defaults inside present objects, array items and maps', () => {
    const object = { spec: { replicas: 3, image: {}, ports: [{ port: 80 }], limits: { a: {} } } };
    applySchemaDefaults(object, schema);
    expect(object).toEqual({
      spec: {
        replicas: 3,
        image: { tag: 'latest' },
        ports: [{ port: 80, protocol: 'TCP' }],
        limits: { a: { burst: 2 } },
      },
    });
  });
});
