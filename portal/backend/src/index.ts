/**
 * The local portal's Backstage backend (port 7007): the app, catalog, scaffolder with the
 * imageserver:create action, permissions, guest sign-in and the image-server plugin, on SQLite
 * in memory. Configuration: the root app-config.yaml.
 *
 * Permissions: the allow-all policy, because the local portal has one guest user. A real
 * deployment replaces it with a policy that uses `imageServerConditions.isImageServerOwner` from
 * `@imageserver/plugin-image-server-backend`.
 */
import { createBackend } from '@backstage/backend-defaults';
import appBackend from '@backstage/plugin-app-backend';
import authBackend from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionBackend from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import imageServerScaffolderModule from '@imageserver/plugin-scaffolder-backend-module-image-server';
import imageServerBackend from '@imageserver/plugin-image-server-backend';
import { catalogModuleLocalFilePlaceholders } from './modules/localFilePlaceholders';

const backend = createBackend();

backend.add(appBackend);
backend.add(authBackend);
backend.add(guestProvider);
backend.add(catalogBackend);
backend.add(scaffolderEntityModel);
backend.add(catalogModuleLocalFilePlaceholders);
backend.add(permissionBackend);
backend.add(allowAllPolicy);
backend.add(scaffolderBackend);
backend.add(imageServerScaffolderModule);
backend.add(imageServerBackend);

backend.start();
