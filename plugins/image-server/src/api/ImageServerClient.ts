import type { DiscoveryApi, FetchApi, IdentityApi } from '@backstage/frontend-plugin-api';
import { serverPath } from '@imageserver/plugin-image-server-common';
import type { ImageServerApi, ListImagesQuery, UploadRequest } from './ImageServerApi';
import { ImageServerApiError, parseProblem } from './ImageServerApiError';
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

/**
 * {@link ImageServerApi} over the portal backend's REST API.
 *
 * Uploads go through XMLHttpRequest because fetch cannot report upload progress; they carry
 * the same Backstage token that fetchApi would add, taken from the identity API.
 *
 * @public
 */
export class ImageServerClient implements ImageServerApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly identityApi: Pick<IdentityApi, 'getCredentials'>;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    identityApi: Pick<IdentityApi, 'getCredentials'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.identityApi = options.identityApi;
  }

  listServers(): Promise<ListServersResponse> {
    return this.json('/servers');
  }

  getServer(ref: ServerRef): Promise<ImageServerDetails> {
    return this.json(serverPath(ref));
  }

  createServer(request: CreateServerRequest): Promise<ImageServerSummary> {
    return this.json('/servers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async deleteServer(ref: ServerRef): Promise<void> {
    await this.request(serverPath(ref), { method: 'DELETE' });
  }

  listImages(ref: ServerRef, query: ListImagesQuery = {}): Promise<ImagePage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    return this.json(`${serverPath(ref)}/images${qs ? `?${qs}` : ''}`);
  }

  getImage(ref: ServerRef, id: string): Promise<Image> {
    return this.json(`${serverPath(ref)}/images/${encodeURIComponent(id)}`);
  }

  async deleteImage(ref: ServerRef, id: string): Promise<void> {
    await this.request(`${serverPath(ref)}/images/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  async getImageContent(ref: ServerRef, id: string, variant?: string): Promise<Blob> {
    const query = variant ? `?variant=${encodeURIComponent(variant)}` : '';
    const res = await this.request(`${serverPath(ref)}/images/${encodeURIComponent(id)}/content${query}`);
    return res.blob();
  }

  getStats(ref: ServerRef): Promise<ServerStats> {
    return this.json(`${serverPath(ref)}/stats`);
  }

  getMetrics(ref: ServerRef): Promise<MetricsSnapshot> {
    return this.json(`${serverPath(ref)}/metrics`);
  }

  async uploadImage(ref: ServerRef, upload: UploadRequest): Promise<Image> {
    const url = `${await this.baseUrl()}${serverPath(ref)}/images`;
    const { token } = await this.identityApi.getCredentials();
    const form = new FormData();
    if (upload.tags?.length) form.append('tags', upload.tags.join(','));
    if (upload.visibility) form.append('visibility', upload.visibility);
    // The file goes last so the server has read the options before the bytes arrive.
    form.append('file', upload.file, upload.file.name);

    return new Promise<Image>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) upload.onProgress?.(e.loaded / e.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          upload.onProgress?.(1);
          try {
            resolve(JSON.parse(xhr.responseText) as Image);
          } catch {
            reject(new ImageServerApiError(xhr.status, { title: 'Unreadable answer', code: 'BAD_RESPONSE' }));
          }
        } else {
          reject(new ImageServerApiError(xhr.status, parseProblem(xhr.status, xhr.responseText)));
        }
      };
      xhr.onerror = () =>
        reject(
          new ImageServerApiError(0, {
            title: 'Upload failed',
            detail: 'the portal backend could not be reached',
          }),
        );
      xhr.onabort = () => reject(new ImageServerApiError(0, { title: 'Upload cancelled', code: 'ABORTED' }));
      upload.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  }

  private async baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('image-server');
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const url = `${await this.baseUrl()}${path}`;
    let res: Response;
    try {
      res = await this.fetchApi.fetch(url, init);
    } catch (e) {
      throw new ImageServerApiError(0, {
        title: 'The portal backend could not be reached',
        detail: e instanceof Error ? e.message : String(e),
      });
    }
    if (!res.ok) throw new ImageServerApiError(res.status, parseProblem(res.status, await res.text()));
    return res;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.request(path, init);
    return (await res.json()) as T;
  }
}
