import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { BackendImageServerProvisioner, createImageServerAction } from './actions';

/** Adds `imageserver:create` to the scaffolder. */
export const scaffolderModuleImageServer = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'image-server',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createImageServerAction({ provisioner: new BackendImageServerProvisioner(discovery, auth) }),
        );
      },
    });
  },
});
