import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RiImage2Line } from '@remixicon/react';
import { z } from 'zod';
import { ImageServerClient, imageServerApiRef } from './api';
import { isImageServerAvailable } from './components/Entity/annotations';
import { rootRouteRef } from './routes';

/** The portal backend client. @alpha */
export const imageServerApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: imageServerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef, identityApi: identityApiRef },
      factory: (deps) => new ImageServerClient(deps),
    }),
});

/**
 * The image servers page at `/image-servers`. `refreshIntervalSeconds` sets the list's default
 * refresh interval (app-config: `app.extensions: [{ 'page:image-server': { config: { refreshIntervalSeconds: 30 } } }]`).
 *
 * @alpha
 */
export const imageServersPage = PageBlueprint.makeWithOverrides({
  configSchema: {
    refreshIntervalSeconds: z.number().int().min(0).max(3600).default(10),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/image-servers',
      title: 'Image servers',
      icon: <RiImage2Line />,
      routeRef: rootRouteRef,
      loader: () =>
        import('./components/ImageServersPage').then((m) => (
          <m.ImageServersPage refreshIntervalSeconds={config.refreshIntervalSeconds} />
        )),
    });
  },
});

/** Entity tab for entities annotated `imageserver.dev/name`. @alpha */
export const entityImageServerContent = EntityContentBlueprint.make({
  params: {
    path: '/image-server',
    title: 'Image server',
    filter: isImageServerAvailable,
    loader: () => import('./components/Entity').then((m) => <m.EntityImageServerContent />),
  },
});

/** Entity overview card for entities annotated `imageserver.dev/name`. @alpha */
export const entityImageServerCard = EntityCardBlueprint.make({
  params: {
    filter: isImageServerAvailable,
    loader: () => import('./components/Entity').then((m) => <m.EntityImageServerCard />),
  },
});

/**
 * The image-server plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'image-server',
  title: 'Image servers',
  icon: <RiImage2Line />,
  routes: { root: rootRouteRef },
  extensions: [imageServerApi, imageServersPage, entityImageServerContent, entityImageServerCard],
});
