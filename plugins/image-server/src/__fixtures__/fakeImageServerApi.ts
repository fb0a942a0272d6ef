import type { ImageServerApi, ListImagesQuery, ServerRef } from '../api';
import type {
  Image,
  ImageServerDetails,
  ImageServerSummary,
  ListServersResponse,
  MetricsSnapshot,
  ServerStats,
} from '../api';

export const localRef = { cluster: 'static', namespace: 'default', name: 'local' };
export const prodRef = { cluster: 'prod', namespace: 'media', name: 'photos' };

export const localSummary: ImageServerSummary = {
  ref: localRef,
  source: 'static',
  url: 'http://localhost:7070',
  health: 'healthy',
  replicas: { ready: 1, desired: 1 },
};

export const prodSummary: ImageServerSummary = {
  ref: prodRef,
  source: 'kubernetes',
  owner: 'group:default/media',
  url: 'https://photos.example.com',
  health: 'degraded',
  healthReason: 'BucketUnavailable',
  replicas: { ready: 1, desired: 3 },
  createdAt: '2026-01-01T00:00:00Z',
};

export const prodDetails: ImageServerDetails = {
  ...prodSummary,
  spec: {
    image: 'ghcr.io/imageserver/server:1',
    storage: { bucket: 'photos', deletionPolicy: 'Retain' },
    database: { managed: true },
  },
  conditions: [
    {
      type: 'Ready',
      status: 'False',
      reason: 'BucketUnavailable',
      message: 'bucket photos: access denied',
      lastTransitionTime: '2026-01-01T00:05:00Z',
    },
    { type: 'DatabaseReady', status: 'True', reason: 'Provisioned', message: 'database photos ready' },
  ],
  deployment: { ready: 1, desired: 3, updated: 3, available: 1 },
  autoscaler: { min: 2, max: 5, current: 3, desired: 3, targetCPUUtilization: 70, currentCPUUtilization: 41 },
  events: [
    {
      type: 'Warning',
      reason: 'BucketAccessDenied',
      message: 'HeadBucket returned 403',
      count: 4,
      lastTimestamp: '2026-01-01T00:06:00Z',
    },
  ],
  endpoints: { api: 'https://photos.example.com', cdn: 'https://cdn.photos.example.com' },
};

export function image(id: string, tags: [string, string][] = [], extra: Partial<Image> = {}): Image {
  return {
    id,
    url: `http://localhost:7070/i/${id}`,
    width: 640,
    height: 480,
    format: 'jpeg',
    bytes: 12345,
    visibility: 'public',
    tags: tags.map(([name, source]) => ({ name, source, ...(source === 'user' ? {} : { confidence: 0.9 }) })),
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

export const stats: ServerStats = {
  images: 2,
  storedBytes: 2_500_000,
  uploadsLast24h: 2,
  cacheHitRatio: 0.75,
};

export function metrics(at: string, over: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    scrapedAt: at,
    requestsTotal: 10,
    p95LatencySeconds: 0.042,
    uploadsTotal: 2,
    cacheHitRatio: 0.75,
    storedBytes: 2_500_000,
    taggingQueueDepth: 1,
    ...over,
  };
}

export type FakeApi = jest.Mocked<ImageServerApi>;

/** An ImageServerApi whose every method is a jest mock with a sensible default answer. */
export function fakeImageServerApi(list: Partial<ListServersResponse> = {}): FakeApi {
  return {
    listServers: jest.fn(async () => ({
      items: [localSummary, prodSummary],
      errors: [],
      clustersConfigured: true,
      ...list,
    })),
    getServer: jest.fn(async (_ref: ServerRef) => prodDetails),
    createServer: jest.fn(async (req) => ({
      ...prodSummary,
      ref: { cluster: req.cluster, namespace: req.namespace, name: req.name },
      health: 'progressing' as const,
    })),
    deleteServer: jest.fn(async (_ref: ServerRef) => undefined),
    listImages: jest.fn(async (_ref: ServerRef, _query?: ListImagesQuery) => ({
      items: [
        image('img1', [
          ['cat', 'mobilenet'],
          ['garden', 'user'],
        ]),
        image('img2', [['dog', 'mobilenet']]),
      ],
      nextCursor: null as string | null,
    })),
    getImage: jest.fn(async (_ref, id) =>
      image(
        id,
        [
          ['cat', 'mobilenet'],
          ['garden', 'user'],
        ],
        { moderation: { status: 'flagged' }, tagging: { status: 'done' } },
      ),
    ),
    deleteImage: jest.fn(async (_ref: ServerRef, _id: string) => undefined),
    uploadImage: jest.fn(async (_ref, req) => {
      req.onProgress?.(0.5);
      req.onProgress?.(1);
      return image(`up-${req.file.name}`);
    }),
    getImageContent: jest.fn(
      async (_ref: ServerRef, _id: string, _variant?: string) => new Blob(['x'], { type: 'image/png' }),
    ),
    getStats: jest.fn(async (_ref: ServerRef) => stats),
    getMetrics: jest.fn(async (_ref: ServerRef) => metrics(new Date().toISOString())),
  };
}
