import { parseRequestPath } from './parseRequestPath';

describe('parseRequestPath', () => {
  test.each([
    ['/api', { kind: 'coreVersions' }],
    ['/apis', { kind: 'groupList' }],
    ['/apis/apps', { kind: 'group', group: 'apps' }],
    ['/apis/apps/v1', { kind: 'resourceList', group: 'apps', version: 'v1' }],
    [
      '/api/v1/namespaces',
      { kind: 'resource', group: '', version: 'v1', plural: 'namespaces', watchPrefix: false },
    ],
    [
      '/api/v1/namespaces/ns',
      { kind: 'resource', group: '', version: 'v1', plural: 'namespaces', name: 'ns', watchPrefix: false },
    ],
    [
      '/api/v1/namespaces/ns/status',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'namespaces',
        name: 'ns',
        subresource: 'status',
        watchPrefix: false,
      },
    ],
    [
      '/api/v1/namespaces/ns/pods',
      { kind: 'resource', group: '', version: 'v1', plural: 'pods', namespace: 'ns', watchPrefix: false },
    ],
    [
      '/apis/apps/v1/namespaces/ns/deployments/d/status',
      {
        kind: 'resource',
        group: 'apps',
        version: 'v1',
        plural: 'deployments',
        namespace: 'ns',
        name: 'd',
        subresource: 'status',
        watchPrefix: false,
      },
    ],
    [
      '/api/v1/watch/namespaces/ns/configmaps',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        plural: 'configmaps',
        namespace: 'ns',
        watchPrefix: true,
      },
    ],
    [
      '/apis/apps/v1/deployments',
      { kind: 'resource', group: 'apps', version: 'v1', plural: 'deployments', watchPrefix: false },
    ],
    ['/apis/apps/v1/namespaces/ns/deployments/d/status/extra', { kind: 'unknown' }],
    ['/nothing', { kind: 'unknown' }],
  ])('%s', (path, expected) => {
    expect(parseRequestPath(path)).toEqual(expected);
  });
});
