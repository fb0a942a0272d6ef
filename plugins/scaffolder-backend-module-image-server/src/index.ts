/**
 * Scaffolder module with the `imageserver:create` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleImageServer as default } from './module';
export {
  createImageServerAction,
  serverPagePath,
  BackendImageServerProvisioner,
  type ImageServerProvisioner,
} from './actions';
