export {
  imageServerResourceRef,
  isImageServerOwner,
  imageServerRules,
  imageServerConditions,
  createImageServerConditionalDecision,
  type ImageServerQuery,
} from './rules';
