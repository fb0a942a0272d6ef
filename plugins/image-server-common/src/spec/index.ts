export { imageServerCrdSchema, imageServerSpecSchema, type CrdSchemaNode } from './crdSchema';
export { validateImageServerSpec } from './validateImageServerSpec';
export { validateServerName, validateNamespace, MAX_SERVER_NAME_LENGTH } from './names';
