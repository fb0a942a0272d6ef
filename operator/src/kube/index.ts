export {
  KubeApiError,
  KubeClient,
  pluralOf,
  type KubeList,
  type ObjectRef,
  type RequestObserver,
} from './KubeClient';
export { OWNED_KINDS, resourcePath, resourceType, type ResourceType } from './resourceTypes';
