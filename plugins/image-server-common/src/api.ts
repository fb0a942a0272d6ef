/**
 * The REST contract of the image-server backend plugin (mounted at `/api/image-server`).
 * The frontend's client and the backend's router both use these types.
 */
import type { ImageServerSpec, ResourceCondition } from './resource';

/** Identifies one image server. Statically configured servers use cluster `static`, namespace `default`. */
export interface ServerRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** Where a server comes from: an ImageServer resource in a cluster, or `imageServer.static` config. */
export type ServerSource = 'kubernetes' | 'static';

/** Overall health, derived from conditions, the Deployment, the HPA and Events (or `/readyz` for static servers). */
export type ServerHealth = 'healthy' | 'progressing' | 'degraded' | 'unknown';

/** One image server in a list. */
export interface ImageServerSummary {
  ref: ServerRef;
  source: ServerSource;
  /** Owning entity ref, e.g. `group:default/team-a`. */
  owner?: string;
  /** The server's URL (status `url` for cluster servers). */
  url?: string;
  health: ServerHealth;
  /** Why the health is what it is, in words (e.g. the Ready condition's message). */
  healthReason?: string;
  replicas?: { ready: number; desired: number };
  /** RFC 3339 creation time. */
  createdAt?: string;
}

/** A cluster that could not be listed; the other clusters' servers are still returned. */
export interface ClusterError {
  cluster: string;
  errorType: 'UNREACHABLE' | 'FORBIDDEN' | 'NOT_CONFIGURED' | 'FETCH_ERROR';
  message: string;
}

/** `GET /servers` */
export interface ListServersResponse {
  items: ImageServerSummary[];
  errors: ClusterError[];
  /** False when no Kubernetes cluster is configured: the portal shows how to connect one. */
  clustersConfigured: boolean;
}

/** A Kubernetes Event about the server or its children. */
export interface ServerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count?: number;
  lastTimestamp?: string;
}

/** `GET /servers/:cluster/:namespace/:name` */
export interface ImageServerDetails extends ImageServerSummary {
  spec?: ImageServerSpec;
  conditions: ResourceCondition[];
  deployment?: { ready: number; desired: number; updated: number; available: number };
  autoscaler?: {
    min: number;
    max: number;
    current: number;
    desired: number;
    targetCPUUtilization?: number;
    currentCPUUtilization?: number;
  };
  events: ServerEvent[];
  endpoints: { api?: string; cdn?: string };
}

/** `POST /servers` body. The owner defaults to the signed-in user's entity ref. */
export interface CreateServerRequest {
  cluster: string;
  namespace: string;
  name: string;
  spec: ImageServerSpec;
  /** One of the signed-in user's ownership entity refs; defaults to the user's own ref. */
  owner?: string;
}

/** A tag as the image server reports it. */
export interface ImageTag {
  name: string;
  source: string;
  confidence?: number;
}

/** An image as the image server's API returns it (see `server/openapi.json`); passed through unchanged. */
export interface Image {
  id: string;
  url: string;
  width: number;
  height: number;
  format: string;
  bytes: number;
  visibility: 'public' | 'private';
  tags: ImageTag[];
  tagging?: { status: string; [key: string]: unknown };
  moderation?: { [key: string]: unknown };
  createdAt: string;
  [key: string]: unknown;
}

/** `GET …/images` */
export interface ImageList {
  items: Image[];
  nextCursor: string | null;
}

/** `GET …/stats`: the server's `/v1/stats`, passed through. */
export interface ServerStats {
  images: number;
  storedBytes: number;
  uploadsLast24h: number;
  cacheHitRatio: number | null;
  [key: string]: unknown;
}

/** `GET …/metrics`: figures computed from the server's Prometheus text. */
export interface ServerMetrics {
  scrapedAt: string;
  requestsTotal: number;
  /** Requests per second since the previous scrape by this backend, when there was one. */
  requestRate?: number;
  p95LatencySeconds: number | null;
  uploadsTotal: number;
  cacheHitRatio: number | null;
  storedBytes: number;
  taggingQueueDepth: number | null;
}
