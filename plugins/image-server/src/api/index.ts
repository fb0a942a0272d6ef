export * from './types';
export { imageServerApiRef } from './ImageServerApi';
export type { ImageServerApi, ListImagesQuery, UploadRequest } from './ImageServerApi';
export { ImageServerApiError, parseProblem } from './ImageServerApiError';
export type { Problem } from './ImageServerApiError';
export { ImageServerClient } from './ImageServerClient';
