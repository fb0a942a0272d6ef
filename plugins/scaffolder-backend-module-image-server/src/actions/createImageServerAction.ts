import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  validateImageServerSpec,
  validateNamespace,
  validateServerName,
  type ImageServerSpec,
} from '@imageserver/plugin-image-server-common';
import type { ImageServerProvisioner } from './ImageServerProvisioner';

/**
 * Drops fields a template left empty: `''`, null and undefined, and objects left with nothing
 * in them. Templates fill every spec field from a parameter, and unfilled parameters render
 * empty; this keeps the spec to what the user chose, so the CRD's defaults apply to the rest.
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneEmpty).filter((v) => v !== undefined);
  if (value === null || value === '' || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, pruneEmpty(v)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The portal page of a server, as the frontend plugin routes it. */
export function serverPagePath(cluster: string, namespace: string, name: string): string {
  return `/image-servers/${[cluster, namespace, name].map(encodeURIComponent).join('/')}`;
}

/**
 * `imageserver:create`: creates an ImageServer resource in one of the portal's clusters. The
 * spec is checked against the CRD's schema and rules before anything is sent, so a template with
 * bad values fails with every problem named.
 *
 * @example
 * ```yaml
 * - id: create
 *   action: imageserver:create
 *   input: { cluster: dev, namespace: team-a, name: gallery, spec: { image: ..., storage: { bucket: ... }, database: { managed: true } } }
 * ```
 */
export function createImageServerAction(options: { provisioner: ImageServerProvisioner }) {
  return createTemplateAction({
    id: 'imageserver:create',
    // A dry run checks the input against the CRD and reports what would be created.
    supportsDryRun: true,
    description: 'Creates an ImageServer resource (imageserver.dev/v1alpha1) in a cluster the portal manages',
    examples: [
      {
        description: 'A server with a managed database and autoscaling',
        example: JSON.stringify({
          steps: [
            {
              id: 'create',
              action: 'imageserver:create',
              input: {
                cluster: 'dev',
                namespace: 'team-a',
                name: 'gallery',
                spec: {
                  image: 'ghcr.io/example/imageserver:1.0.0',
                  autoscaling: { minReplicas: 2, maxReplicas: 6 },
                  storage: { bucket: 'team-a-gallery' },
                  database: { managed: true },
                },
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        cluster: (z) => z.string().min(1).describe('Cluster name from imageServer.kubernetes.clusters'),
        namespace: (z) => z.string().min(1).describe('Namespace of the new ImageServer'),
        name: (z) => z.string().min(1).describe('Name of the new ImageServer (a DNS label)'),
        spec: (z) => z.record(z.unknown()).describe('The ImageServer spec, as in the CRD'),
        owner: (z) =>
          z.string().optional().describe('Owning entity ref; defaults to the user who runs the template'),
      },
      output: {
        cluster: (z) => z.string(),
        namespace: (z) => z.string(),
        name: (z) => z.string(),
        owner: (z) => z.string().optional(),
        serverUrl: (z) => z.string().describe("Path of the new server's page in the portal"),
      },
    },
    async handler(ctx) {
      const { cluster, namespace, name, owner } = ctx.input;
      const spec = (pruneEmpty(ctx.input.spec) ?? {}) as Record<string, unknown>;
      const problems = [
        ...validateNamespace(namespace),
        ...validateServerName(name),
        ...validateImageServerSpec(spec),
      ];
      if (problems.length > 0) throw new InputError(`Invalid image server: ${problems.join('; ')}`);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would create ImageServer ${namespace}/${name} in cluster ${cluster}`);
        ctx.output('cluster', cluster);
        ctx.output('namespace', namespace);
        ctx.output('name', name);
        if (owner) ctx.output('owner', owner);
        ctx.output('serverUrl', serverPagePath(cluster, namespace, name));
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      ctx.logger.info(`Creating ImageServer ${namespace}/${name} in cluster ${cluster}`);
      const created = await options.provisioner.create(
        // validateImageServerSpec passed: the value has the spec's shape.
        { cluster, namespace, name, spec: spec as unknown as ImageServerSpec, ...(owner ? { owner } : {}) },
        credentials,
      );
      ctx.output('cluster', created.ref.cluster);
      ctx.output('namespace', created.ref.namespace);
      ctx.output('name', created.ref.name);
      if (created.owner) ctx.output('owner', created.owner);
      ctx.output('serverUrl', serverPagePath(created.ref.cluster, created.ref.namespace, created.ref.name));
    },
  });
}
