// The backend's REST contract lives in the common package; the frontend names a few of its
// types the way its views use them.
export type {
  ClusterError,
  CreateServerRequest,
  Image,
  ImageList as ImagePage,
  ImageServerDetails,
  ImageServerSpec,
  ImageServerSummary,
  ImageTag,
  ListServersResponse,
  ResourceCondition as ServerCondition,
  ServerEvent,
  ServerHealth,
  ServerMetrics as MetricsSnapshot,
  ServerRef,
  ServerStats,
} from '@imageserver/plugin-image-server-common';
