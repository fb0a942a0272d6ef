export { usePolling } from './usePolling';
export type { PollingState } from './usePolling';
export { useImageObjectUrl } from './useImageObjectUrl';
