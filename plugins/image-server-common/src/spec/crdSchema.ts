import crd from '../generated/imageServerCrd.json';

/** A JSON Schema node of the CRD (structural OpenAPI v3 with Kubernetes extensions). */
export interface CrdSchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, CrdSchemaNode>;
  items?: CrdSchemaNode;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  'x-kubernetes-validations'?: { rule: string; message: string }[];
  [key: string]: unknown;
}

/**
 * The ImageServer CRD's `openAPIV3Schema`, copied from `operator/config/crd/` by
 * `scripts/generate-crd-schema.mjs` (a test fails when the copy is stale).
 */
export const imageServerCrdSchema = crd.openAPIV3Schema as CrdSchemaNode;

/** The schema of `spec` alone. */
export const imageServerSpecSchema = imageServerCrdSchema.properties!.spec as CrdSchemaNode;
