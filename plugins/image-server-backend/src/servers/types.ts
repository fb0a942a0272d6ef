import type { ServerRef } from '@imageserver/plugin-image-server-common';

/** How to talk to one image server's API. */
export interface ServerConnection {
  ref: ServerRef;
  /** Base URL without a trailing slash. */
  url: string;
  adminKey?: string;
  /** The server's upload limit; the proxy refuses larger uploads before sending a byte. */
  maxUploadBytes: number;
}

/** What permission rules see of a server. */
export interface ImageServerPermissionResource {
  ref: ServerRef;
  owner?: string;
}
