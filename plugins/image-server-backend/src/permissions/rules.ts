import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { IMAGE_SERVER_RESOURCE_TYPE } from '@imageserver/plugin-image-server-common';
import { z } from 'zod';
import type { ImageServerPermissionResource } from '../servers';

/** Query form of the conditions; servers are filtered in memory, so it is only a description. */
export type ImageServerQuery = { owners: string[] };

/** The `image-server` permission resource type of this plugin. */
export const imageServerResourceRef = createPermissionResourceRef<
  ImageServerPermissionResource,
  ImageServerQuery
>().with({
  pluginId: 'image-server',
  resourceType: IMAGE_SERVER_RESOURCE_TYPE,
});

/**
 * Allows a server when its owner (the `imageserver.dev/owner` annotation, or `owner` of a static
 * server) is one of the claims, typically the user's ownership entity refs.
 */
export const isImageServerOwner = createPermissionRule({
  name: 'IS_IMAGE_SERVER_OWNER',
  description:
    'Allow image servers owned by one of the given entity refs (usually the user and their groups)',
  resourceRef: imageServerResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe("Entity refs, e.g. the user's ownershipEntityRefs"),
  }),
  apply: (resource, { claims }) =>
    resource.owner !== undefined &&
    claims.map((c) => c.toLocaleLowerCase('en-US')).includes(resource.owner.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({ owners: claims }),
});

/** Every rule of the image-server resource type. */
export const imageServerRules = { isImageServerOwner };

/**
 * For permission policies: `imageServerConditions.isImageServerOwner({ claims: user.info.ownershipEntityRefs })`
 * inside `createImageServerConditionalDecision(permission, ...)`.
 */
export const {
  conditions: imageServerConditions,
  createConditionalDecision: createImageServerConditionalDecision,
} = createConditionExports({ resourceRef: imageServerResourceRef, rules: imageServerRules });
