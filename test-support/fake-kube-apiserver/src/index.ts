export { buildKubeconfig } from './buildKubeconfig';
export { KubeApiError } from './errors';
export { FakeKubeApiServer } from './FakeKubeApiServer';
export type { PropagationPolicy } from './service';
export type {
  FailureRule,
  FakeKubeApiServerOptions,
  FieldsV1,
  KubeObject,
  KubeStatus,
  ManagedFieldsEntry,
  ObjectMeta,
  ObjectRef,
  OwnerReference,
  RequestRecord,
  ResourceDefinition,
  ResourceType,
  Verb,
} from './types';
