export * from './types';
export { TaggingStack, type TaggingStackProps } from './TaggingStack';
export { LAMBDA_TAGGERS, TaggingFunction, type TaggingFunctionProps } from './TaggingFunction';
export { SharpLayer, type SharpLayerProps } from './SharpLayer';
export { resolveTaggingEntry } from './resolveTaggingEntry';
export { collectPackages, findInstalled } from './collectPackages';
export { taggerRuntimeFiles } from './taggerRuntimeFiles';
