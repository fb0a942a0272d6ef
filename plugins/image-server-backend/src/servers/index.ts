export { ServerDirectory } from './ServerDirectory';
export { summarizeResource, detailResource } from './summarize';
export { buildImageServerResource } from './buildImageServerResource';
export type { ServerConnection, ImageServerPermissionResource } from './types';
export { provisionServer, type ProvisionDeps, type UncheckedCreateRequest } from './provisionServer';
