import type { JsonSchema } from './schema';

/**
 * Fills in schema defaults the way the API server does for structural schemas: a default applies
 * when the property is absent, then defaulting recurses into the (possibly defaulted) value.
 * Returns a new value; the input is not modified. Used by `render`, which has no API server.
 */
export function applyDefaults<T>(schema: JsonSchema, value: T): T {
  return fill(schema, structuredClone(value)) as T;
}

function fill(schema: JsonSchema, value: unknown): unknown {
  if (schema.type === 'object' && isObject(value) && schema.properties) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
      if (value[key] !== undefined) value[key] = fill(sub, value[key]);
    }
  } else if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.map((v: unknown) => fill(items, v));
  }
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
