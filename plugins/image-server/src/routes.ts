import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';
import { createRouteRef } from '@backstage/frontend-plugin-api';

/** Root of the plugin's page in the new frontend system. @public */
export const rootRouteRef = createRouteRef();

/** Root of the plugin's page in apps on the old frontend system. @public */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'image-server' });

/** The entity tab in apps on the old frontend system. @public */
export const legacyEntityContentRouteRef = createLegacyRouteRef({ id: 'image-server:entity-content' });
