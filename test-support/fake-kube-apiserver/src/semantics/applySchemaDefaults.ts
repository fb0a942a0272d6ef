import { isObject } from './json';

/** The parts of an OpenAPI v3 (structural) schema that defaulting reads. */
export interface DefaultingSchema {
  default?: unknown;
  properties?: Record<string, DefaultingSchema>;
  additionalProperties?: DefaultingSchema | boolean;
  items?: DefaultingSchema;
}

/**
 * Applies `default` values from a CRD's structural schema, as the real server does on every write:
 * an absent property with a default gets it, then defaulting goes on inside every present object and
 * array item (including values just defaulted). `metadata` is left alone. Mutates `value`.
 */
export function applySchemaDefaults(value: unknown, schema: DefaultingSchema | undefined, root = true): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applySchemaDefaults(item, schema.items, false);
    return;
  }
  if (!isObject(value)) return;
  const properties = schema.properties ?? {};
  for (const [key, sub] of Object.entries(properties)) {
    if (root && key === 'metadata') continue;
    if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
    if (value[key] !== undefined) applySchemaDefaults(value[key], sub, false);
  }
  if (isObject(schema.additionalProperties)) {
    for (const key of Object.keys(value)) {
      if (!(key in properties)) applySchemaDefaults(value[key], schema.additionalProperties, false);
    }
  }
}
