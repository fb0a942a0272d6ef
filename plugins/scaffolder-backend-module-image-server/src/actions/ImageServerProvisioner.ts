import type { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CreateServerRequest, ImageServerSummary } from '@imageserver/plugin-image-server-common';

/** Creates image servers; the action depends on this, so tests can point it anywhere. */
export interface ImageServerProvisioner {
  create(request: CreateServerRequest, credentials: BackstageCredentials): Promise<ImageServerSummary>;
}

/**
 * Creates servers through the image-server backend plugin's `POST /servers`, on behalf of the
 * user who started the task, so its permission check and owner rules apply to templates too.
 */
export class BackendImageServerProvisioner implements ImageServerProvisioner {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async create(request: CreateServerRequest, credentials: BackstageCredentials): Promise<ImageServerSummary> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'image-server',
    });
    const baseUrl = await this.discovery.getBaseUrl('image-server');
    const res = await fetch(`${baseUrl}/servers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as ImageServerSummary;
  }
}
