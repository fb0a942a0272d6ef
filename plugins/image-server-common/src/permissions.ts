import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of the image-server permissions; resourceRef is `cluster/namespace/name`. */
export const IMAGE_SERVER_RESOURCE_TYPE = 'image-server';

/** Create a new image server (not tied to an existing instance). */
export const imageServerCreatePermission = createPermission({
  name: 'image-server.create',
  attributes: { action: 'create' },
});

/** See a server, its images, health, statistics and metrics. */
export const imageServerReadPermission = createPermission({
  name: 'image-server.read',
  attributes: { action: 'read' },
  resourceType: IMAGE_SERVER_RESOURCE_TYPE,
});

/** Upload images to a server (and delete single images from it). */
export const imageServerUploadPermission = createPermission({
  name: 'image-server.upload',
  attributes: { action: 'update' },
  resourceType: IMAGE_SERVER_RESOURCE_TYPE,
});

/** Delete a server. */
export const imageServerDeletePermission = createPermission({
  name: 'image-server.delete',
  attributes: { action: 'delete' },
  resourceType: IMAGE_SERVER_RESOURCE_TYPE,
});

/** Every image-server permission, for registration. */
export const imageServerPermissions = [
  imageServerCreatePermission,
  imageServerReadPermission,
  imageServerUploadPermission,
  imageServerDeletePermission,
];
