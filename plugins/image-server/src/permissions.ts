import type { ServerRef } from './api';
import { serverRefToString } from '@imageserver/plugin-image-server-common';

export {
  imageServerCreatePermission,
  imageServerDeletePermission,
  imageServerReadPermission,
  imageServerUploadPermission,
} from '@imageserver/plugin-image-server-common';

/** The resourceRef of a server for its resource permissions (upload, delete, read). */
export function permissionResourceRef(ref: ServerRef): string {
  return serverRefToString(ref);
}
