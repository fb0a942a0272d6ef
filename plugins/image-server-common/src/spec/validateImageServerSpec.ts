import { crossFieldProblems } from '@imageserver/image-server-spec';
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { ImageServerSpec } from '../resource';
import { imageServerSpecSchema, type CrdSchemaNode } from './crdSchema';

// strict: false lets ajv skip the x-kubernetes-* keywords; formats are left to the API server.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validateSchema = ajv.compile<ImageServerSpec>(imageServerSpecSchema);

function describe(error: ErrorObject): string {
  const path = `spec${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'required') return `${path}.${String(error.params.missingProperty)}: is required`;
  if (error.keyword === 'enum') {
    return `${path}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${path}: ${error.message ?? 'is invalid'}`;
}

/** Fields the schema does not know: the API server would silently prune them, so say so instead. */
function unknownFields(schema: CrdSchemaNode, value: unknown, path: string): string[] {
  if (Array.isArray(value) && schema.items) {
    return value.flatMap((v, i) => unknownFields(schema.items!, v, `${path}[${i}]`));
  }
  if (typeof value !== 'object' || value === null || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const sub = schema.properties![key];
    return sub ? unknownFields(sub, v, `${path}.${key}`) : [`${path}.${key}: is not a known field`];
  });
}

/**
 * Checks an ImageServer spec against the CRD's schema and its CEL rules, so that bad input is
 * refused by the portal with every problem named, before anything is written to a cluster.
 *
 * @returns every problem, each prefixed with its field path; empty when the spec is valid
 * @example validateImageServerSpec({ image: 'x' }) // => ['spec.storage: is required', 'spec.database: is required']
 */
export function validateImageServerSpec(spec: unknown): string[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return ['spec: must be an object'];
  const unknown = unknownFields(imageServerSpecSchema, spec, 'spec');
  if (!validateSchema(spec)) return [...unknown, ...(validateSchema.errors ?? []).map(describe)];
  // The CRD's CEL rules, which JSON Schema cannot express (shared with the operator).
  return [...unknown, ...crossFieldProblems(spec)];
}
