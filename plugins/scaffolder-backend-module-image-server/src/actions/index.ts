export { createImageServerAction, serverPagePath, pruneEmpty } from './createImageServerAction';
export { BackendImageServerProvisioner, type ImageServerProvisioner } from './ImageServerProvisioner';
