export { buildApp, type BuildAppOptions } from './buildApp';
export { createApp, ENVIRONMENT_CONTEXT_KEY } from './createApp';
export { PlatformStack, type PlatformStackProps } from './PlatformStack';
export { REPO_ROOT, INFRA_ROOT } from './paths';
export type { PlatformStacks } from './types';
