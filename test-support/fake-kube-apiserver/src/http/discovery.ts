import type { ResourceType } from '../types';

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** One entry of `/apis`, or the body of `/apis/<group>`. */
export function apiGroup(group: string, types: ResourceType[]): unknown {
  const versions = [...new Set(types.filter((t) => t.group === group).map((t) => t.version))].map((v) => ({
    groupVersion: `${group}/${v}`,
    version: v,
  }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0] };
}

/** `/apis`: every named group. */
export function apiGroupList(types: ResourceType[]): unknown {
  const groups = [...new Set(types.map((t) => t.group).filter(Boolean))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g, types)) };
}

/** `/api/v1`, `/apis/<group>/<version>`: the resources served, with their status subresources. */
export function apiResourceList(group: string, version: string, types: ResourceType[]): unknown {
  const served = types.filter((t) => t.group === group && t.version === version);
  const resources = served.flatMap((t) => {
    const main = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    };
    const status = {
      name: `${t.plural}/status`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'patch', 'update'],
    };
    return t.hasStatus ? [main, status] : [main];
  });
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

/** `/version`. */
export function versionInfo(): unknown {
  return {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.0-fake',
    gitCommit: 'fake',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.24',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
