import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import imageServerPlugin from '@imageserver/plugin-image-server/alpha';
import { signInModule } from './signInModule';

/**
 * The local portal: catalog, scaffolder and the image-server plugin on the new frontend system,
 * with guest sign-in (the local backend enables the guest provider).
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, imageServerPlugin, signInModule],
});
