export { HealthStatus } from './HealthStatus';
export { ConfirmDialog } from './ConfirmDialog';
export { ConnectClusterEmptyState, connectClusterSnippet } from './ConnectClusterEmptyState';
