export { ObjectDeleter } from './ObjectDeleter';
export { ResourceService, type ResourceServiceOptions } from './ResourceService';
export { withApiVersion } from './withApiVersion';
export type {
  DeleteOptions,
  KubeList,
  ListOptions,
  PropagationPolicy,
  Subresource,
  WriteOptions,
} from './types';
