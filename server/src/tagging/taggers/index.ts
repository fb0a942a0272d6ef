export { createBasicTagger } from './basicTagger';
export { createExifTagger } from './exifTagger';
export { createColourTagger, colourName, describeColours } from './colourTagger';
export { createHashesTagger, perceptualHash } from './hashesTagger';
export { createLabelsTagger, humanModelsDir, MIN_LABEL_SCORE } from './labelsTagger';
export { createModerationTagger, decideModeration } from './moderationTagger';
export { COCO_LABELS } from './cocoLabels';
