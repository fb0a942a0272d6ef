import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { ImageServerClient, imageServerApiRef } from './api';
import { legacyEntityContentRouteRef, legacyRootRouteRef } from './routes';

/**
 * The image-server plugin for apps on the old frontend system; new apps use the `./alpha` entry.
 *
 * @public
 */
export const imageServerPlugin = createPlugin({
  id: 'image-server',
  routes: { root: legacyRootRouteRef },
  apis: [
    createApiFactory({
      api: imageServerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef, identityApi: identityApiRef },
      factory: (deps) => new ImageServerClient(deps),
    }),
  ],
});

/** The image servers page (list, create, server pages). @public */
export const ImageServersPage = imageServerPlugin.provide(
  createRoutableExtension({
    name: 'ImageServersPage',
    component: () => import('./components/ImageServersPage').then((m) => m.ImageServersPage),
    mountPoint: legacyRootRouteRef,
  }),
);

/** Entity tab content; shows MissingAnnotationEmptyState for entities without `imageserver.dev/name`. @public */
export const EntityImageServerContent = imageServerPlugin.provide(
  createRoutableExtension({
    name: 'EntityImageServerContent',
    component: () => import('./components/Entity').then((m) => m.EntityImageServerContent),
    mountPoint: legacyEntityContentRouteRef,
  }),
);

/** Entity overview card. @public */
export const EntityImageServerCard = imageServerPlugin.provide(
  createComponentExtension({
    name: 'EntityImageServerCard',
    component: { lazy: () => import('./components/Entity').then((m) => m.EntityImageServerCard) },
  }),
);
