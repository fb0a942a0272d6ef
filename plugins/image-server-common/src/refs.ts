import type { ServerRef } from './api';

/** Cluster name of servers listed in `imageServer.static`. */
export const STATIC_CLUSTER = 'static';
/** Namespace of servers listed in `imageServer.static`. */
export const STATIC_NAMESPACE = 'default';

/** `cluster/namespace/name`: the permission resourceRef of a server. */
export function serverRefToString(ref: ServerRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.name}`;
}

/**
 * Parses `cluster/namespace/name`.
 *
 * @throws TypeError when the string does not have exactly three non-empty parts
 */
export function parseServerRef(value: string): ServerRef {
  const parts = value.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new TypeError(`Expected a server ref "cluster/namespace/name" but received "${value}"`);
  }
  const [cluster, namespace, name] = parts as [string, string, string];
  return { cluster, namespace, name };
}

/** The plugin-relative route of one server, e.g. `/servers/static/default/local`. */
export function serverPath(ref: ServerRef): string {
  return `/servers/${[ref.cluster, ref.namespace, ref.name].map(encodeURIComponent).join('/')}`;
}
