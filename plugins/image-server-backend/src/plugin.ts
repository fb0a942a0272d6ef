import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerActions } from './actions';
import { imageServerPermissions, parseServerRef } from '@imageserver/plugin-image-server-common';
import { readImageServerConfig } from './config';
import { ClusterClient, buildKubeConfig } from './kubernetes';
import { imageServerResourceRef, imageServerRules } from './permissions';
import { createRouter } from './router';
import { ServerDirectory } from './servers';

/**
 * The image-server backend plugin (`/api/image-server`): lists, creates and deletes ImageServer
 * resources in the configured clusters, serves the static servers from config, proxies uploads
 * and image reads, and reports health and metrics. Every route is checked with the permission
 * framework.
 */
export const imageServerPlugin = createBackendPlugin({
  pluginId: 'image-server',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        userInfo,
        permissions,
        permissionsRegistry,
        actionsRegistry,
      }) {
        const settings = readImageServerConfig(config);
        const clusters = new Map(
          settings.clusters.map((c) => [
            c.name,
            new ClusterClient(c.name, buildKubeConfig(c), {
              timeoutMs: settings.requestTimeoutMs,
              namespaces: c.namespaces,
            }),
          ]),
        );
        if (clusters.size === 0) {
          logger.info(
            'No Kubernetes cluster configured (imageServer.kubernetes.clusters); serving static image servers only',
          );
        }
        const directory = new ServerDirectory(settings, clusters, logger);

        permissionsRegistry.addResourceType({
          resourceRef: imageServerResourceRef,
          permissions: imageServerPermissions,
          rules: Object.values(imageServerRules),
          getResources: async (refs) =>
            Promise.all(
              refs.map(async (r) => {
                // Unknown or malformed refs resolve to undefined: the framework then denies.
                const found = await Promise.resolve()
                  .then(() => directory.find(parseServerRef(r)))
                  .catch(() => undefined);
                return found && { ref: found.ref, owner: found.owner };
              }),
            ),
        });

        registerActions(actionsRegistry, { directory, permissions, userInfo });
        httpRouter.use(
          await createRouter({ directory, httpAuth, userInfo, permissions, permissionsRegistry, logger }),
        );
      },
    });
  },
});
