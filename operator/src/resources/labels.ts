import type { ImageServer } from '../crd/types';

export const MANAGED_BY = 'imageserver-operator';
/** Label every child carries; informers select on it so they cache only our objects. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** Hash of what the operator last wrote; a change means a field may have been removed. */
export const APPLIED_HASH_ANNOTATION = 'imageserver.dev/applied-hash';
/** Pod template annotation that rolls pods when settings or credentials change. */
export const CONFIG_HASH_ANNOTATION = 'imageserver.dev/config-hash';
/** Set on an ImageServer to rotate its generated keys; each new value rotates once. */
export const ROTATE_ANNOTATION = 'imageserver.dev/rotate-credentials';
/** On the credentials Secret: the rotation value the keys were generated for. */
export const ROTATED_FOR_ANNOTATION = 'imageserver.dev/rotated-for';
export const FINALIZER = 'imageserver.dev/finalizer';

export type Component = 'server' | 'worker';

/** Labels for the pods of one component; also the Deployment selector (so never change them). */
export function selectorLabels(server: ImageServer, component: Component = 'server'): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'imageserver',
    [INSTANCE_LABEL]: server.metadata.name,
    [COMPONENT_LABEL]: component,
  };
}

/** Labels of every child object. */
export function childLabels(server: ImageServer, component: Component = 'server'): Record<string, string> {
  return {
    ...selectorLabels(server, component),
    [MANAGED_BY_LABEL]: MANAGED_BY,
    'app.kubernetes.io/part-of': 'imageserver',
  };
}

/** Names of the children, in one place. */
export const names = {
  server: (s: ImageServer) => s.metadata.name,
  worker: (s: ImageServer) => `${s.metadata.name}-worker`,
  credentials: (s: ImageServer) => `${s.metadata.name}-credentials`,
};
