export { ImageService, newImageId, type ImageServiceDeps, type IngestResult } from './ImageService';
export { ApiKeyService, type CreatedApiKey } from './ApiKeyService';
export { imageCodec, apiKeyCodec } from './codecs';
export * from './blobKeys';
