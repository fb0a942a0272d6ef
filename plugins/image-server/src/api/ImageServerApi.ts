import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CreateServerRequest,
  Image,
  ImagePage,
  ImageServerDetails,
  ImageServerSummary,
  ListServersResponse,
  MetricsSnapshot,
  ServerRef,
  ServerStats,
} from './types';

/** Query of one page of a server's images. @public */
export interface ListImagesQuery {
  limit?: number;
  cursor?: string;
  tag?: string;
  q?: string;
}

/** One file to upload, with what the user chose for it. @public */
export interface UploadRequest {
  file: File;
  tags?: string[];
  visibility?: 'public' | 'private';
  /** Called with the fraction of bytes sent, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * What the image-server frontend needs from the portal backend (plugin id `image-server`).
 *
 * Every method rejects with an {@link ImageServerApiError} carrying the backend's problem
 * details when the backend refuses.
 *
 * @public
 */
export interface ImageServerApi {
  listServers(): Promise<ListServersResponse>;
  getServer(ref: ServerRef): Promise<ImageServerDetails>;
  createServer(request: CreateServerRequest): Promise<ImageServerSummary>;
  deleteServer(ref: ServerRef): Promise<void>;
  listImages(ref: ServerRef, query?: ListImagesQuery): Promise<ImagePage>;
  getImage(ref: ServerRef, id: string): Promise<Image>;
  deleteImage(ref: ServerRef, id: string): Promise<void>;
  uploadImage(ref: ServerRef, request: UploadRequest): Promise<Image>;
  /** Bytes of an image, or of a variant (thumbnails use `p_thumb`); authenticated, so `<img>` gets an object URL. */
  getImageContent(ref: ServerRef, id: string, variant?: string): Promise<Blob>;
  getStats(ref: ServerRef): Promise<ServerStats>;
  getMetrics(ref: ServerRef): Promise<MetricsSnapshot>;
}

/** @public */
export const imageServerApiRef = createApiRef<ImageServerApi>({ id: 'plugin.image-server.api' });
