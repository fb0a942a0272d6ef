import type { ServerRef } from '../api';

/** Path of a server's pages relative to the plugin's root page. */
export function serverHref(ref: ServerRef): string {
  return [ref.cluster, ref.namespace, ref.name].map(encodeURIComponent).join('/');
}

/** Joins an absolute base (from useHref) and a relative path with exactly one slash. */
export function joinPath(base: string, rest: string): string {
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}
