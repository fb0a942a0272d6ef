import Ajv, { type ValidateFunction } from 'ajv';
import { applyDefaults } from './defaults';
import { imageServerSchema } from './schema';
import { API_VERSION, KIND, type ImageServer } from './types';
import { validateSpec } from './validate';

let compiled: ValidateFunction | undefined;

/** An ajv validator for the CRD's openAPIV3Schema (Kubernetes extensions are annotations to ajv). */
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
    for (const keyword of [
      'x-kubernetes-validations',
      'x-kubernetes-int-or-string',
      'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-preserve-unknown-fields',
    ]) {
      ajv.addKeyword(keyword);
    }
    ajv.addFormat('date-time', true);
    compiled = ajv.compile(imageServerSchema);
  }
  return compiled;
}

/**
 * Checks one ImageServer manifest the way the API server would on `kubectl apply`: the CRD's
 * structural schema (ajv), its defaults, then the CEL rules (as `validateSpec`). Unknown fields
 * are reported too, where the API server would prune them silently.
 * @returns the defaulted ImageServer, and every problem (empty when valid)
 */
export function validateManifest(doc: unknown): { server: ImageServer; problems: string[] } {
  const problems: string[] = [];
  const obj = (doc ?? {}) as Partial<ImageServer>;
  if (obj.apiVersion !== API_VERSION || obj.kind !== KIND) {
    problems.push(
      `expected apiVersion ${API_VERSION} and kind ${KIND} but received ${String(obj.apiVersion)} ${String(obj.kind)}`,
    );
  }
  if (!obj.metadata?.name) problems.push('metadata.name: required');
  const validate = schemaValidator();
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
      problems.push(
        `${path}: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
      );
    }
  }
  problems.push(...unknownFields(imageServerSchema, doc, ''));
  const server = applyDefaults(imageServerSchema, obj) as ImageServer;
  if (!problems.length) problems.push(...validateSpec(server.spec));
  return { server, problems };
}

function unknownFields(schema: typeof imageServerSchema, value: unknown, path: string): string[] {
  if (
    schema.type !== 'object' ||
    !schema.properties ||
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value)
  )
    return [];
  if (path === 'metadata') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = schema.properties![k];
    const at = path ? `${path}.${k}` : k;
    if (!sub) return [`${at}: unknown field`];
    return unknownFields(sub, v, at);
  });
}
