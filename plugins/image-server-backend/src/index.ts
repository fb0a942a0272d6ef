/**
 * The image-server backend plugin and what permission policies need from it.
 *
 * @packageDocumentation
 */
export { imageServerPlugin as default } from './plugin';
export {
  imageServerResourceRef,
  isImageServerOwner,
  imageServerConditions,
  createImageServerConditionalDecision,
  type ImageServerQuery,
} from './permissions';
export type { ImageServerPermissionResource } from './servers';
