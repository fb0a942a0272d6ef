/**
 * The operator's permissions: exactly the verbs on exactly the resources it uses. The
 * integration tests compare this with the requests the operator really makes against the fake
 * API server, both ways (nothing missing, nothing unused).
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const childVerbs = ['list', 'watch', 'create', 'update'];

/** Cluster-wide (ImageServers live in any namespace). */
export const clusterRules: PolicyRule[] = [
  { apiGroups: ['imageserver.dev'], resources: ['imageservers'], verbs: ['list', 'watch', 'patch'] },
  { apiGroups: ['imageserver.dev'], resources: ['imageservers/status'], verbs: ['patch'] },
  // get: referenced Secrets (database and Redis URLs) and the managed-database admin Secret.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', ...childVerbs] },
  { apiGroups: [''], resources: ['configmaps', 'serviceaccounts', 'services'], verbs: childVerbs },
  { apiGroups: [''], resources: ['events'], verbs: ['create'] },
  // Worker Deployments, HPAs and Ingresses come and go with the spec.
  { apiGroups: ['apps'], resources: ['deployments'], verbs: [...childVerbs, 'delete'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: [...childVerbs, 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: [...childVerbs, 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: childVerbs },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: childVerbs },
];

/** In the operator's namespace only. */
export const leaderElectionRules: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
];
