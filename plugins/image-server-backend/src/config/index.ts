export {
  readImageServerConfig,
  ImageServerConfigError,
  DEFAULT_MAX_UPLOAD_BYTES,
} from './readImageServerConfig';
export type { ImageServerConfig, ClusterConfig, ClusterAuth, StaticServerConfig } from './types';
