import { API_VERSION, KIND, PLURAL } from '../crd/types';

/** A kind the operator reads or writes, and how its URL is built. */
export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const table: ResourceType[] = [
  { apiVersion: API_VERSION, kind: KIND, plural: PLURAL, namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
  },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
];

/**
 * Looks up a kind. A static table rather than API discovery: the operator only ever touches these
 * kinds, and RBAC (config/rbac) lists exactly them.
 * @throws {Error} for a kind not in the table (a programming error).
 */
export function resourceType(apiVersion: string, kind: string): ResourceType {
  const found = table.find((r) => r.apiVersion === apiVersion && r.kind === kind);
  if (!found) throw new Error(`unknown kind ${apiVersion} ${kind}`);
  return found;
}

/** The kinds an ImageServer owns, in the order informers start. */
export const OWNED_KINDS: readonly ResourceType[] = table.filter((r) =>
  [
    'ServiceAccount',
    'Secret',
    'ConfigMap',
    'Service',
    'Deployment',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'Ingress',
    'NetworkPolicy',
  ].includes(r.kind),
);

/** URL path of a collection (no name) or of one object. */
export function resourcePath(
  type: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const root = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name ? `/${encodeURIComponent(name)}` : '';
  return `${root}${ns}/${type.plural}${item}${subresource && name ? `/${subresource}` : ''}`;
}
