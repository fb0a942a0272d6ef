import { errors } from '../errors';
import type { KubeObject, ResourceDefinition, ResourceType } from '../types';

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: unknown };
  selectableFields?: { jsonPath?: string }[];
  schema?: { openAPIV3Schema?: unknown };
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[] };
  versions?: CrdVersion[];
}

/**
 * The kinds a CustomResourceDefinition asks the server to serve: one per served version, all sharing one
 * storage (no conversion: objects keep the apiVersion they were written with).
 * @throws KubeApiError 422 when the CRD lacks what the real server requires
 */
export function resourcesFromCrd(crd: KubeObject, crdType: ResourceType): ResourceDefinition[] {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const name = crd.metadata.name ?? '';
  const causes: { field: string; message: string }[] = [];
  const group = spec.group ?? '';
  const plural = spec.names?.plural ?? '';
  const kind = spec.names?.kind ?? '';
  if (!group) causes.push({ field: 'spec.group', message: 'Required value' });
  if (!plural) causes.push({ field: 'spec.names.plural', message: 'Required value' });
  if (!kind) causes.push({ field: 'spec.names.kind', message: 'Required value' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({ field: 'spec.scope', message: 'Unsupported value: must be "Namespaced" or "Cluster"' });
  }
  const versions = (spec.versions ?? []).filter((v) => v.served !== false && v.name);
  if (versions.length === 0)
    causes.push({ field: 'spec.versions', message: 'Required value: must have at least one served version' });
  if (group && plural && name !== `${plural}.${group}`) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`,
    });
  }
  if (causes.length) throw errors.invalid(crdType, name, causes);
  return versions.map((v) => ({
    group,
    version: v.name!,
    kind,
    plural,
    namespaced: spec.scope === 'Namespaced',
    hasStatus: v.subresources?.status !== undefined,
    ...(spec.names?.singular ? { singular: spec.names.singular } : {}),
    shortNames: spec.names?.shortNames ?? [],
    selectableFields: (v.selectableFields ?? [])
      .map((f) => (f.jsonPath ?? '').replace(/^\./, ''))
      .filter(Boolean),
    ...(v.schema?.openAPIV3Schema !== undefined ? { schema: v.schema.openAPIV3Schema } : {}),
  }));
}
