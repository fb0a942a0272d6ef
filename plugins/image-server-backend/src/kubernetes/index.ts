export { ClusterClient, type ServerChildren } from './ClusterClient';
export { buildKubeConfig } from './buildKubeConfig';
export { ClusterRequestError, classifyKubeError } from './errors';
