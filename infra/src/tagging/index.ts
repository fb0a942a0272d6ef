export * from './types';
export { TaggingStack, type TaggingStackProps } from './TaggingStack';
export { TaggingFunction, type TaggingFunctionProps } from './TaggingFunction';
export { SharpLayer, type SharpLayerProps } from './SharpLayer';
export { resolveTaggingEntry, STAND_IN_ENTRY } from './resolveTaggingEntry';
export { collectPackages } from './collectPackages';
