import type { Entity } from '@backstage/catalog-model';
import type { ServerRef } from '../../api';

/** Annotation naming the entity's image server; required for the entity tab and card. */
export const IMAGE_SERVER_NAME_ANNOTATION = 'imageserver.dev/name';
/** Annotation naming the cluster of that server; without it the server is a static one. */
export const IMAGE_SERVER_CLUSTER_ANNOTATION = 'imageserver.dev/cluster';
/** Annotation naming the server's namespace; defaults to `default`. */
export const IMAGE_SERVER_NAMESPACE_ANNOTATION = 'imageserver.dev/namespace';

/** The server an entity points at, or undefined when it carries no name annotation. */
export function serverRefOfEntity(entity: Entity): ServerRef | undefined {
  const a = entity.metadata.annotations ?? {};
  const name = a[IMAGE_SERVER_NAME_ANNOTATION]?.trim();
  if (!name) return undefined;
  return {
    cluster: a[IMAGE_SERVER_CLUSTER_ANNOTATION]?.trim() || 'static',
    namespace: a[IMAGE_SERVER_NAMESPACE_ANNOTATION]?.trim() || 'default',
    name,
  };
}

/** Whether the entity tab and card apply to an entity. */
export function isImageServerAvailable(entity: Entity): boolean {
  return serverRefOfEntity(entity) !== undefined;
}
