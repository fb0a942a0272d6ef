import type { CustomResourceDefinition } from '../resources/kubeTypes';
import { GROUP, KIND, PLURAL, SHORT_NAME, SINGULAR, VERSION } from './types';
import { imageServerSchema } from './schema';

/**
 * The ImageServer CustomResourceDefinition: namespaced, status subresource, printer columns.
 * `config/crd/` and `install.yaml` are generated from this by `npm run generate -w operator`.
 */
export function buildCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${PLURAL}.${GROUP}`,
      labels: {
        'app.kubernetes.io/name': 'imageserver-operator',
        'app.kubernetes.io/part-of': 'imageserver',
      },
    },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: {
        kind: KIND,
        listKind: `${KIND}List`,
        plural: PLURAL,
        singular: SINGULAR,
        shortNames: [SHORT_NAME],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'Replicas', type: 'integer', jsonPath: '.status.readyReplicas' },
            { name: 'URL', type: 'string', jsonPath: '.status.url' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          // The schema type is structurally the same as V1JSONSchemaProps; the cast only bridges
          // the client's camelCase property names for the x-kubernetes-* extensions.
          schema: { openAPIV3Schema: imageServerSchema as never },
        },
      ],
    },
  };
}
