/**
 * Wire-format types of the Kubernetes objects the builders return, from `kubernetes-models`
 * (generated from the upstream OpenAPI; the same package validates the objects in tests).
 * Not the @kubernetes/client-node models: those rename fields (`_from`) and are not JSON.
 * Type-only imports: `kubernetes-models` is ESM, and nothing of it is loaded at run time.
 */
export type { IConfigMap as ConfigMap } from 'kubernetes-models/v1/ConfigMap' with {
  'resolution-mode': 'import',
};
export type { ISecret as Secret } from 'kubernetes-models/v1/Secret' with { 'resolution-mode': 'import' };
export type { IService as Service } from 'kubernetes-models/v1/Service' with { 'resolution-mode': 'import' };
export type { IServiceAccount as ServiceAccount } from 'kubernetes-models/v1/ServiceAccount' with {
  'resolution-mode': 'import',
};
export type { IPodTemplateSpec as PodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec' with {
  'resolution-mode': 'import',
};
export type { IEnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar' with { 'resolution-mode': 'import' };
export type { IDeployment as Deployment } from 'kubernetes-models/apps/v1/Deployment' with {
  'resolution-mode': 'import',
};
export type { IHorizontalPodAutoscaler as HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler' with {
  'resolution-mode': 'import',
};
export type { IPodDisruptionBudget as PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget' with {
  'resolution-mode': 'import',
};
export type { IIngress as Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress' with {
  'resolution-mode': 'import',
};
export type { INetworkPolicy as NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy' with {
  'resolution-mode': 'import',
};
export type { INetworkPolicyPeer as NetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer' with {
  'resolution-mode': 'import',
};
export type { INetworkPolicyEgressRule as NetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule' with {
  'resolution-mode': 'import',
};
export type { ICustomResourceDefinition as CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition' with {
  'resolution-mode': 'import',
};
