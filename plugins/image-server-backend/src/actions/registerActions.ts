import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { serverRefToString } from '@imageserver/plugin-image-server-common';
import { provisionServer, type ProvisionDeps } from '../servers';

/**
 * Offers server creation in Backstage's actions registry (for MCP clients and other action
 * callers), with the same checks as `POST /servers`: permission, validation, owner.
 */
export function registerActions(registry: ActionsRegistryService, deps: ProvisionDeps): void {
  registry.register({
    name: 'create-image-server',
    title: 'Create an image server',
    description:
      'Creates an ImageServer resource (imageserver.dev/v1alpha1) in one of the clusters the portal manages. The spec follows the CRD: image, storage.bucket and database (managed: true or a secretRef) are required.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: (z) =>
        z.object({
          cluster: z.string().describe('Cluster name from imageServer.kubernetes.clusters'),
          namespace: z.string().describe('Namespace of the new ImageServer'),
          name: z.string().describe('Name of the new ImageServer (a DNS label)'),
          spec: z.record(z.unknown()).describe('The ImageServer spec, as in the CRD'),
          owner: z.string().optional().describe('Owning entity ref; defaults to the calling user'),
        }),
      output: (z) =>
        z.object({
          ref: z.string().describe('cluster/namespace/name of the new server'),
          owner: z.string().optional(),
          health: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const created = await provisionServer(deps, credentials, input);
      return {
        output: { ref: serverRefToString(created.ref), owner: created.owner, health: created.health },
      };
    },
  });
}
