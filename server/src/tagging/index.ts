export type * from './types';
export { TAGGER_NAMES } from './types';
export { TaggingError, type TaggingErrorCode } from './TaggingError';
export { parseTaggingJob } from './parseTaggingJob';
export { createTaggers } from './createTaggers';
export { createTagging, type CreateTaggingDeps } from './createTagging';
export { TaggingRunner, type Attempt, type RunReport, type TaggingRunnerDeps } from './TaggingRunner';
export { TaggingService, toView, type TaggingView } from './TaggingService';
