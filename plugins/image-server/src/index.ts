/**
 * Frontend plugin of the ImageServer portal: list, create, watch and delete image servers,
 * upload to them and browse their images.
 *
 * @packageDocumentation
 */
export {
  imageServerPlugin,
  ImageServersPage,
  EntityImageServerContent,
  EntityImageServerCard,
} from './plugin';
export {
  IMAGE_SERVER_CLUSTER_ANNOTATION,
  IMAGE_SERVER_NAME_ANNOTATION,
  IMAGE_SERVER_NAMESPACE_ANNOTATION,
  isImageServerAvailable,
  serverRefOfEntity,
} from './components/Entity/annotations';
export * from './api';
export { rootRouteRef, legacyRootRouteRef } from './routes';
