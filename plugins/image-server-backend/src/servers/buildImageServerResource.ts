import {
  CREATED_BY_LABEL,
  IMAGE_SERVER_API_VERSION,
  IMAGE_SERVER_KIND,
  OWNER_ANNOTATION,
  type CreateServerRequest,
  type ImageServerResource,
} from '@imageserver/plugin-image-server-common';

/** The ImageServer object the portal creates: the requested spec, the owner recorded as an annotation. */
export function buildImageServerResource(request: CreateServerRequest, owner: string): ImageServerResource {
  return {
    apiVersion: IMAGE_SERVER_API_VERSION,
    kind: IMAGE_SERVER_KIND,
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels: { [CREATED_BY_LABEL]: 'backstage' },
      annotations: { [OWNER_ANNOTATION]: owner },
    },
    spec: request.spec,
  };
}
