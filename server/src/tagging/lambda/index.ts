export { createLambdaHandler, fromEnvironment, handler } from './handler';
export { loadLambdaConfig, PLATFORM_VARIABLES, SINGLE_SERVER_VARIABLES } from './loadLambdaConfig';
export { managedDatabaseName } from './managedDatabaseName';
export { parseS3Event, originalSha256, type S3ObjectRef } from './parseS3Event';
export { parseServerKey } from './parseServerKey';
export { PlatformServers, type PlatformServersOptions, type ServerRef } from './PlatformServers';
export { readDatabaseSecret } from './readDatabaseSecret';
export { serverDatabaseUrl } from './serverDatabaseUrl';
export type * from './types';
