export { DuplicateImageError } from './DuplicateImageError';
export { MAX_TAG_NAME_LENGTH, normalizeTagName } from './normalizeTagName';
export { openDatabase } from './openDatabase';
export { MAX_PAGE_SIZE } from './SequelizeImageRepository';
export type * from './types';
export { hammingDistance, MAX_SIMILAR_DISTANCE, SEARCHABLE_SOURCES } from './SequelizeTaggingRepository';
export { searchWords } from './SequelizeImageRepository';
