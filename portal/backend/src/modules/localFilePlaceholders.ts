import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  type PlaceholderResolverParams,
} from '@backstage/plugin-catalog-node';

/**
 * Resolves `$text` placeholders of entities read from local `file` locations, which the
 * catalog's URL readers cannot (there is no reader for local paths), so that the API entity in
 * catalog-info.yaml gets `./server/openapi.json` in the local portal exactly as it would from a
 * repository URL. Only files under `root` are read; URL locations keep the default behaviour.
 */
export function createTextResolver(root: string) {
  const rootDir = path.resolve(root);
  return async ({ key, value, baseUrl, read, resolveUrl }: PlaceholderResolverParams) => {
    if (typeof value !== 'string') {
      throw new Error(
        `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
      );
    }
    if (!path.isAbsolute(baseUrl)) return (await read(resolveUrl(value, baseUrl))).toString('utf-8');
    const file = path.resolve(path.dirname(baseUrl), value);
    if (file !== rootDir && !file.startsWith(`${rootDir}${path.sep}`)) {
      throw new Error(`Placeholder $${key} may only read files inside ${rootDir}, not ${file}`);
    }
    return readFile(file, 'utf-8');
  };
}

/** The repository root: the backend runs in portal/backend. */
const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');

/** Catalog module of the local portal that reads `$text` files of local catalog files. */
export const catalogModuleLocalFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-file-placeholders',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addPlaceholderResolver('text', createTextResolver(REPOSITORY_ROOT));
      },
    });
  },
});
