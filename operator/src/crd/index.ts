export * from './types';
export { buildCrd } from './crd';
export { applyDefaults } from './defaults';
export { imageServerSchema, specSchema, statusSchema, type JsonSchema } from './schema';
export { validateSpec } from './validate';
export { validateManifest } from './validateManifest';
