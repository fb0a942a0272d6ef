/**
 * Shared types and helpers of the image-server portal plugins: the REST contract of the backend,
 * the ImageServer resource, its validation against the CRD schema, and the permissions.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './resource';
export * from './refs';
export * from './permissions';
export * from './spec';
