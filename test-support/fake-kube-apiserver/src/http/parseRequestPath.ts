/** What a URL path addresses. */
export type RequestTarget =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'coreVersions' }
  | { kind: 'groupList' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** Legacy `/watch/` path prefix. */
      watchPrefix: boolean;
    }
  | { kind: 'unknown' };

const namespaceSubresources = new Set(['status', 'finalize']);

/** Parses `/api/v1/namespaces/ns/pods/name/status` and friends. */
export function parseRequestPath(pathname: string): RequestTarget {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'version' && parts.length === 1) return { kind: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(parts[0] ?? '')) return { kind: 'health' };
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'coreVersions' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'groupList' };
    if (parts.length === 2) return { kind: 'group', group: parts[1]! };
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'resourceList', group, version };
  const watchPrefix = rest[0] === 'watch';
  if (watchPrefix) rest = rest.slice(1);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresources.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (!plural || extra.length > 0) return { kind: 'unknown' };
  return {
    kind: 'resource',
    group,
    version,
    plural,
    watchPrefix,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}
