import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { imageServerApiRef } from '../api';
import type { FakeApi } from './fakeImageServerApi';

/**
 * Renders an element in a test app with the fake API and a permission answer. usePermission
 * caches answers in SWR's global cache, so each render gets a fresh cache.
 */
export function renderWithApi(
  element: ReactElement,
  options: {
    api: FakeApi;
    allowed?: boolean | ((permissionName: string) => boolean);
    mountPath?: string;
    initialRouteEntries?: string[];
  },
) {
  const allowed = options.allowed ?? true;
  const authorize = (name: string) =>
    (typeof allowed === 'function' ? allowed(name) : allowed) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [imageServerApiRef, options.api],
          [permissionApiRef, mockApis.permission({ authorize: (req) => authorize(req.permission.name) })],
        ]}
      >
        {element}
      </TestApiProvider>
    </SWRConfig>,
    { mountPath: options.mountPath, initialRouteEntries: options.initialRouteEntries },
  );
}
