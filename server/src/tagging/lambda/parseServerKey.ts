import { TaggingError } from '../TaggingError';
import type { ServerObject } from './types';

/** A Kubernetes namespace (DNS-1123 label). */
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** An ImageServer name (DNS-1123 subdomain, as its ServiceAccount's). */
const NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
/** The server's own prefix (spec.storage.prefix, possibly empty), then the original's key. */
const ORIGINAL = /^((?:.*\/)?)originals\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/**
 * Locates an object of the shared bucket in the platform layout
 * `<root><namespace>/<name>/<storage prefix>originals/<xx>/<sha256>`, the S3_PREFIX the operator
 * gives each server followed by the server's own key. Keys of the same server that are not
 * originals (delivery copies, variants) come back as `other`.
 * @throws TaggingError INVALID_EVENT (not retryable) for a key outside the layout.
 * @example parseServerKey('servers/shop/catalog/originals/ab/ab…', 'servers/') // { kind: 'original', namespace: 'shop', name: 'catalog', storePrefix: 'servers/shop/catalog/', sha256: 'ab…' }
 */
export function parseServerKey(key: string, root: string): ServerObject {
  const outside = (why: string) =>
    new TaggingError('INVALID_EVENT', `Invalid S3 event: key ${JSON.stringify(key)} ${why}`, false);
  if (!key.startsWith(root)) throw outside(`is not under ${root}`);
  const [namespace = '', name = '', ...rest] = key.slice(root.length).split('/');
  if (rest.length === 0) throw outside(`is not under ${root}<namespace>/<name>/`);
  if (!NAMESPACE.test(namespace)) throw outside(`does not start with a namespace after ${root}`);
  if (!NAME.test(name)) throw outside(`does not name an ImageServer after ${root}${namespace}/`);
  const own = rest.join('/');
  const original = ORIGINAL.exec(own);
  if (!original) return { kind: 'other', namespace, name };
  return {
    kind: 'original',
    namespace,
    name,
    storePrefix: `${root}${namespace}/${name}/${original[1]}`,
    sha256: original[2]!,
  };
}
